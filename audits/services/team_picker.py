"""Who can join a visit's team: the region's PSWs from councils other than the host, each
with the visits that overlap the chosen days and how many visits they have that year.

This is what the coordinator sees while choosing; the rules themselves (never the host's own
PSW, never two overlapping visits) are still checked when the visit is saved.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from audits.models import Visit, VisitAuditor
from authorities.models import User


@dataclass(frozen=True)
class Candidate:
    person: User
    year: int
    visits_that_year: int
    clashes: tuple[Visit, ...]  # live visits whose days on site overlap the chosen days

    @property
    def label(self) -> str:
        name = self.person.full_name
        if self.person.home_authority:
            name = f"{name}, {self.person.home_authority}"
        load = f"{self.visits_that_year} visit{'s' if self.visits_that_year != 1 else ''}"
        busy = "".join(
            f"; not free: on the {visit.host} audit, {visit.days_display}" for visit in self.clashes
        )
        return f"{name} ({load} in {self.year}{busy})"


def team_candidates(
    *,
    region_id: int,
    host_id: int | None = None,
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
    visit: Visit | None = None,
) -> list[Candidate]:
    """The PSWs who could audit, in name order: two queries whatever the region's size."""
    year = (first_day or timezone.localdate()).year
    live = ~Q(visit_links__visit__status=Visit.Status.CANCELLED)
    people = (
        User.objects.filter(region_id=region_id, role=User.Role.PSW, is_active=True)
        .select_related("home_authority")
        .annotate(
            visits_that_year=Count(
                "visit_links", filter=Q(visit_links__visit__first_day__year=year) & live
            )
        )
    )
    if host_id:
        people = people.exclude(home_authority_id=host_id)
    people = list(people)
    clashes: dict[int, list[Visit]] = defaultdict(list)
    if first_day and last_day:
        links = (
            VisitAuditor.objects.filter(
                auditor__in=[person.pk for person in people],
                visit__first_day__lte=last_day,
                visit__last_day__gte=first_day,
            )
            .exclude(visit__status=Visit.Status.CANCELLED)
            .select_related("visit__host")
            .order_by("visit__first_day")
        )
        if visit is not None and visit.pk:
            links = links.exclude(visit_id=visit.pk)
        for link in links:
            clashes[link.auditor_id].append(link.visit)
    return [
        Candidate(person, year, person.visits_that_year, tuple(clashes[person.pk]))
        for person in people
    ]
