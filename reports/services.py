"""The covering report's workflow: compose, accuracy check, issue, correct.

Each function is keyword-only, typed and atomic, and refuses a move that the workflow does
not allow with a ``ReportWorkflowError`` whose message tells the person what to do.

draft (team and coordinator) → factual accuracy check (host leaders comment, the team
responds and amends) → issued by the coordinator. A correction reopens the issued report as a
draft and issues it again as the next version; earlier versions stay as they were.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from audits.models import Theme, Visit
from audits.services.visits import advance_visit
from authorities.models import User

from . import builder, docx, pdf
from .models import (
    CoveringReport,
    DownloadLog,
    IssuedReport,
    ReportComment,
    ReportSection,
    Supersession,
    report_storage,
)
from .signals import report_issued

logger = logging.getLogger(__name__)

# The visit statuses in which the team may start the draft.
STARTABLE = {Visit.Status.ON_SITE, Visit.Status.DRAFTING}
RETRY_MESSAGE = (
    "The report could not be issued because its files could not be {what}. Nothing was "
    "issued and the report is still a draft. Try issuing it again in a few minutes; if it "
    "fails again, tell the service team."
)


class ReportWorkflowError(Exception):
    """A move the workflow refuses; the message is for the person who tried it."""


def _move_visit(visit: Visit, *, to: str, by: User, note: str = "") -> None:
    """Move the visit through its own status machine, so its guards, history and notices apply."""
    try:
        advance_visit(visit=visit, to=to, by=by, note=note)
    except ValidationError as error:
        raise ReportWorkflowError(" ".join(error.messages)) from error


def _locked_report(report: CoveringReport) -> CoveringReport:
    return CoveringReport.objects.select_for_update().select_related("visit").get(pk=report.pk)


@transaction.atomic
def start_report(*, visit: Visit, by: User) -> CoveringReport:
    """The visit's working report, made with a section for each theme if it has none yet."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    report = CoveringReport.objects.filter(visit=visit).first()
    if report is None:
        if visit.status not in STARTABLE:
            raise ReportWorkflowError(
                "The report can be started once the team is on site or drafting; "
                f"this visit is {visit.get_status_display().lower()}."
            )
        report = CoveringReport.objects.create(visit=visit, created_by=by, updated_by=by)
    have = set(report.sections.values_list("theme_id", flat=True))
    ReportSection.objects.bulk_create(
        ReportSection(report=report, theme=theme)
        for theme in Theme.objects.filter(tool_id=visit.tool_id, kind=Theme.Kind.PRACTICE).exclude(
            pk__in=have
        )
    )
    return report


@transaction.atomic
def save_draft(
    *,
    report: CoveringReport,
    by: User,
    expected_version: int,
    summary: str,
    sections: dict[int, dict[str, str]],
) -> CoveringReport:
    """Save the summary and each theme's text; refuse a save that started from an older version.

    ``sections`` maps a section's id to its ``narrative`` and ``lines_of_enquiry``.
    """
    report = _locked_report(report)
    if not report.is_editable:
        raise ReportWorkflowError(
            "This report has been issued. To change it, the coordinator issues a correction."
        )
    if report.is_preparing:
        raise ReportWorkflowError(
            "The issued files of this report are being prepared, so it cannot change now. Your "
            "text is still in the form: copy what you need. Once the report is issued, the "
            "coordinator can issue a correction."
        )
    if report.version != expected_version:
        raise ReportWorkflowError(
            "Someone else saved this report while you were editing it. Your text is still in "
            "the form: copy what you need, reload the page to see their changes, and save again."
        )
    report.summary = summary
    report.version += 1
    report.updated_by = by
    report.save(update_fields=["summary", "version", "updated_by", "updated_at"])
    for section in report.sections.filter(pk__in=sections.keys()):
        values = sections[section.pk]
        section.narrative = values.get("narrative", "")
        section.lines_of_enquiry = values.get("lines_of_enquiry", "")
        section.save(update_fields=["narrative", "lines_of_enquiry"])
    return report


@transaction.atomic
def send_for_accuracy_check(*, report: CoveringReport, by: User) -> CoveringReport:
    """Share the draft with the host's leaders: visit and report move to the accuracy check."""
    report = _locked_report(report)
    visit = Visit.objects.select_for_update().get(pk=report.visit_id)
    if report.status == CoveringReport.Status.ACCURACY_CHECK:
        raise ReportWorkflowError("The draft is already with the council for the accuracy check.")
    if report.status == CoveringReport.Status.ISSUED or visit.issued_reports.exists():
        raise ReportWorkflowError(
            "This report has been issued. A correction is issued by the coordinator without "
            "another accuracy check."
        )
    if visit.status != Visit.Status.DRAFTING:
        raise ReportWorkflowError(
            "The draft can go to the council once the visit is at the drafting stage; "
            f"this visit is {visit.get_status_display().lower()}."
        )
    if not report.summary.strip():
        raise ReportWorkflowError(
            "Write the summary of findings before sending the draft for the accuracy check."
        )
    report.status = CoveringReport.Status.ACCURACY_CHECK
    report.updated_by = by
    report.save(update_fields=["status", "updated_by", "updated_at"])
    _move_visit(visit, to=Visit.Status.ACCURACY_CHECK, by=by, note="Draft report sent")
    return report


@transaction.atomic
def add_comment(*, report: CoveringReport, by: User, section_key: str, text: str) -> ReportComment:
    """A host leader's comment on one section of the draft, during the accuracy check."""
    report = _locked_report(report)
    if report.status != CoveringReport.Status.ACCURACY_CHECK:
        raise ReportWorkflowError(
            "Comments can be made only while the draft is with the council for the accuracy check."
        )
    titles = {section.key: section.title for section in builder.sections(report.visit)}
    if section_key not in titles:
        raise ReportWorkflowError("Choose the part of the report your comment is about.")
    if not text.strip():
        raise ReportWorkflowError("Enter your comment.")
    return ReportComment.objects.create(
        report=report,
        section_key=section_key,
        section_title=titles[section_key],
        text=text,
        author=by,
    )


@transaction.atomic
def respond_to_comment(
    *, comment: ReportComment, by: User, response: str, resolved: bool
) -> ReportComment:
    """The team's answer to a comment, and whether it is dealt with."""
    comment = ReportComment.objects.select_for_update().select_related("report").get(pk=comment.pk)
    if not comment.report.is_editable:
        raise ReportWorkflowError("This report has been issued; its comments are closed.")
    if not response.strip():
        raise ReportWorkflowError("Enter the team's response.")
    comment.response = response
    comment.resolved = resolved
    comment.responded_by = by
    comment.responded_at = timezone.now()
    comment.save(update_fields=["response", "resolved", "responded_by", "responded_at"])
    return comment


@transaction.atomic
def reopen_for_correction(*, report: CoveringReport, by: User) -> CoveringReport:
    """Make an issued report a draft again, to be issued as the next version."""
    report = _locked_report(report)
    if report.status != CoveringReport.Status.ISSUED:
        raise ReportWorkflowError("Only an issued report can be corrected.")
    report.status = CoveringReport.Status.DRAFT
    report.updated_by = by
    report.version += 1
    report.save(update_fields=["status", "updated_by", "updated_at", "version"])
    return report


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issue_report(
    *,
    visit: Visit,
    by: User,
    correction_note: str = "",
    expected_version: int | None = None,
) -> IssuedReport:
    """Render the PDF and Word files once, store them with their SHA-256, and issue them.

    The visit row is locked while this runs, so two coordinators pressing Issue at once yield
    one version: the second finds the report already issued. If rendering or storing fails,
    any file already stored is removed, the transaction rolls back, and the report stays a
    draft; ``ReportWorkflowError`` says to try again.
    """
    stored: list[str] = []
    storage = report_storage()
    try:
        with transaction.atomic():
            issued = _issue(
                visit=visit,
                by=by,
                correction_note=correction_note.strip(),
                expected_version=expected_version,
                stored=stored,
            )
    except ReportWorkflowError:
        _remove(storage, stored)
        raise
    except IntegrityError as error:
        # The unique (visit, version) constraint backs the lock: someone else issued first.
        _remove(storage, stored)
        raise ReportWorkflowError(
            "Someone else issued this report at the same moment. Their version is on the "
            "report page; nothing more was issued."
        ) from error
    except OSError as error:
        _remove(storage, stored)
        logger.exception("Issuing the report of visit %s failed while storing", visit.pk)
        raise ReportWorkflowError(RETRY_MESSAGE.format(what="stored")) from error
    except Exception as error:
        _remove(storage, stored)
        logger.exception("Issuing the report of visit %s failed", visit.pk)
        raise ReportWorkflowError(RETRY_MESSAGE.format(what="made")) from error
    return issued


def _remove(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - the disk is in trouble; say so and go on
            logger.exception("Could not remove %s after a failed issue", name)


def _issue(
    *,
    visit: Visit,
    by: User,
    correction_note: str,
    expected_version: int | None,
    stored: list[str],
) -> IssuedReport:
    # Lock the visit first: every issue of this visit queues here and re-checks below.
    visit = Visit.objects.select_for_update().select_related("host").get(pk=visit.pk)
    report = CoveringReport.objects.select_for_update().filter(visit=visit).first()
    previous = check_issuable(
        visit=visit,
        report=report,
        correction_note=correction_note,
        expected_version=expected_version,
    )
    number = (IssuedReport.objects.filter(visit=visit).aggregate(v=Max("version"))["v"] or 0) + 1
    data = builder.build(visit, draft=False)  # its cover says version ``number``
    pdf_bytes = pdf.render_pdf(data)
    docx_bytes = docx.render_docx(data)
    stem = builder.file_stem(visit, number)
    storage = report_storage()
    names = {}
    for file_format, content in (("pdf", pdf_bytes), ("docx", docx_bytes)):
        name = storage.save(f"reports/visit-{visit.pk}/{stem}.{file_format}", ContentFile(content))
        stored.append(name)
        names[file_format] = name

    issued = IssuedReport.objects.create(
        visit=visit,
        version=number,
        issued_by=by,
        correction_note=correction_note,
        file_stem=stem,
        pdf_file=names["pdf"],
        pdf_sha256=_sha256(pdf_bytes),
        pdf_size=len(pdf_bytes),
        docx_file=names["docx"],
        docx_sha256=_sha256(docx_bytes),
        docx_size=len(docx_bytes),
    )
    if previous is not None:
        Supersession.objects.create(superseded=previous, superseded_by=issued)
    report_issued.send(sender=IssuedReport, visit=visit, issued=issued)
    report.status = CoveringReport.Status.ISSUED
    report.updated_by = by
    report.preparation, report.preparation_failure, report.preparation_note = "", "", ""
    report.save(
        update_fields=[
            "status",
            "updated_by",
            "updated_at",
            "preparation",
            "preparation_failure",
            "preparation_note",
        ]
    )
    if visit.status == Visit.Status.ACCURACY_CHECK:
        _move_visit(visit, to=Visit.Status.ISSUED, by=by, note=f"Report version {number} issued")
    return issued


def check_issuable(
    *,
    visit: Visit,
    report: CoveringReport | None,
    correction_note: str,
    expected_version: int | None,
) -> IssuedReport | None:
    """Refuse an issue the workflow does not allow; else the version it corrects, if any.

    Called with the visit and report locked, when issuing is asked for and again when the
    worker issues, since the draft may have moved on in between.
    """
    previous = IssuedReport.objects.filter(visit=visit).order_by("-version").first()
    if report is None:
        raise ReportWorkflowError("There is no draft report to issue yet.")
    if report.status == CoveringReport.Status.ISSUED:
        raise ReportWorkflowError(
            f"This report has already been issued as version {previous.version if previous else 1}."
            " To change it, start a correction."
        )
    if expected_version is not None and report.version != expected_version:
        raise ReportWorkflowError(
            "The draft has changed since you checked it. Check it again before issuing."
        )
    if previous is None:
        if visit.status != Visit.Status.ACCURACY_CHECK or (
            report.status != CoveringReport.Status.ACCURACY_CHECK
        ):
            raise ReportWorkflowError(
                "The council checks the draft for factual accuracy before it is issued. "
                "Send it for the accuracy check first."
            )
        if correction_note:
            raise ReportWorkflowError("A correction note is only for a corrected version.")
    elif not correction_note:
        raise ReportWorkflowError(
            "Say what this correction changes: the note is shown beside the new version."
        )
    waiting = report.comments.filter(response="").count()
    if waiting:
        raise ReportWorkflowError(
            f"Respond to every accuracy-check comment before issuing: {waiting} "
            f"{'has' if waiting == 1 else 'have'} no response yet."
        )
    return previous


def log_download(
    *,
    visit: Visit,
    user: User,
    issued_report: IssuedReport | None,
    file_format: str,
    ip_address: str | None,
) -> DownloadLog:
    """Record one download: who, when, which version (or the draft) and format, from where."""
    return DownloadLog.objects.create(
        visit=visit,
        user=user,
        issued_report=issued_report,
        is_draft=issued_report is None,
        file_format=file_format,
        ip_address=ip_address,
    )
