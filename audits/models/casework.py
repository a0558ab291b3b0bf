"""Case audits: each question's answer on a case file, the case's overall judgement, its
moderation, and blind double rating (calibration) of a few cases per visit."""

import hashlib

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from .tools import Question, RatingLevel
from .visits import CaseFile, Visit


class CaseAuditError(ValidationError):
    """A move or a save the case's state does not allow, with a sentence saying why."""


def state_digest(*parts) -> str:
    """A short fingerprint of what a form showed, so an untouched field is never re-saved."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


class VisitCasework(Visit):
    """A visit as the case audits done on it: seen by its declared auditors and the region's
    coordinator, apart from the visit's own page."""

    class Meta:
        proxy = True
        verbose_name = "visit's case audits"
        verbose_name_plural = "visits' case audits"


class CaseAudit(CaseFile):
    """A case file as the work of auditing it: its own access policy, apart from the sample's.

    The status moves draft (not started, in progress) → submitted → changes requested or
    agreed → locked; ``advance`` guards each move and keeps it in the moderation history.
    """

    S = CaseFile.Status
    DRAFT_STATUSES = frozenset({S.NOT_STARTED, S.IN_PROGRESS, S.CHANGES_REQUESTED})
    # Where each status may be reached from.
    MOVES = {
        S.SUBMITTED: DRAFT_STATUSES,
        S.CHANGES_REQUESTED: frozenset({S.SUBMITTED}),
        S.AGREED: frozenset({S.SUBMITTED}),
        S.LOCKED: frozenset({S.AGREED}),
    }

    # GOV.UK tag colours for each status.
    TAGS = {
        S.NOT_STARTED: "govuk-tag--grey",
        S.IN_PROGRESS: "govuk-tag--light-blue",
        S.SUBMITTED: "govuk-tag--blue",
        S.CHANGES_REQUESTED: "govuk-tag--orange",
        S.AGREED: "govuk-tag--green",
        S.LOCKED: "govuk-tag--purple",
    }

    class Meta:
        proxy = True

    @property
    def status_tag(self) -> str:
        return self.TAGS.get(self.status, "")

    @property
    def judgement_or_none(self):
        try:
            return self.judgement
        except CaseJudgement.DoesNotExist:
            return None

    @property
    def is_draft(self) -> bool:
        return self.status in self.DRAFT_STATUSES

    @property
    def is_locked(self) -> bool:
        return self.status == self.S.LOCKED

    def refuse_edit_unless_draft(self) -> None:
        """Answers and the judgement change only while the case is a draft."""
        if self.is_draft:
            return
        if self.status == self.S.SUBMITTED:
            raise CaseAuditError(
                f"{self.reference} has been submitted for review, so its answers cannot change "
                "now. If something needs correcting, ask the reviewer to request changes."
            )
        raise CaseAuditError(
            f"{self.reference} has been {self.get_status_display().lower()} after moderation; "
            "its answers can no longer change."
        )

    def _move_refusal(self, to: str) -> str:
        here = self.get_status_display().lower()
        if to == self.S.SUBMITTED:
            return f"{self.reference} cannot be submitted: it is {here}."
        if to in (self.S.AGREED, self.S.CHANGES_REQUESTED):
            return f"Only a submitted case can be reviewed; {self.reference} is {here}."
        return f"A case can be locked only after it has been agreed; {self.reference} is {here}."

    def advance(self, *, to: str, by, action: str, reason: str = "", level=None):
        """Move to ``to`` if the status machine allows it, and record the move."""
        if self.status not in self.MOVES.get(to, frozenset()):
            raise CaseAuditError(self._move_refusal(to))
        # A conditional UPDATE: two reviewers acting at once cannot both move the case.
        moved = CaseFile.objects.filter(pk=self.pk, status=self.status).update(status=to)
        if not moved:
            raise CaseAuditError(
                f"Someone else changed the status of {self.reference} at the same time. "
                "Reload the page to see where it is now."
            )
        event = ModerationEvent.objects.create(
            case_file_id=self.pk,
            action=action,
            from_status=self.status,
            to_status=to,
            by=by,
            reason=reason,
            level=level,
        )
        self.status = to
        return event


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
    # The stable keys of the options chosen, so answers compare across tool versions.
    choices = models.JSONField(
        default=list, blank=True, help_text="The keys of the options chosen."
    )
    number = models.IntegerField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    # For kinds without a scale; a rated question's "Not applicable" is a level of its scale.
    not_applicable = models.BooleanField(default=False)
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

    @property
    def digest(self) -> str:
        return answer_digest(
            self.level_id,
            self.text,
            self.note,
            choices=self.choices,
            number=self.number,
            date=self.date,
            not_applicable=self.not_applicable,
        )

    @property
    def has_content(self) -> bool:
        return bool(
            self.level_id
            or self.text.strip()
            or self.note.strip()
            or self.choices
            or self.number is not None
            or self.date is not None
            or self.not_applicable
        )

    @property
    def is_given(self) -> bool:
        """Whether the question itself is answered (a note alone is not an answer)."""
        return bool(
            self.level_id
            or self.text.strip()
            or self.choices
            or self.number is not None
            or self.date is not None
            or self.not_applicable
        )


def answer_given(prefix: str = "") -> Q:
    """``Answer.is_given`` as a filter (``prefix`` as ``"answers__"`` from a case file): the
    question is answered in any kind, not just rated or written."""
    return (
        Q(**{f"{prefix}level__isnull": False})
        | ~Q(**{f"{prefix}text": ""})
        | ~Q(**{f"{prefix}choices": []})
        | Q(**{f"{prefix}number__isnull": False})
        | Q(**{f"{prefix}date__isnull": False})
        | Q(**{f"{prefix}not_applicable": True})
    )


def answer_digest(
    level_id, text, note, *, choices=(), number=None, date=None, not_applicable=False
) -> str:
    """An answer's fingerprint; a rated or free-text answer's reads as it always did."""
    extra = (",".join(choices or ()), number, date, "na" if not_applicable else "")
    if not any(part not in (None, "") for part in extra):
        return state_digest(level_id, text, note)
    return state_digest(level_id, text, note, *extra)


def agreed_level_id(through: str = "") -> Coalesce:
    """The level id of a case's agreed judgement: the moderated one where there is one, else
    the first. ``through`` reaches the judgement from another model (``"judgement__"``)."""
    return Coalesce(f"{through}moderated_level_id", f"{through}level_id")


class CaseJudgementQuerySet(models.QuerySet):
    def with_agreed_level(self):
        """Each judgement with ``agreed_level_id``: what every count of judgements reads."""
        return self.annotate(agreed_level_id=agreed_level_id())


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

    objects = CaseJudgementQuerySet.as_manager()

    def __str__(self):
        return f"Judgement of {self.case_file}"

    @property
    def agreed_level(self):
        """The moderated judgement where there is one, else the first."""
        return self.moderated_level or self.level

    @property
    def digest(self) -> str:
        return state_digest(self.level_id, self.rationale, self.strength, self.improvement)

    @property
    def has_content(self) -> bool:
        return bool(
            self.level_id
            or self.rationale.strip()
            or self.strength.strip()
            or self.improvement.strip()
        )


class ModerationEvent(models.Model):
    """One move of a case audit's status: who, when, why; the history a reviewer reads."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        AGREED = "agreed", "Agreed"
        MODERATED = "moderated", "Agreed with a moderated judgement"
        LOCKED = "locked", "Locked"

    case_file = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="moderation_history"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=CaseFile.Status.choices)
    to_status = models.CharField(max_length=20, choices=CaseFile.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    level = models.ForeignKey(
        RatingLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The moderated judgement, where the reviewer recorded one.",
    )

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="changes_requested") | ~Q(reason=""),
                name="changes_requested_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(action="moderated") | (Q(level__isnull=False) & ~Q(reason="")),
                name="moderated_has_level_and_reason",
            ),
        ]

    def __str__(self):
        return f"{self.case_file}: {self.get_action_display()}"


class Calibration(models.Model):
    """A case the coordinator marked for blind double rating by two auditors.

    Neither rater sees the other's ratings until both have rated every rated question
    (``revealed_at``); then they record the agreed answers (``agreed_at``), which become
    the case's answers.
    """

    case_file = models.OneToOneField(CaseFile, on_delete=models.CASCADE, related_name="calibration")
    first_rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    second_rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case_file__reference"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_rater=F("second_rater")), name="calibration_two_raters"
            ),
            models.CheckConstraint(
                condition=Q(agreed_at__isnull=True) | Q(revealed_at__isnull=False),
                name="calibration_agreed_after_reveal",
            ),
        ]

    def __str__(self):
        return f"Double rating of {self.case_file}"

    @property
    def raters(self) -> tuple:
        return (self.first_rater, self.second_rater)

    @property
    def rater_ids(self) -> tuple[int, int]:
        return (self.first_rater_id, self.second_rater_id)

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None

    @property
    def is_agreed(self) -> bool:
        return self.agreed_at is not None


class CalibrationRating(models.Model):
    """One rater's blind rating of one question on a double-rated case."""

    calibration = models.ForeignKey(Calibration, on_delete=models.CASCADE, related_name="ratings")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["calibration", "question__theme__position", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["calibration", "question", "rater"], name="one_rating_per_rater"
            )
        ]

    def __str__(self):
        return f"{self.calibration.case_file}: {self.question.key} by {self.rater}"


auditlog.register(
    Answer,
    exclude_fields=["updated_at", "updated_by", "version"],
    mapping_fields={
        "level": "answer",
        "note": "evidence note",
        "choices": "answer",
        "number": "answer",
        "date": "answer",
        "not_applicable": "not applicable",
    },
)
auditlog.register(
    CaseJudgement,
    exclude_fields=["updated_at", "updated_by", "version", "moderated_at"],
    mapping_fields={"level": "first judgement", "moderated_level": "moderated judgement"},
)
auditlog.register(ModerationEvent)
auditlog.register(Calibration)
auditlog.register(CalibrationRating, exclude_fields=["rated_at"])
