from django.apps import AppConfig


class AuditPortalConfig(AppConfig):
    """The wiring app. Listed last in INSTALLED_APPS, so its ``ready`` runs after every other
    app has registered its models with the audit trail."""

    name = "auditportal"
    verbose_name = "AuditPortal"

    def ready(self):
        from . import text, trail

        text.install_form_rule()
        trail.install()
