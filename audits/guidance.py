"""What to do next, for a page a person can reach but cannot use yet.

A page that would otherwise be a dead end (a 404 for an auditor who has not declared, an empty
list of conversations a month before the visit) shows one of these instead: what is missing,
when it opens and a link to the step that opens it. It is only ever asked for after the page
has fetched the visit through ``auditportal.access``, so nobody learns from it about a visit
they may not see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse

from auditportal import access
from audits.models import Declaration, Visit


@dataclass(frozen=True)
class Guidance:
    title: str
    paragraphs: tuple[str, ...]
    link_label: str
    link_url: str


def _back_to_visit(visit) -> tuple[str, str]:
    return "Go to the visit's page", reverse("audits:visit-detail", args=[visit.pk])


def before_site(visit, area: str) -> Guidance | None:
    """``area`` ("Conversations", ...) opens when the team is on site: say when that is."""
    if visit.status == Visit.Status.CANCELLED:
        return Guidance(
            f"The visit to {visit.host} was cancelled",
            (f"{area} are kept only for visits that went ahead.",),
            *_back_to_visit(visit),
        )
    if visit.status not in Visit.BEFORE_SITE:
        return None
    return Guidance(
        f"{area} open when the team is on site",
        (
            f"The team is due on site at {visit.host} on {visit.days_display}.",
            f"{area} can be recorded once the coordinator has moved the visit to on site. "
            "The visit's page shows what is still needed before then.",
        ),
        *_back_to_visit(visit),
    )


def declaration_first(user, visit) -> Guidance:
    """For someone on the team who may not see its case audits: they have not declared."""
    paragraphs = (
        f"You see the {visit.host} cases once you have made your declaration of interests "
        "for this visit: whether you have worked at the council in the last three years, and "
        "whether you know a person or a worker on any of its cases.",
        "A case you are linked to goes to your co-auditor.",
    )
    if access.can_create(user, Declaration, visit=visit):
        url = reverse("audits:declaration-edit", args=[visit.pk])
        return Guidance("Make your declaration first", paragraphs, "Make your declaration", url)
    return Guidance(
        "You did not make a declaration for this visit",
        (
            *paragraphs[:1],
            "Declarations close when the report is drafted; ask the coordinator about the "
            "cases you need to see.",
        ),
        *_back_to_visit(visit),
    )


def render_guidance(request, visit, guidance: Guidance):
    return render(request, "audits/guidance.html", {"visit": visit, "guidance": guidance})
