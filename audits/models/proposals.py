"""Auditors' proposals to reword a question of a published tool version."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .tools import AuditTool


class QuestionProposal(models.Model):
    """An auditor's proposal to reword a question, which tool owners accept or decline.

    Tied to the version the auditor read and to the question's stable key, so an accepted
    proposal lands on the same question in the next draft.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="proposals")
    question_key = models.SlugField(max_length=80)
    current_text = models.TextField(help_text="The question as it read when proposed.")
    proposed_text = models.TextField("proposed question")
    proposed_guidance = models.TextField("proposed guidance for auditors", blank=True)
    reason = models.TextField("why the change would help")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tool_proposals"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    decline_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    applied_to = models.ForeignKey(
        AuditTool,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accepted_proposals",
        help_text="The draft version the accepted wording went into.",
    )

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="declined_proposal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(decided_at__isnull=False),
                name="decided_proposal_has_date",
            ),
        ]

    def __str__(self):
        return f"Proposal to change {self.question_key} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("audits:proposal-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


auditlog.register(QuestionProposal)
