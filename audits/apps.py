from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audit tools, visits and case audits"

    def ready(self):
        from . import policies  # noqa: F401  (registers access policies)
