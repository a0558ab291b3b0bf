"""Demo covering reports: every past visit's report, written, checked and issued through the
real workflow, and one correction (Dudley's first, whose Director and peer challenge member
are demo sign-ins), so the report page shows version 1 superseded by version 2. Dudley's second
audit, a year later, is issued like the others, and its report's "Since the last audit"
compares it with the first.

Issuing renders a PDF of some 60 pages and a Word file, 10 to 30 seconds a version on a
shared laptop, so the demo asks the task worker for them as the issue page does:
``seed_demo`` replays each visit from the drafting stage with the service functions the pages
call (``start_report``, ``save_draft``, ``send_for_accuracy_check``, ``add_comment``,
``respond_to_comment``, then ``issuing.mark_for_issue``) and enqueues
``prepare_demo_report``. The worker issues the report, then ``settle`` gives the
moves the replay recorded the dates the demo history (``audits.demodata.visits``) gave them,
puts the visit back to the status it had (closed, for most), and asks for Dudley's correction.
Issued versions cannot be back-dated (they are written once), so they carry the date the
worker issued them.

Idempotent: a visit whose report exists (being prepared, failed or issued) is not replayed
again, and the correction is asked for only while its visit has a single issued version.
"""

from __future__ import annotations

from django_tasks import task

from auditportal import notices
from audits.models import StatusChange, Visit
from authorities.models import User

from . import builder, issuing, services
from .models import CoveringReport, IssuedReport

PAST = (Visit.Status.ISSUED, Visit.Status.CLOSED)
CORRECTED_HOST = "dudley"
CORRECTION_NOTE = (
    "Corrected the number of conversations with practitioners in the summary, as the council "
    "pointed out after the report was issued."
)


def _summary(data: builder.Report) -> str:
    """The summary of findings a team would write, from the report's own figures."""
    rated = [theme for theme in data.themes if theme.answers.counted]
    strongest = max(rated, key=lambda theme: theme.answers.best_percent or 0, default=None)
    weakest = min(rated, key=lambda theme: theme.answers.best_percent or 0, default=None)
    differ = [t.title.lower() for t in data.themes if t.triangulation.verdict == "Diverge"]
    talks = ", ".join(f"{c.count} with {c.group}" for c in data.scope.conversations)
    paragraphs = [
        f"We audited {data.scope.case_count} case files over two days and held conversations "
        f"({talks or 'none recorded'}). Practice was respectful and person-centred in most "
        f"files: {data.answers.best_percent}% of all ratings were at the best level, and "
        f"{data.answers.not_evidenced} were not evidenced on file.",
    ]
    if strongest and weakest and strongest != weakest:
        paragraphs.append(
            f"The strongest theme was {strongest.title.lower()} "
            f"({strongest.answers.best_percent}% at the best level); the weakest was "
            f"{weakest.title.lower()} ({weakest.answers.best_percent}%)."
        )
    if differ:
        paragraphs.append(
            "Leaders, practitioners and the files told different stories on "
            f"{', '.join(differ[:3])}: these are the lines of enquiry we suggest the peer "
            "challenge team follows first."
        )
    return "\n\n".join(paragraphs)


# What a team writes about how the people they met saw a theme, by the triangulation verdict.
HEARD = {
    "Agree": "What leaders and practitioners told us matched what we read in the files.",
    "Partly agree": "What leaders and practitioners told us was close to what we read in the "
    "files, with some difference of emphasis.",
    "Diverge": "What we were told did not match what we read in the files; the lines of "
    "enquiry below suggest where the peer challenge team might look.",
    "Not enough evidence": "Our conversations did not reach this theme with everyone, so the "
    "files carry most of the weight here.",
}


def _narrative(theme) -> str:
    """The team's own words on a theme: the figures and what people said, leaving the
    strengths and areas for development to their lists below."""
    answers = theme.answers
    if not answers.counted:
        return builder.suggested_narrative(theme)
    return (
        f"Across {answers.counted} ratings on this theme, {answers.best_percent}% were at the "
        f"best level and {answers.not_evidenced} were not evidenced on file. "
        + HEARD[theme.triangulation.verdict]
    )


def _host_leader(visit: Visit) -> User | None:
    """Who comments during the accuracy check: the Director, else the council's PSW."""
    people = User.objects.filter(home_authority_id=visit.host_id, is_active=True)
    return (
        people.filter(role=User.Role.DIRECTOR).order_by("pk").first()
        or people.filter(role=User.Role.PSW).order_by("pk").first()
    )


def _write(report: CoveringReport, *, by: User, summary_note: str = "") -> CoveringReport:
    data = builder.build(report.visit)
    by_key = {theme.key: theme for theme in data.themes}
    sections = {
        section.pk: {
            "narrative": section.narrative or _narrative(by_key[section.theme.key]),
            "lines_of_enquiry": section.lines_of_enquiry
            or builder.suggested_lines_of_enquiry(by_key[section.theme.key]),
        }
        for section in report.sections.select_related("theme")
    }
    return services.save_draft(
        report=report,
        by=by,
        expected_version=report.version,
        summary=_summary(data) + summary_note,
        sections=sections,
    )


def _queue(visit: Visit, *, status: str, after_change: int, correction_note: str = "") -> None:
    """Ask the task worker for the files, as the issue page does, with what settles them."""
    report = issuing.mark_for_issue(
        visit=visit, by=visit.coordinator, correction_note=correction_note
    )
    prepare_demo_report.enqueue(
        visit_id=visit.pk, version=report.version, status=status, after_change=after_change
    )


@task()
def prepare_demo_report(*, visit_id: int, version: int, status: str, after_change: int) -> str:
    """The worker's part for a demo report: issue it, then settle the visit's history."""
    with notices.suppressed():  # made-up history tells nobody, on the worker as in seed_demo
        outcome = issuing.complete_issue(visit_id=visit_id, version=version)
        settle(visit_id=visit_id, status=status, after_change=after_change)
    return outcome


def _last_change(visit: Visit) -> int:
    last = StatusChange.objects.filter(visit=visit).order_by("-pk").first()
    return last.pk if last else 0


def _replay(visit: Visit, *, lead: User) -> None:
    """Draft, accuracy check with one comment and its response, and issue asked for."""
    status, after_change = visit.status, _last_change(visit)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.DRAFTING)
    visit.refresh_from_db()
    report = services.start_report(visit=visit, by=lead)
    report = _write(report, by=lead)
    report = services.send_for_accuracy_check(report=report, by=lead)
    leader = _host_leader(visit)
    if leader is not None:
        first_theme = builder.sections(visit)[2]
        comment = services.add_comment(
            report=report,
            by=leader,
            section_key=first_theme.key,
            text="The sample dates are right, but our front door now answers most calls within "
            "the day; please say the new arrangements started during the audit period.",
        )
        services.respond_to_comment(
            comment=comment,
            by=lead,
            response="Thank you: we have added that the new arrangements started in the period.",
            resolved=True,
        )
    _queue(visit, status=status, after_change=after_change)


def settle(*, visit_id: int, status: str, after_change: int) -> None:
    """Once the worker has issued a demo report: the replayed moves take the dates the demo
    history gave them and replace those rows, the visit goes back to the status it had, and
    Dudley's report gets its correction."""
    visit = Visit.objects.select_related("host", "coordinator").get(pk=visit_id)
    if not IssuedReport.objects.filter(visit=visit).exists():
        return  # the files failed: the visit waits at the accuracy check for a retry
    replayed = StatusChange.objects.filter(visit=visit, pk__gt=after_change)
    for change in replayed:
        planned = (
            StatusChange.objects.filter(visit=visit, to_status=change.to_status, pk__lt=change.pk)
            .order_by("pk")
            .first()
        )
        if planned is not None:
            StatusChange.objects.filter(pk=change.pk).update(at=planned.at)
            planned.delete()
    Visit.objects.filter(pk=visit.pk).update(status=status)
    _correct_if_due(visit)


def _lead(visit: Visit) -> User | None:
    link = visit.auditor_links.select_related("auditor").order_by("-is_lead", "pk").first()
    return link.auditor if link else None


def _is_corrected_in_the_demo(visit: Visit) -> bool:
    """Dudley's first audit is the one corrected; its second, a year later, is issued once."""
    first = (
        Visit.objects.filter(host__slug=CORRECTED_HOST)
        .order_by("first_day", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return visit.pk == first


def _correct_if_due(visit: Visit) -> bool:
    """Dudley's first issued report gets one correction, asked for once its version 1 is
    issued."""
    report = CoveringReport.objects.filter(visit=visit).first()
    if (
        visit.host.slug != CORRECTED_HOST
        or not _is_corrected_in_the_demo(visit)
        or report is None
        or report.status != CoveringReport.Status.ISSUED
        or IssuedReport.objects.filter(visit=visit).count() != 1
    ):
        return False
    report = services.reopen_for_correction(report=report, by=visit.coordinator)
    _write(
        report,
        by=_lead(visit),
        summary_note="\n\nCorrected in version 2: the number of conversations with practitioners.",
    )
    _queue(
        visit,
        status=visit.status,
        after_change=_last_change(visit),
        correction_note=CORRECTION_NOTE,
    )
    return True


def seed(*, password: str, out) -> list:
    visits = list(
        Visit.objects.filter(status__in=PAST)
        .select_related("host", "coordinator")
        # Oldest first, so the worker issues a council's earlier audit before the later one
        # whose "Since the last audit" compares with it.
        .order_by("first_day", "pk")
    )
    asked = corrected = 0
    for visit in visits:
        lead = _lead(visit)
        if lead is None or not visit.case_files.exists():
            continue
        if not CoveringReport.objects.filter(visit=visit).exists():
            _replay(visit, lead=lead)
            asked += 1
        corrected += _correct_if_due(visit)
    out.write(
        f"Reports: {asked + corrected} asked of the task worker "
        f"({IssuedReport.objects.count()} issued versions so far); the report pages show "
        "them as being prepared until `manage.py db_worker` has made their files."
    )
    return []
