from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Covering reports and regional learning"

    def ready(self):
        from . import (
            policies,  # noqa: F401  (registers access policies)
            policies_learning,  # noqa: F401  (regional learning's policies)
        )
