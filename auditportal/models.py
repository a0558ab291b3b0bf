"""What the service as a whole records: refusals by the access mechanism."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessDenial(models.Model):
    """A page, download or export refused by ``auditportal.access``: 404 where the person may
    not see the thing, 403 where they may see it but not do this.

    Sign-ins and their failures are security events (``authorities.SecurityEvent``); this is
    what signed-in people were refused. Only ids and keys are kept, never what the object holds.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_denials",
    )
    status = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=10)
    view_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(
        max_length=100, blank=True, help_text="The kind of thing refused, such as audits.visit."
    )
    lookup = models.CharField(max_length=100, blank=True, help_text="Its id or key.")
    request_id = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[403, 404]), name="access_denial_status_403_or_404"
            )
        ]

    def __str__(self):
        return f"{self.status} on {self.view_name} at {self.at:%Y-%m-%d %H:%M}"
