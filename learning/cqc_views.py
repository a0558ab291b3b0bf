"""A council's evidence for CQC, by quality statement. Fetched through ``auditportal.access``."""

from allauth.account.decorators import reauthentication_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from auditportal import access

from . import cqc_pack
from .cqc_evidence import council_evidence
from .downloads import as_attachment
from .models import CouncilEvidence, ExportLog

PACK_FORMATS = {
    "pdf": (ExportLog.Format.CQC_PDF, "application/pdf", cqc_pack.render_pdf),
    "docx": (
        ExportLog.Format.CQC_DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        cqc_pack.render_docx,
    ),
}

NOT_A_HOST = "This page shows a council's own CQC evidence to its PSW, Director and AD."


def my_council_cqc(request):
    """The signed-in person's own council's evidence."""
    council = request.user.home_authority_id
    access.require(council is not None and not request.user.is_coordinator, NOT_A_HOST)
    council = access.fetch(request.user, CouncilEvidence, pk=council)
    return redirect("learning:cqc-evidence", council.slug)


def cqc_evidence(request, slug):
    council = access.fetch(
        request.user, CouncilEvidence.objects.select_related("region"), slug=slug
    )
    return render(
        request,
        "learning/cqc_evidence.html",
        {"council": council, "evidence": council_evidence(council)},
    )


def _pack(request, slug, extension: str) -> HttpResponse:
    council = access.fetch(
        request.user, CouncilEvidence.objects.select_related("region"), slug=slug
    )
    log_format, content_type, render_file = PACK_FORMATS[extension]
    evidence = council_evidence(council)
    data = render_file(evidence)
    ExportLog.objects.create(
        by=request.user, region_id=council.region_id, council=council, format=log_format,
        rows=evidence.audits, named=True,
    )  # fmt: skip
    response = HttpResponse(data, content_type=content_type)
    return as_attachment(response, cqc_pack.filename(evidence, extension))


@reauthentication_required
@require_GET
def cqc_pack_pdf(request, slug):
    return _pack(request, slug, "pdf")


@reauthentication_required
@require_GET
def cqc_pack_docx(request, slug):
    return _pack(request, slug, "docx")
