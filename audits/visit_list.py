"""The visits list's order, sorting and paging, read from the query string.

Every value comes from a link or a form a person can edit by hand, so anything this module
does not recognise falls back to the default rather than failing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, QuerySet, When

from audits.models import Visit

VISITS_PER_PAGE = 25
S = Visit.Status

# The default order puts what is happening now first: visits on site and those whose sample
# is agreed (the next to go on site), then visits still being planned, then visits whose
# report is under way, then closed and cancelled ones. The first two run soonest first, the
# last two most recent first, so a long history never pushes today's work off the page.
_TIERS = (
    ((S.ON_SITE, S.SAMPLE_AGREED), False),
    ((S.PLANNED,), False),
    ((S.DRAFTING, S.ACCURACY_CHECK, S.ISSUED), True),
    ((S.CLOSED, S.CANCELLED), True),
)
_UPCOMING_TIERS = [n for n, (_, latest_first) in enumerate(_TIERS) if not latest_first]


def _tier():
    return Case(
        *[When(status__in=statuses, then=n) for n, (statuses, _) in enumerate(_TIERS)],
        default=len(_TIERS),
        output_field=IntegerField(),
    )


def _status_step():
    """The status in the order a visit goes through them (cancelled last), not A to Z."""
    return Case(
        *[When(status=value, then=n) for n, value in enumerate(S.values)],
        output_field=IntegerField(),
    )


def default_order(visits: QuerySet) -> QuerySet:
    """Visits under way first, soonest first; then planned; then finished, latest first."""
    upcoming_day = Case(When(list_tier__in=_UPCOMING_TIERS, then=F("first_day")))
    return visits.annotate(list_tier=_tier()).order_by(
        "list_tier", upcoming_day.asc(nulls_last=True), F("first_day").desc(), "pk"
    )


# The columns a person can sort by: the query-string key and its order, ascending.
SORTS = {
    "date": lambda: [F("first_day"), F("pk")],
    "council": lambda: [F("host__name"), F("first_day"), F("pk")],
    "status": lambda: [_status_step(), F("first_day"), F("pk")],
}


@dataclass(frozen=True)
class ListOrder:
    """The sort a person chose (``?sort=council``, ``?sort=-date``), or the default one."""

    key: str = ""
    descending: bool = False

    @classmethod
    def from_query(cls, value: str | None) -> ListOrder:
        value = (value or "").strip()
        key = value.removeprefix("-")
        if key not in SORTS:
            return cls()
        return cls(key=key, descending=value.startswith("-"))

    @property
    def query_value(self) -> str:
        return f"{'-' if self.descending else ''}{self.key}"

    def apply(self, visits: QuerySet) -> QuerySet:
        if not self.key:
            return default_order(visits)
        terms = SORTS[self.key]()
        return visits.order_by(*[t.desc() if self.descending else t.asc() for t in terms])

    def aria_sort(self, key: str) -> str:
        if key != self.key:
            return "none"
        return "descending" if self.descending else "ascending"

    def next_for(self, key: str) -> str:
        """The sort a column's header link asks for: ascending first, then the other way."""
        return f"-{key}" if key == self.key and not self.descending else key


@dataclass(frozen=True)
class SortHeader:
    key: str
    label: str
    query: str  # the whole query string the header's link carries
    aria_sort: str


def sort_headers(order: ListOrder, query, labels: dict[str, str]) -> dict[str, SortHeader]:
    """One link a sortable column, keeping the filters and going back to the first page."""
    headers = {}
    for key, label in labels.items():
        params = query.copy()
        params.pop("page", None)
        params["sort"] = order.next_for(key)
        headers[key] = SortHeader(key, label, params.urlencode(), order.aria_sort(key))
    return headers


def page_of(visits: QuerySet, number: str | None) -> Page:
    """One page of visits; a page number that is not one gives the first or the last page.

    ``page.numbers`` lists the page numbers to link to, with ``None`` where some are left out.
    """
    paginator = Paginator(visits, VISITS_PER_PAGE)
    page = paginator.get_page(number)
    page.numbers = [
        None if n == Paginator.ELLIPSIS else n
        for n in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return page


def page_query(query) -> str:
    """The query string without its page, for the paging links to add theirs to."""
    params = query.copy()
    params.pop("page", None)
    return params.urlencode()
