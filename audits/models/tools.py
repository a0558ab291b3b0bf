"""The audit tool: versioned themes, questions and rating scales.

An audit always stays tied to the exact version it was done with, so a published version
never changes; refining the tool means a new draft version. Questions carry a stable key
that survives from version to version, which is how results stay comparable.
"""

from django.conf import settings
from django.db import models

from authorities.models import Region


class AuditTool(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="audit_tools")
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    changelog = models.TextField(
        blank=True, help_text="What changed in this version, in a line or two."
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="later_versions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name", "version"], name="tool_version_unique_in_region"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="tool_version_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name}, version {self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class RatingScale(models.Model):
    """A tool's scale: one for questions, one for judgements of a case, theme or visit."""

    class Purpose(models.TextChoices):
        QUESTION = "question", "Question rating"
        JUDGEMENT = "judgement", "Judgement"

    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="scales")
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=100)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.QUESTION)

    class Meta:
        ordering = ["tool", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "key"], name="scale_key_unique_in_tool"),
            models.UniqueConstraint(
                fields=["tool"],
                condition=models.Q(purpose="judgement"),
                name="one_judgement_scale_per_tool",
            ),
        ]

    def __str__(self):
        return self.name


class RatingLevel(models.Model):
    """One step of a scale, e.g. Met (3) or Requires improvement (2)."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels")
    key = models.SlugField(max_length=50)
    label = models.CharField(max_length=100)
    score = models.SmallIntegerField()
    colour = models.CharField(
        max_length=7, default="#505a5f", help_text="A hex colour, like #00703c."
    )
    position = models.PositiveSmallIntegerField(default=0)
    needs_note = models.BooleanField(
        default=False, help_text="An evidence note is required when this level is chosen."
    )
    # Not applicable leaves the denominator; not evidenced counts as a shortfall.
    is_not_applicable = models.BooleanField(default=False)
    is_not_evidenced = models.BooleanField(default=False)

    class Meta:
        ordering = ["scale", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "key"], name="level_key_unique_in_scale"),
            models.CheckConstraint(
                condition=~(models.Q(is_not_applicable=True) & models.Q(is_not_evidenced=True)),
                name="level_not_both_na_and_not_evidenced",
            ),
        ]

    def __str__(self):
        return self.label


class Theme(models.Model):
    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["tool", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "key"], name="theme_key_unique_in_tool")
        ]

    def __str__(self):
        return self.title


class Question(models.Model):
    class AnswerKind(models.TextChoices):
        SCALE = "scale", "Rated on a scale"
        TEXT = "text", "Free text"

    # The tool is stored beside the theme so a stable key can be unique across the tool.
    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="questions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        max_length=80, help_text="Stable key: stays the same when the question is carried forward."
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    guidance = models.TextField(blank=True, help_text="What good looks like, for the auditor.")
    answer_kind = models.CharField(
        max_length=10, choices=AnswerKind.choices, default=AnswerKind.SCALE
    )
    scale = models.ForeignKey(
        RatingScale, on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    required = models.BooleanField(default=True)
    cqc_statements = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["theme__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "key"], name="question_key_unique_in_tool"),
            models.CheckConstraint(
                condition=models.Q(answer_kind="text") | models.Q(scale__isnull=False),
                name="rated_question_has_scale",
            ),
        ]

    def __str__(self):
        return self.text
