from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Reading the data from other tools"

    def ready(self):
        from . import policies  # noqa: F401  (registers access policies)
