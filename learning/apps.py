from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Regional learning"

    def ready(self):
        from . import (
            attention,  # noqa: F401  (adds overdue actions to home pages)
            policies,  # noqa: F401  (registers access policies)
            receivers,  # noqa: F401  (listens for issued reports)
        )
