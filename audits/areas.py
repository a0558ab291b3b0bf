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


# By the proxy's label, in the order the apps added them (INSTALLED_APPS order).
AREAS: dict[str, VisitArea] = {}


def add_visit_area(model: type[models.Model], *links: tuple[str, str]) -> None:
    AREAS[model._meta.label] = VisitArea(model, links)


def visit_area_links(user, visit) -> list[tuple[str, str]]:
    """(label, address) of each area of ``visit`` that ``user`` may open: one query an area."""
    return [
        (label, reverse(url_name, args=[visit.pk]))
        for area in AREAS.values()
        if access.visible(user, area.model).filter(pk=visit.pk).exists()
        for label, url_name in area.links
    ]
