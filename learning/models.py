"""Regional learning's own models: what the dashboard reads, and the log of every export.

The tables keep the names they had when regional learning lived in ``reports`` (the move was
state only; see ``learning/migrations/0001``), so no row moved.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from audits.models import AuditTool, LearningAction, Question, Theme, Visit
from authorities.models import Authority, Region

__all__ = [
    "ActionReminder",
    "ChoiceTally",
    "CouncilEvidence",
    "ExportLog",
    "LearningFollowUp",
    "LearningVisit",
    "QuestionTally",
    "ThemeTally",
    "overdue_actions",
]


class LearningVisit(Visit):
    """A visit as a source of regional learning: its own access policy, apart from the visit's.

    Only issued and closed visits feed the regional views, and they are read in aggregate;
    who may read them is decided by ``learning.policies``.
    """

    class Meta:
        proxy = True
        verbose_name = "visit for regional learning"
        verbose_name_plural = "visits for regional learning"


class CouncilEvidence(Authority):
    """A council as the subject of its CQC evidence: its own access policy (its PSW,
    Director and Assistant Director, and the region's coordinator)."""

    class Meta:
        proxy = True
        verbose_name = "council's CQC evidence"
        verbose_name_plural = "councils' CQC evidence"


class ExportLog(models.Model):
    """One download of regional learning data: who, when, which filters, named or not."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"
        SUMMARY_PDF = "summary-pdf", "Annual summary (PDF)"
        SUMMARY_DOCX = "summary-docx", "Annual summary (Word)"
        CQC_PDF = "cqc-pdf", "CQC evidence pack (PDF)"
        CQC_DOCX = "cqc-docx", "CQC evidence pack (Word)"

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_exports"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="learning_exports")
    format = models.CharField(max_length=20, choices=Format.choices)
    year_from = models.PositiveSmallIntegerField(null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(null=True, blank=True)
    tool = models.ForeignKey(
        AuditTool, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)
    # The council whose CQC evidence pack was downloaded; none for regional exports.
    council = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Whether council names were in the file (coordinators) or only letters.
    named = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reports_exportlog"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_format_display()} export by {self.by} at {self.at:%Y-%m-%d %H:%M}"


class LearningFollowUp(models.Model):
    """The coordinator chasing a learning action: when, by whom, and what was said."""

    action = models.ForeignKey(LearningAction, on_delete=models.CASCADE, related_name="follow_ups")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("what you asked or agreed")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reports_learningfollowup"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"Follow-up on {self.action} at {self.at:%Y-%m-%d}"


def overdue_actions(today):
    """The overdue learning actions a reminder lists: only those of owners who can sign in."""
    return LearningAction.objects.filter(LearningAction.overdue_on(today), owner__is_active=True)


class ActionReminder(models.Model):
    """One reminder e-mail to an owner about their overdue actions, at most one a day."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_reminders"
    )
    sent_on = models.DateField()
    overdue = models.PositiveIntegerField("overdue actions listed")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reports_actionreminder"
        ordering = ["-sent_on", "-pk"]
        constraints = [
            # Running the daily command twice in a day does not send twice.
            models.UniqueConstraint(fields=["owner", "sent_on"], name="one_reminder_a_day")
        ]

    def __str__(self):
        return f"Reminder to {self.owner} on {self.sent_on}"


class QuestionTally(models.Model):
    """An issued visit's answers to one rated question, counted by category once at issue.

    The dashboard reads these (one row per visit and question) instead of every answer;
    ``manage.py rebuild_learning_tallies`` makes them again from the answers.
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="question_tallies")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    met = models.PositiveIntegerField(default=0)
    partly = models.PositiveIntegerField(default=0)
    not_met = models.PositiveIntegerField(default=0)
    not_evidenced = models.PositiveIntegerField(default=0)
    not_applicable = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "reports_questiontally"
        constraints = [
            models.UniqueConstraint(fields=["visit", "question"], name="one_tally_per_question")
        ]

    def __str__(self):
        return f"Tally of question {self.question_id} at visit {self.visit_id}"


class ChoiceTally(models.Model):
    """An issued visit's answers to one choice question (one choice, tick all that apply,
    yes/no): how many cases answered, and how many chose each option, by the option's stable
    key, so that the region compares them across tool versions."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="choice_tallies")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    answered = models.PositiveIntegerField(default=0)  # cases, not applicable left out
    not_applicable = models.PositiveIntegerField(default=0)
    by_option = models.JSONField(default=dict)  # {option key: cases that chose it}

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "question"], name="one_choice_tally")
        ]

    def __str__(self):
        return f"Choices of question {self.question_id} at visit {self.visit_id}"


class ThemeTally(models.Model):
    """How many of an issued visit's cases had an applicable answer in one theme."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="theme_tallies")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    cases = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "reports_themetally"
        constraints = [
            models.UniqueConstraint(fields=["visit", "theme"], name="one_tally_per_theme")
        ]

    def __str__(self):
        return f"Tally of theme {self.theme_id} at visit {self.visit_id}"


auditlog.register(LearningFollowUp)
