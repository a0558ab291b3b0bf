from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audit tools, visits and case audits"

    def ready(self):
        from . import policies  # noqa: F401  (registers access policies)
        from .areas import add_visit_area
        from .models import Visit, VisitComparison, VisitFieldwork, VisitPlan
        from .services import attention  # noqa: F401  (adds audits' items to home pages)

        # The team follows "Case audits" to their declaration while the visit is planned; the
        # rest of the fieldwork only starts once the sample is agreed.
        cancelled, planned = Visit.Status.CANCELLED, Visit.Status.PLANNED
        add_visit_area(
            VisitFieldwork, ("Case audits", "audits:visit-progress"), hidden_while={cancelled}
        )
        add_visit_area(
            VisitFieldwork,
            ("Conversations", "audits:conversation-list"),
            ("Theme findings", "audits:themefinding-list"),
            ("Recommendations", "audits:recommendation-list"),
            ("Immediate concerns", "audits:concern-visit-list"),
            hidden_while={planned, cancelled},
        )
        add_visit_area(VisitPlan, ("Improvement plan", "audits:plan-detail"))
        add_visit_area(VisitComparison, ("Since the last audit", "audits:visit-since-last"))

    def demo_seed(self, *, password: str, out) -> list[tuple[str, str]]:
        """The default tool, the region's programme of visits, their case audits, fieldwork,
        Dudley's improvement plan and how long their notes are kept."""
        from .demodata import casework, fieldwork, improvement, retention, tools, visits

        sign_ins = []
        for part in (
            tools,
            visits,
            casework,
            fieldwork,
            improvement,
            retention,
        ):  # each on the one before
            sign_ins += part.seed(password=password, out=out) or []
        return sign_ins
