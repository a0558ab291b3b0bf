"""Triangulation and what the team takes away: conversations on site, theme findings,
recommendations for the host, learning actions for the auditors' own councils, and
immediate concerns about people at risk.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from auditportal import dates
from authorities.models import Authority

from .tools import RatingLevel, Theme
from .visits import CaseFile, Visit

# The team changes its fieldwork only while it is on site or drafting the report.
FIELDWORK_OPEN = (Visit.Status.ON_SITE, Visit.Status.DRAFTING)
# Learning can be recorded from a visit once the team has been on site.
LEARNING_FROM = (
    Visit.Status.ON_SITE,
    Visit.Status.DRAFTING,
    Visit.Status.ACCURACY_CHECK,
    Visit.Status.ISSUED,
    Visit.Status.CLOSED,
)


class VisitFieldwork(Visit):
    """A visit as the team's own work on it: conversations, findings and recommendations.

    Its access policy lets the visit's auditors change them while on site or drafting and
    the region's coordinator read them; hosts see none of it.
    """

    class Meta:
        proxy = True

    @property
    def is_open_for_fieldwork(self) -> bool:
        return self.status in FIELDWORK_OPEN


class VisitConcerns(Visit):
    """A visit as the place its immediate concerns are raised (by the team) and read (by the
    host's PSW too), apart from the rest of the fieldwork."""

    class Meta:
        proxy = True


class Conversation(models.Model):
    """A conversation the team held on site: one of the three sources they triangulate."""

    class Group(models.TextChoices):
        LEADERS = "leaders", "Leaders"
        PRACTITIONERS = "practitioners", "Practitioners"
        MANAGERS = "managers", "Team managers"

    GROUP_HINTS = {
        Group.LEADERS: "The host's Principal Social Worker, Director or Assistant Director",
        Group.PRACTITIONERS: "Social workers and other practitioners",
        Group.MANAGERS: "Team and service managers",
    }

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="conversations")
    group = models.CharField("with whom", max_length=20, choices=Group.choices)
    held_on = models.DateField("date")
    participants = models.CharField(
        "who took part, by role",
        max_length=200,
        blank=True,
        help_text="Roles only, never names: for example, Director and two team managers.",
    )
    held_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="conversations_held", verbose_name="held by"
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.get_group_display()}, {dates.day(self.held_on)}"


class ConversationView(models.Model):
    """The view a conversation expressed about one theme, on the tool's judgement scale."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="views")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()

    class Meta:
        ordering = ["conversation", "theme__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "theme"], name="one_view_per_theme_per_conversation"
            )
        ]

    def __str__(self):
        return f"{self.conversation}: {self.theme} – {self.level}"


class ThemeFinding(models.Model):
    """What the team found for one theme of a visit.

    Both auditors edit findings, so ``version`` goes up on every save and a save that
    started from an older version is refused rather than overwriting the other's text.
    """

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "Not yet started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="theme_findings")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(blank=True)
    level = models.ForeignKey(
        RatingLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="the team's judgement",
    )
    shareable_good_practice = models.BooleanField(
        "good practice to share with the region", default=False
    )
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["theme__position"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "theme"], name="one_finding_per_theme")
        ]

    def __str__(self):
        return f"{self.theme} finding"

    @property
    def progress(self) -> str:
        filled = [bool(self.strengths.strip()), bool(self.areas_for_development.strip())]
        filled.append(self.level_id is not None)
        if all(filled):
            return self.Progress.COMPLETED
        if any(filled):
            return self.Progress.IN_PROGRESS
        return self.Progress.NOT_STARTED


class Recommendation(models.Model):
    """A recommendation for the host council; composed into the covering report later."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="recommendations")
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField("recommendation")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class LearningAction(models.Model):
    """Something an auditor takes back to their own council from a visit."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    STILL_OPEN = (Status.OPEN, Status.IN_PROGRESS)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_actions"
    )
    # The owner's home council when the action was recorded; it stays that council's.
    council = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="learning_actions"
    )
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="learning_actions")
    action = models.TextField("what you will do")
    due_on = models.DateField("due by")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    status_note = models.TextField("note on progress", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.action[:60]

    @property
    def is_overdue(self) -> bool:
        return self.status in self.STILL_OPEN and self.due_on < timezone.localdate()

    @classmethod
    def overdue_on(cls, today=None) -> Q:
        """``is_overdue`` as a query condition, for filters and counts in the database."""
        return Q(status__in=cls.STILL_OPEN, due_on__lt=today or timezone.localdate())


class ImmediateConcern(models.Model):
    """A person at risk now, found in a case file: the host's PSW is told at once and must
    acknowledge it. Its handling is tracked here, apart from the report, which gives only
    the count and how they were handled."""

    class Status(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        CLOSED = "closed", "Closed"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="immediate_concerns")
    case_file = models.ForeignKey(
        CaseFile, on_delete=models.PROTECT, related_name="immediate_concerns"
    )
    risk = models.TextField("what the risk is")
    action_taken = models.TextField("what you have done already")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RAISED)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField("what the council is doing about it", blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_note = models.TextField("how it was resolved", blank=True)

    class Meta:
        ordering = ["-raised_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="raised") | Q(acknowledged_at__isnull=False),
                name="concern_acknowledged_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="concern_closed_has_time",
            ),
        ]

    def __str__(self):
        return f"Concern about {self.case_file} ({self.get_status_display().lower()})"

    def clean(self):
        super().clean()
        if self.case_file_id and self.visit_id and self.case_file.visit_id != self.visit_id:
            raise ValidationError({"case_file": "Choose a case file from this visit's sample."})

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def _move(self, to: str, *, by, note: str) -> None:
        ConcernEvent.objects.create(
            concern=self, from_status=self.status, to_status=to, by=by, note=note
        )
        self.status = to

    @transaction.atomic
    def acknowledge(self, *, by, response: str) -> None:
        """The host's PSW has read it and says what the council is doing about it."""
        if self.status != self.Status.RAISED:
            raise ValidationError("This concern has already been acknowledged.")
        self.acknowledged_by, self.acknowledged_at = by, timezone.now()
        self.response = response
        self._move(self.Status.ACKNOWLEDGED, by=by, note=response)
        self.save()

    @transaction.atomic
    def close(self, *, by, note: str) -> None:
        """The risk has been dealt with; only an acknowledged concern can be closed."""
        if self.status != self.Status.ACKNOWLEDGED:
            raise ValidationError("Acknowledge the concern before closing it.")
        self.closed_by, self.closed_at = by, timezone.now()
        self.closure_note = note
        self._move(self.Status.CLOSED, by=by, note=note)
        self.save()


class ConcernEvent(models.Model):
    """One step in a concern's handling: raised, acknowledged, closed; who, when, and why."""

    concern = models.ForeignKey(ImmediateConcern, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        max_length=20, choices=ImmediateConcern.Status.choices, blank=True
    )
    to_status = models.CharField(max_length=20, choices=ImmediateConcern.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.concern}: {self.get_to_status_display()}"


class ConcernResponse(ImmediateConcern):
    """A concern as the host's PSW handles it (acknowledge, then close): its own policy,
    apart from the team's."""

    class Meta:
        proxy = True


auditlog.register(Conversation, m2m_fields={"held_by"})
auditlog.register(ConversationView)
auditlog.register(ThemeFinding)
auditlog.register(Recommendation)
auditlog.register(LearningAction)
auditlog.register(ImmediateConcern)
# The host's PSW saves concerns through the proxy, whose signals carry its own sender.
auditlog.register(ConcernResponse)
auditlog.register(ConcernEvent)
