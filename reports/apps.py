from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Covering reports"

    def ready(self):
        from . import policies  # noqa: F401  (registers access policies)

    def demo_seed(self, *, password: str, out) -> list[tuple[str, str]]:
        """The past visits' reports, issued through the real workflow."""
        from . import demo

        return demo.seed(password=password, out=out)
