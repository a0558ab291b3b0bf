"""Case audits: each question's answer on a case file, and the case's overall judgement."""

from django.conf import settings
from django.db import models

from .tools import Question, RatingLevel
from .visits import CaseFile


class CaseAudit(CaseFile):
    """A case file as the work of auditing it: its own access policy, apart from the sample's."""

    class Meta:
        proxy = True


class Answer(models.Model):
    """One question answered for one case file.

    ``version`` goes up by one on every save; a save that starts from an older version is
    refused, so one auditor never silently overwrites the other.
    """

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    text = models.TextField(blank=True, help_text="The answer, for free-text questions.")
    note = models.TextField("evidence note", blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case_file", "question__theme__position", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_file", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return f"{self.case_file}: {self.question.key}"


class CaseJudgement(models.Model):
    """The case's overall judgement; the first rating and the moderated one are both kept."""

    case_file = models.OneToOneField(CaseFile, on_delete=models.CASCADE, related_name="judgement")
    level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rationale = models.TextField(blank=True)
    strength = models.TextField("one strength", blank=True)
    improvement = models.TextField("one thing to improve", blank=True)
    moderated_level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderation_reason = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Judgement of {self.case_file}"

    @property
    def agreed_level(self):
        """The moderated judgement where there is one, else the first."""
        return self.moderated_level or self.level
