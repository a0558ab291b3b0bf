"""A council's evidence for CQC, by quality statement. Fetched through ``auditportal.access``."""

from django.shortcuts import redirect, render

from auditportal import access

from .cqc_evidence import council_evidence
from .models import CouncilEvidence

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
