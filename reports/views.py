"""Covering report pages and downloads. Every one fetches through ``auditportal.access``."""

from __future__ import annotations

import hashlib

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from auditportal import access

from . import builder, docx, issuing, pdf, services
from .forms import CommentForm, ComposeForm, ConfirmForm, IssueForm, ResponseForm
from .models import (
    CoveringReport,
    DraftReportFile,
    IssuedReport,
    ReportComment,
    ReportVisit,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class StoredFileChanged(Exception):
    """An issued file no longer matches the SHA-256 recorded when it was issued."""


def _report_url(visit_pk: int, name: str = "report-detail") -> str:
    return reverse(f"reports:{name}", args=[visit_pk])


def _attachment(content: bytes, *, filename: str, file_format: str) -> HttpResponse:
    """A download: never cached, never sniffed, saved under a name the server made."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _posted(request):
    """The submitted data on a POST (even an empty one, such as a confirmation), else None."""
    return request.POST if request.method == "POST" else None


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def report_list(request):
    visits = (
        access.visible(request.user, ReportVisit)
        .select_related("host")
        .annotate(latest_version=Max("issued_reports__version"))
        .order_by("-first_day", "host__name")
    )
    return render(request, "reports/reportvisit_list.html", {"visits": visits})


def report_detail(request, visit_pk):
    visit = access.fetch(request.user, ReportVisit.objects.select_related("host"), pk=visit_pk)
    report = access.visible(request.user, CoveringReport).filter(visit_id=visit.pk).first()
    versions = (
        access.visible(request.user, IssuedReport)
        .filter(visit_id=visit.pk)
        .select_related("issued_by", "supersession__superseded_by")
    )
    comments = access.visible(request.user, ReportComment).filter(report__visit_id=visit.pk)
    return render(
        request,
        "reports/reportvisit_detail.html",
        {
            "visit": visit,
            "report": report,
            "versions": versions,
            "comment_count": comments.count(),
            "waiting_count": comments.filter(response="").count(),
            "writes": access.can_change(request.user, visit),
            "can_issue": access.can_create(request.user, IssuedReport, visit=visit),
            "can_comment": report is not None
            and access.can_create(request.user, ReportComment, report=report),
            "drafts": access.visible(request.user, DraftReportFile)
            .filter(visit_id=visit.pk)
            .exists(),
        },
    )


@require_POST
def report_start(request, visit_pk):
    visit = access.fetch(request.user, ReportVisit, edit=True, pk=visit_pk)
    try:
        services.start_report(visit=visit, by=request.user)
    except services.ReportWorkflowError as refusal:
        messages.error(request, str(refusal))
        return redirect(_report_url(visit.pk))
    return redirect(_report_url(visit.pk, "report-compose"))


@require_http_methods(["GET", "POST"])
def report_compose(request, visit_pk):
    report = access.fetch(
        request.user,
        CoveringReport.objects.select_related("visit__host"),
        edit=True,
        visit_id=visit_pk,
    )
    sections = list(report.sections.select_related("theme"))
    evidence = {theme.key: theme for theme in builder.build(report.visit).themes}
    initial = {"summary": report.summary, "version": report.version}
    form = ComposeForm(_posted(request), initial=initial, sections=sections, evidence=evidence)
    if form.is_valid():
        try:
            services.save_draft(
                report=report,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                sections=form.section_values(),
            )
        except services.ReportWorkflowError as refusal:
            form.add_error(None, str(refusal))
        else:
            form.record_confirmations(report, request.user)
            messages.success(request, "The draft has been saved.")
            return redirect(_report_url(visit_pk, "report-compose"))
    themes = [
        (s, evidence[s.theme.key], form.narrative_name(s), form.lines_name(s)) for s in sections
    ]
    return render(
        request,
        "reports/coveringreport_compose.html",
        {
            "report": report,
            "form": form,
            "themes": themes,
            "recommendations": builder.recommendations_of(report.visit),
        },
    )


def report_preview(request, visit_pk):
    report = access.fetch(
        request.user, CoveringReport.objects.select_related("visit"), visit_id=visit_pk
    )
    return render(
        request,
        "reports/coveringreport_preview.html",
        {"covering": report, "report": builder.build(report.visit, draft=True)},
    )


@require_http_methods(["GET", "POST"])
def report_send(request, visit_pk):
    report = access.fetch(request.user, CoveringReport, edit=True, visit_id=visit_pk)
    form = ConfirmForm(_posted(request))
    if form.is_valid():
        try:
            services.send_for_accuracy_check(report=report, by=request.user)
        except services.ReportWorkflowError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "The draft is with the council for the accuracy check.")
            return redirect(_report_url(visit_pk))
    return render(request, "reports/coveringreport_send.html", {"report": report, "form": form})


@require_http_methods(["GET", "POST"])
def report_accuracy_check(request, visit_pk):
    report = access.fetch(
        request.user, CoveringReport.objects.select_related("visit__host"), visit_id=visit_pk
    )
    comments = (
        access.visible(request.user, ReportComment)
        .filter(report=report)
        .select_related("author", "responded_by")
    )
    can_comment = access.can_create(request.user, ReportComment, report=report)
    sections = [(s.key, s.title) for s in builder.sections(report.visit)]
    form = CommentForm(_posted(request), sections=sections) if can_comment else None
    if request.method == "POST":
        access.require_create(request.user, ReportComment, report=report)
        if form.is_valid():
            try:
                comment = services.add_comment(
                    report=report,
                    by=request.user,
                    section_key=form.cleaned_data["section_key"],
                    text=form.cleaned_data["text"],
                )
            except services.ReportWorkflowError as refusal:
                form.add_error(None, str(refusal))
            else:
                form.record_confirmations(comment, request.user)
                messages.success(request, "Your comment has been sent to the audit team.")
                return redirect(_report_url(visit_pk, "report-accuracy-check"))
    context = {
        "report": report,
        "comments": comments,
        "form": form,
        "responds": access.can_change(request.user, report),
    }
    return render(request, "reports/coveringreport_accuracy_check.html", context)


@require_http_methods(["GET", "POST"])
def comment_respond(request, visit_pk, pk):
    comment = access.fetch(
        request.user,
        ReportComment.objects.select_related("report", "author"),
        edit=True,
        pk=pk,
        report__visit_id=visit_pk,
    )
    form = ResponseForm(_posted(request), instance=comment)
    if form.is_valid():
        try:
            services.respond_to_comment(
                comment=comment,
                by=request.user,
                response=form.cleaned_data["response"],
                resolved=form.cleaned_data["resolved"],
            )
        except services.ReportWorkflowError as refusal:
            form.add_error(None, str(refusal))
        else:
            form.record_confirmations(comment, request.user)
            messages.success(request, "Your response has been saved.")
            return redirect(_report_url(visit_pk, "report-accuracy-check"))
    context = {"comment": comment, "form": form}
    return render(request, "reports/reportcomment_respond.html", context)


@reauthentication_required
@require_http_methods(["GET", "POST"])
def report_issue(request, visit_pk):
    visit = access.fetch(request.user, ReportVisit.objects.select_related("host"), pk=visit_pk)
    access.require_create(request.user, IssuedReport, visit=visit)
    report = access.fetch(request.user, CoveringReport, visit_id=visit.pk)
    previous = visit.issued_reports.order_by("-version").first()
    initial = {"version": report.version, "correction_note": report.preparation_note}
    form = IssueForm(_posted(request), initial=initial, is_correction=bool(previous))
    if form.is_valid():
        try:
            asked = issuing.request_issue(
                visit=visit,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                correction_note=form.cleaned_data.get("correction_note", ""),
            )
        except services.ReportWorkflowError as refusal:
            form.add_error(None, str(refusal))
        else:
            _say_how_the_issue_went(request, asked, visit)
            return redirect(_report_url(visit.pk))
    context = {
        "visit": visit,
        "report": report,
        "previous": previous,
        "form": form,
        "data": builder.build(visit),
        "comment_count": report.comments.count(),
        "waiting": report.comments.filter(response="").count(),
    }
    return render(request, "reports/issuedreport_issue.html", context)


def _say_how_the_issue_went(request, report: CoveringReport, visit) -> None:
    """The worker may already have finished (the immediate backend): say what is true now."""
    if report.status == CoveringReport.Status.ISSUED:
        latest = visit.issued_reports.aggregate(v=Max("version"))["v"]
        messages.success(request, f"Version {latest} of the report has been issued.")
    elif not report.preparation_failed:  # a failure is shown, with its reason, on the page
        messages.success(
            request,
            "The report's PDF and Word files are being prepared. It is issued once both are "
            "stored; this page shows when.",
        )


@reauthentication_required
@require_http_methods(["GET", "POST"])
def report_correct(request, visit_pk):
    visit = access.fetch(request.user, ReportVisit, pk=visit_pk)
    access.require_create(request.user, IssuedReport, visit=visit)
    report = access.fetch(request.user, CoveringReport, visit_id=visit.pk)
    form = ConfirmForm(_posted(request))
    if form.is_valid():
        try:
            services.reopen_for_correction(report=report, by=request.user)
        except services.ReportWorkflowError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "The report is a draft again. Issue it when it is correct.")
            return redirect(_report_url(visit.pk, "report-compose"))
    return render(request, "reports/coveringreport_correct.html", {"visit": visit, "form": form})


def draft_download(request, visit_pk, file_format):
    report = access.fetch(request.user, DraftReportFile, visit_id=visit_pk)
    data = builder.build(report.visit, draft=True)
    content = pdf.render_pdf(data) if file_format == "pdf" else docx.render_docx(data)
    services.log_download(
        visit=report.visit,
        user=request.user,
        issued_report=None,
        file_format=file_format,
        ip_address=_client_ip(request),
    )
    filename = f"{builder.file_stem(report.visit, None)}.{file_format}"
    return _attachment(content, filename=filename, file_format=file_format)


def version_download(request, visit_pk, version, file_format):
    issued = access.fetch(
        request.user,
        IssuedReport.objects.select_related("visit"),
        visit_id=visit_pk,
        version=version,
    )
    stored, digest, size = issued.stored(file_format)
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as missing:
        raise StoredFileChanged(f"{stored.name} is missing") from missing
    # Serve only what was issued: bytes that no longer match their digest are never sent.
    if len(content) != size or hashlib.sha256(content).hexdigest() != digest:
        raise StoredFileChanged(f"{stored.name} does not match its SHA-256")
    services.log_download(
        visit=issued.visit,
        user=request.user,
        issued_report=issued,
        file_format=file_format,
        ip_address=_client_ip(request),
    )
    return _attachment(content, filename=issued.filename(file_format), file_format=file_format)
