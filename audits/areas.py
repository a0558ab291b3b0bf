"""The working areas a visit's page links to, each opened to whom its own policy says.

Audits adds its fieldwork; an app above it (the covering report) adds its own area from its
``AppConfig.ready``, so the visit's page links there without audits importing that app.
"""

from dataclasses import dataclass

from django.db import models
from django.urls import reverse

from auditportal import access


@dataclass(frozen=True)
class VisitArea:
    model: type[models.Model]  # a proxy of Visit whose access policy says who may open it
    links: tuple[tuple[str, str], ...]  # (label, URL name taking the visit's id)
    # Statuses in which the links would lead nowhere useful (fieldwork before any is done).
    hidden_while: frozenset[str] = frozenset()


# By the first link's URL name, in the order the apps added them (INSTALLED_APPS order).
AREAS: dict[str, VisitArea] = {}


def add_visit_area(
    model: type[models.Model], *links: tuple[str, str], hidden_while=frozenset()
) -> None:
    AREAS[links[0][1]] = VisitArea(model, links, frozenset(hidden_while))


def visit_area_links(user, visit) -> list[tuple[str, str]]:
    """(label, address) of each area of ``visit`` that ``user`` may open: one query a model."""
    seen: dict[str, bool] = {}
    links = []
    for area in AREAS.values():
        if visit.status in area.hidden_while:
            continue
        label = area.model._meta.label
        if label not in seen:
            seen[label] = access.visible(user, area.model).filter(pk=visit.pk).exists()
        if seen[label]:
            links += [(name, reverse(url_name, args=[visit.pk])) for name, url_name in area.links]
    return links
