"""Issuing through the task worker: the page asks, the worker renders, stores and issues.

Rendering the PDF and Word files takes seconds to tens of seconds, too long for a web request.
``request_issue`` checks what the coordinator asked for (the same rules as issuing), marks the
report's files as being prepared and enqueues ``prepare_issued_files`` in the same
transaction, so a worker never sees a request that was rolled back. The worker calls
``complete_issue``, which issues through ``services.issue_report``: the visit moves to issued
only once both files are stored with their SHA-256. If that fails, the report stays as it was
(a draft, or with the council for the accuracy check) and keeps the reason for the report page;
the coordinator tries again from the issue page.

Two requests for the same version never give two issued versions: a second request is refused
while the first is queued, the worker issues only a version still queued, and the visit lock
and the unique (visit, version) constraint of ``services.issue_report`` stand behind both.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from audits.models import Visit
from authorities.models import User

from . import services
from .models import CoveringReport, Preparation

logger = logging.getLogger(__name__)

ALREADY_PREPARING = (
    "The files of this report are already being prepared. The report page shows when they are "
    "ready; nothing more needs doing."
)


@transaction.atomic
def mark_for_issue(
    *, visit: Visit, by: User, correction_note: str = "", expected_version: int | None = None
) -> CoveringReport:
    """Check the issue is allowed and record who asked for it; the caller enqueues the task."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    report = CoveringReport.objects.select_for_update().filter(visit=visit).first()
    if report is not None and report.is_preparing:
        raise services.ReportWorkflowError(ALREADY_PREPARING)
    services.check_issuable(
        visit=visit,
        report=report,
        correction_note=correction_note.strip(),
        expected_version=expected_version,
    )
    report.preparation = Preparation.QUEUED
    report.preparation_by = by
    report.preparation_at = timezone.now()
    report.preparation_note = correction_note.strip()
    report.preparation_failure = ""
    report.save(
        update_fields=[
            "preparation",
            "preparation_by",
            "preparation_at",
            "preparation_note",
            "preparation_failure",
        ]
    )
    return report


@transaction.atomic
def request_issue(
    *, visit: Visit, by: User, correction_note: str = "", expected_version: int | None = None
) -> CoveringReport:
    """Ask the task worker to render, store and issue the report; returns it as it is now.

    On the immediate task backend (tests, ``manage.py`` by hand) the worker's part runs
    before this returns, so the report comes back issued, or with the reason it failed.
    """
    report = mark_for_issue(
        visit=visit, by=by, correction_note=correction_note, expected_version=expected_version
    )
    prepare_issued_files.enqueue(visit_id=visit.pk, version=report.version)
    report.refresh_from_db()
    return report


def complete_issue(*, visit_id: int, version: int) -> str:
    """The worker's part: issue the version asked for, or keep the reason it could not be."""
    report = (
        CoveringReport.objects.select_related("visit", "preparation_by")
        .filter(visit_id=visit_id)
        .first()
    )
    if report is None or not report.is_preparing or report.version != version:
        # Asked twice, or the request was overtaken: what was asked for is done or refused.
        return "nothing to prepare"
    try:
        issued = services.issue_report(
            visit=report.visit,
            by=report.preparation_by,
            correction_note=report.preparation_note,
            expected_version=version,
        )
    except services.ReportWorkflowError as refusal:
        failed = CoveringReport.objects.filter(
            pk=report.pk, preparation=Preparation.QUEUED, version=version
        ).update(preparation=Preparation.FAILED, preparation_failure=str(refusal))
        logger.warning("The files of the report of visit %s were not issued: %s", visit_id, refusal)
        return "failed" if failed else "nothing to prepare"
    return f"issued version {issued.version}"


@task()
def prepare_issued_files(*, visit_id: int, version: int) -> str:
    """The task: render the files of the version the coordinator issued, store them, issue.

    It takes ids and the version asked for, not objects, and re-reads the report, so a task
    that arrives twice or late finds the work done and does nothing.
    """
    return complete_issue(visit_id=visit_id, version=version)
