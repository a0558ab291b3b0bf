from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Regions, councils and people"

    def ready(self):
        from auditlog.registry import auditlog

        from . import policies, receivers  # noqa: F401  (access policies, sign-in events)
        from .models import Authority, User

        auditlog.register(Authority)
        auditlog.register(User, exclude_fields=["password", "last_login"])

    def demo_seed(self, *, password: str, out) -> list[tuple[str, str]]:
        """The demo region's councils and one person per role; their sign-ins."""
        from . import demo

        return demo.seed(password=password, out=out)
