from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Covering reports"

    def ready(self):
        from audits.areas import add_visit_area

        from . import (
            attention,  # noqa: F401  (adds report steps to home pages)
            policies,  # noqa: F401  (registers access policies)
        )
        from .models import ReportVisit

        add_visit_area(ReportVisit, ("Covering report", "reports:report-detail"))

    def demo_seed(self, *, password: str, out) -> list[tuple[str, str]]:
        """The past visits' reports, issued through the real workflow."""
        from . import demo

        return demo.seed(password=password, out=out)
