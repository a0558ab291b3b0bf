"""A visit as the place its council's results are compared with the last audit's."""

from .visits import Visit


class VisitComparison(Visit):
    """Its own access policy: the team and coordinator while the report is written, and the
    plan's readers once it is issued; only where there is a previous issued audit."""

    class Meta:
        proxy = True
