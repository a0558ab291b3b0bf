"""Regional learning: the dashboard, a host council's own view, and the exports."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from auditportal import access
from authorities.models import User

from . import exports, learning
from .forms_learning import LearningFilterForm
from .models_learning import ExportLog
from .policies_learning import reads_regional_learning

REFUSED = "Regional learning is for the region's coordinators, PSWs, tool owners and leaders."


def _filters(request):
    """The filter form and what it asks for; a form with errors falls back to every year."""
    access.require(reads_regional_learning(request.user), REFUSED)
    options = learning.options_for(request.user)
    form = LearningFilterForm(request.GET or None, options=options)
    return form, form.filters(), options


@require_GET
def dashboard(request):
    form, filters, options = _filters(request)
    board = learning.build_dashboard(request.user, filters, options=options)
    return render(
        request,
        "reports/learning_dashboard.html",
        {"form": form, "board": board, "query": request.GET.urlencode()},
    )


@require_GET
def my_council(request):
    access.require(
        request.user.role in User.HOST_ROLES and request.user.home_authority_id is not None,
        "This page shows a council's own results to its PSW, director and assistant director.",
    )
    form, filters, options = _filters(request)
    view = learning.build_council_view(request.user, filters, options=options)
    return render(request, "reports/learning_my_council.html", {"form": form, "view": view})


def _download(request, fmt: str, render_bytes, content_type: str) -> HttpResponse:
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
    response = HttpResponse(render_bytes(export), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(fmt)}"'
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def export_csv(request):
    return _download(request, "csv", exports.to_csv, "text/csv; charset=utf-8")


@require_GET
def export_xlsx(request):
    return _download(
        request,
        "xlsx",
        exports.to_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
