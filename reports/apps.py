from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Covering reports"

    def ready(self):
        from . import policies  # noqa: F401  (registers access policies)
