"""Demo covering reports: every past visit's report, written, checked and issued through the
real workflow, and one correction (Dudley's first, whose Director and peer challenge member
are demo sign-ins), so the report page shows version 1 superseded by version 2. Dudley's second
audit, a year later, is issued like the others, and its report's "Since the last audit"
compares it with the first.

Issuing renders a PDF of some 60 pages and a Word file, 10 to 30 seconds a version on a
shared laptop: this is most of the time ``seed_demo`` takes on a fresh database.

Runs after ``audits.demodata.fieldwork``: the reports are composed from the fieldwork it
made. Each visit is replayed from the drafting stage with the service functions the pages call
(``start_report``, ``save_draft``, ``send_for_accuracy_check``, ``add_comment``,
``respond_to_comment``, ``issue_report``, ``reopen_for_correction``), which render and store
the PDF and Word files. The visit's status history already holds these moves at their dates
(``audits.demodata.visits``), so the moves the replay records take those dates and replace
them, and the visit goes back to the status it had (closed, for most). Issued versions cannot
be back-dated (they are written once), so they carry the date the demo was seeded.

Idempotent: a visit with an issued report is left alone, and the correction is made only while
its visit has a single version.
"""

from __future__ import annotations

from audits.models import StatusChange, Visit
from authorities.models import User

from . import builder, services
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


def _replay(visit: Visit, *, lead: User) -> IssuedReport:
    """Draft, accuracy check with one comment and its response, issue: version 1."""
    status = visit.status
    last_change = StatusChange.objects.filter(visit=visit).order_by("-pk").first()
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
    issued = services.issue_report(visit=visit, by=visit.coordinator)
    # The replayed moves take the dates the demo history gave them, and replace those rows.
    replayed = StatusChange.objects.filter(visit=visit, pk__gt=last_change.pk if last_change else 0)
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
    return issued


def _correct(visit: Visit, *, lead: User) -> IssuedReport:
    """Reopen the issued report, amend it, and issue version 2 with a note of what changed."""
    report = CoveringReport.objects.get(visit=visit)
    report = services.reopen_for_correction(report=report, by=visit.coordinator)
    _write(
        report,
        by=lead,
        summary_note="\n\nCorrected in version 2: the number of conversations with practitioners.",
    )
    return services.issue_report(visit=visit, by=visit.coordinator, correction_note=CORRECTION_NOTE)


def seed(*, password: str, out) -> list:
    visits = list(
        Visit.objects.filter(status__in=PAST)
        .select_related("host", "coordinator")
        .order_by("-first_day", "-pk")
    )
    # Dudley's first audit is corrected; its second, a year later, is issued once.
    to_correct = min(
        (v for v in visits if v.host.slug == CORRECTED_HOST),
        key=lambda v: (v.first_day, v.pk),
        default=None,
    )
    issued = corrected = 0
    for visit in visits:
        link = visit.auditor_links.select_related("auditor").order_by("-is_lead", "pk").first()
        if link is None or not visit.case_files.exists():
            continue
        if not IssuedReport.objects.filter(visit=visit).exists():
            _replay(visit, lead=link.auditor)
            issued += 1
        if visit == to_correct and IssuedReport.objects.filter(visit=visit).count() == 1:
            _correct(visit, lead=link.auditor)
            corrected += 1
    if visits:
        out.write(
            f"Reports: {issued} issued with their PDF and Word files"
            f"{f', {corrected} corrected as version 2' if corrected else ''}; "
            f"{IssuedReport.objects.count()} issued versions in all."
        )
    return []
