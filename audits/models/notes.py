"""Free-text notes: the record of an auditor confirming that flagged text is not an identifier."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class IdentifierConfirmation(models.Model):
    """Someone looked at text the identifier check flagged and confirmed it is not one.

    Only the kinds flagged are kept, never the flagged text itself.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=100)
    kinds = models.CharField(max_length=300, help_text="What the check took the text for.")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.field}: not {self.kinds} (confirmed by {self.confirmed_by})"
