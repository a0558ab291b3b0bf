"""Regional learning: the dashboard, a host council's own view, the exports, the learning
actions register with the coordinator's follow-ups, and the annual regional summary."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from auditportal import access, dates
from audits.models import LearningAction
from authorities.models import User

from . import council, council_since, exports, register, source
from . import dashboard as regional
from . import summary as annual
from .downloads import as_attachment
from .forms import ActionFilterForm, FollowUpForm, LearningFilterForm
from .models import ExportLog, LearningFollowUp
from .policies import (
    downloads_regional_summary,
    reads_action_register,
    reads_regional_learning,
)

REFUSED = "Regional learning is for the region's coordinators, PSWs, tool owners and leaders."


def _filters(request):
    """The filter form and what it asks for; a form with errors falls back to every year."""
    access.require(reads_regional_learning(request.user), REFUSED)
    options = source.options_for(request.user)
    form = LearningFilterForm(request.GET or None, options=options)
    return form, form.filters(), options


@require_GET
def dashboard(request):
    form, filters, options = _filters(request)
    board = regional.build_dashboard(request.user, filters, options=options)
    return render(
        request,
        "learning/dashboard.html",
        {
            "form": form,
            "board": board,
            "query": request.GET.urlencode(),
            "summary_years": options.years if downloads_regional_summary(request.user) else [],
        },
    )


@require_GET
def my_council(request):
    access.require(
        request.user.role in User.HOST_ROLES and request.user.home_authority_id is not None,
        "This page shows a council's own results to its PSW, director and assistant director.",
    )
    form, filters, options = _filters(request)
    view = council.build_council_view(request.user, filters, options=options)
    actions = register.council_status(request.user)
    since = council_since.latest_since(request.user)
    return render(
        request,
        "learning/my_council.html",
        {"form": form, "view": view, "actions": actions, "since": since},
    )


def _download(request, fmt: str, content_type: str) -> HttpResponse:
    _form, filters, options = _filters(request)
    access.require_create(request.user, ExportLog)
    export = exports.build_export(request.user, filters, options=options)
    ExportLog.objects.create(
        by=request.user,
        region_id=request.user.region_id,
        format=fmt,
        year_from=export.filters.year_from,
        year_to=export.filters.year_to,
        tool_id=export.filters.tool_id,
        rows=len(export.rows),
        named=export.named,
    )
    # CSV goes out a few hundred rows at a time; a workbook is a zip, whole or nothing.
    response = (
        StreamingHttpResponse(exports.csv_chunks(export), content_type=content_type)
        if fmt == "csv"
        else HttpResponse(exports.to_xlsx(export), content_type=content_type)
    )
    return as_attachment(response, export.filename(fmt))


@reauthentication_required
@require_GET
def export_csv(request):
    return _download(request, "csv", "text/csv; charset=utf-8")


@reauthentication_required
@require_GET
def export_xlsx(request):
    return _download(
        request, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


# --- Learning actions register ------------------------------------------------------------


@require_GET
def action_register(request):
    user = request.user
    access.require(
        reads_action_register(user),
        "The learning actions register is for auditors, their councils' leaders and coordinators.",
    )
    form = ActionFilterForm(request.GET or None, councils=register.council_choices(user))
    actions = form.apply(access.visible(user, LearningAction))
    groups = register.by_council(register.with_follow_up(user, actions))
    return render(
        request,
        "learning/action_register.html",
        {
            "form": form,
            "groups": groups,
            "total": sum(len(group.actions) for group in groups),
            "overdue": sum(group.overdue for group in groups),
            "filtered": form.is_bound,
            "can_add": access.can_create(user, LearningAction),
        },
    )


@require_http_methods(["GET", "POST"])
def action_follow_up(request, pk):
    action = access.fetch(request.user, LearningAction, pk=pk)
    access.require_create(request.user, LearningFollowUp, action=action)
    form = FollowUpForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            follow_up = LearningFollowUp.objects.create(
                action=action, by=request.user, note=form.cleaned_data["note"].strip()
            )
            form.record_confirmations(follow_up, by=request.user)
        messages.success(request, f"Your follow-up with {action.owner} has been saved.")
        return redirect(f"{reverse('learning:action-register')}?council={action.council_id}")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Record a follow-up",
            "caption": f"{action.council}: {action.owner}",
            "lead": f"{action.action} (due by {dates.day(action.due_on)}; "
            f"{action.get_status_display().lower()}).",
            "back_url": reverse("learning:action-register"),
        },
    )


# --- Annual regional summary --------------------------------------------------------------

SUMMARY_FORMATS = {
    "pdf": (ExportLog.Format.SUMMARY_PDF, "application/pdf", annual.render_pdf),
    "docx": (
        ExportLog.Format.SUMMARY_DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        annual.render_docx,
    ),
}


def _summary_download(request, year: int, extension: str) -> HttpResponse:
    user = request.user
    access.require(
        downloads_regional_summary(user),
        "The annual regional summary is for the region's coordinators, directors and "
        "assistant directors.",
    )
    access.require_create(user, ExportLog)
    log_format, content_type, render_file = SUMMARY_FORMATS[extension]
    summary = annual.build_summary(region=user.region, year=year)
    data = render_file(summary)
    ExportLog.objects.create(
        by=user,
        region_id=user.region_id,
        format=log_format,
        year_from=year,
        year_to=year,
        rows=summary.audits,
        named=False,
    )
    return as_attachment(HttpResponse(data, content_type=content_type), summary.filename(extension))


@reauthentication_required
@require_GET
def summary_pdf(request, year):
    return _summary_download(request, year, "pdf")


@reauthentication_required
@require_GET
def summary_docx(request, year):
    return _summary_download(request, year, "docx")
