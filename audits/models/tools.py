"""The audit tool: versioned themes, questions and rating scales.

An audit always stays tied to the exact version it was done with, so a published version
never changes; refining the tool means a new draft version. Questions carry a stable key
that survives from version to version, which is how results stay comparable.

How a published version is kept from changing (freezing) is in ``freezing``; the models
here are built on its querysets and its ``ToolPart``.
"""

from __future__ import annotations

import copy

from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from authorities.models import Region

from ..cqc import QualityStatement
from .conditions import condition_problems, copy_conditions
from .freezing import (
    DRAFT,
    PUBLISHED,
    RETIRED,
    AuditToolQuerySet,
    ToolFrozen,
    ToolPart,
    ToolPartQuerySet,
)
from .options import YES_NO, Choice, QuestionOption, kind_summary, question_problems

# --- the tool row -------------------------------------------------------------------------


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
    # Some published tools (the MCA audit standards) judge questions, never the whole case.
    has_overall_judgement = models.BooleanField(
        "cases get an overall judgement",
        default=True,
        help_text="Whether each case audited with this tool gets an overall judgement.",
    )
    # PROTECT rather than SET_NULL throughout: a cascade must not rewrite a frozen row.
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_versions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AuditToolQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name", "version"], name="tool_version_unique_in_region"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="tool_version_positive"
            ),
            # One draft at a time, so "the next draft" that proposals go into is never in doubt.
            models.UniqueConstraint(
                fields=["region", "name"],
                condition=models.Q(status=DRAFT),
                name="one_draft_per_tool",
            ),
        ]

    def __str__(self):
        return f"{self.name}, version {self.version}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            if self.status != DRAFT:
                raise ValidationError("A new tool starts as a draft; publish it with publish().")
        else:
            stored = AuditTool.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored != DRAFT:
                raise ToolFrozen("saving it", AuditTool.objects.get(pk=self.pk))
            if stored == DRAFT and self.status != DRAFT:
                raise ValidationError(
                    "Publish a draft with publish(), which checks it is complete."
                )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("audits:tool-detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        stored = AuditTool.objects.filter(pk=self.pk).first()
        if stored is not None and stored.is_frozen:
            raise ToolFrozen("deleting it", stored)
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status != DRAFT

    def as_release(self) -> ToolRelease:
        """This version as a ToolRelease, to ask its access policy about publishing."""
        release = copy.copy(self)
        release.__class__ = ToolRelease
        return release

    def versions(self) -> models.QuerySet:
        """Every version of this tool in its region, newest first."""
        return AuditTool.objects.filter(region_id=self.region_id, name=self.name).order_by(
            "-version"
        )

    def completeness_problems(self) -> list[str]:
        """What stops this tool being published, in words a tool owner can act on."""
        problems = []
        themes = list(self.themes.annotate(question_count=models.Count("questions")))
        scales = list(self.scales.annotate(level_count=models.Count("levels")))
        if not themes:
            problems.append("The tool has no themes: add at least one theme with questions.")
        for theme in themes:
            if not theme.question_count:
                problems.append(
                    f"Theme {theme.position} ({theme.title}) has no questions: "
                    "add a question or remove the theme."
                )
        for scale in scales:
            if not scale.level_count:
                problems.append(f"The scale “{scale.name}” has no levels: add its levels.")
        judgement_scales = [s for s in scales if s.purpose == RatingScale.Purpose.JUDGEMENT]
        if self.has_overall_judgement and not judgement_scales:
            problems.append(
                "The tool has no judgement scale (such as Outstanding, Good, Requires "
                "improvement, Inadequate): add one for the overall judgement of a case, or say "
                "that cases get no overall judgement."
            )
        questions = list(
            self.questions.select_related("theme", "scale")
            .prefetch_related("options", "scale__levels", "conditions")
            .order_by("theme__position", "position")
        )
        if any(q.is_rated for q in questions) and not any(
            s.purpose == RatingScale.Purpose.QUESTION for s in scales
        ):
            problems.append("The tool has no scale for rating questions: add one.")
        scale_ids = {s.pk for s in scales}
        for question in questions:
            problems += question_problems(question, scale_ids, self.pk)
        return problems + condition_problems(questions)

    @transaction.atomic
    def publish(self, *, by, changelog: str) -> AuditTool:
        """Freeze this draft; only a complete tool with a changelog line can be published."""
        stored = AuditTool.objects.select_for_update().get(pk=self.pk)
        if stored.status != DRAFT:
            raise ValidationError(
                f"{stored} is already {stored.get_status_display().lower()}; "
                "only a draft can be published."
            )
        problems = self.completeness_problems()
        changelog = (changelog or "").strip()
        if not changelog:
            problems.append("Say what changed in this version in the changelog line.")
        if problems:
            raise ValidationError(problems, code="incomplete")
        AuditTool.objects.filter(pk=self.pk).update(
            status=PUBLISHED, changelog=changelog, published_at=timezone.now(), published_by=by
        )
        self._log_status_move(stored, by)
        return self

    @transaction.atomic
    def retire(self, *, by) -> AuditTool:
        """Stop new visits using this version; visits already done with it keep it."""
        stored = AuditTool.objects.select_for_update().get(pk=self.pk)
        if stored.status != PUBLISHED:
            raise ValidationError(
                f"{stored} is {stored.get_status_display().lower()}; "
                "only a published version can be retired."
            )
        AuditTool.objects.filter(pk=self.pk).update(
            status=RETIRED, retired_at=timezone.now(), retired_by=by
        )
        self._log_status_move(stored, by)
        return self

    def _log_status_move(self, before: AuditTool, by) -> None:
        """Status moves bypass save(), so they write their audit trail entry themselves."""
        self.refresh_from_db()
        after = AuditTool.objects.get(pk=self.pk)  # the concrete model, even from a proxy
        changes = model_instance_diff(
            before,
            after,
            use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False),
        )
        LogEntry.objects.log_create(
            after, action=LogEntry.Action.UPDATE, changes=changes, actor=by, force_log=True
        )

    @transaction.atomic
    def new_version(self, *, by) -> AuditTool:
        """A draft copy numbered after the latest version, with the same stable keys."""
        if self.is_draft:
            raise ValidationError(
                f"{self} is still a draft: change it directly, there is no need for a new version."
            )
        versions = AuditTool.objects.select_for_update().filter(
            region_id=self.region_id, name=self.name
        )
        draft = versions.filter(status=DRAFT).first()
        if draft is not None:
            raise ValidationError(
                f"Version {draft.version} is already being drafted: carry on with that draft."
            )
        latest = versions.aggregate(latest=Max("version"))["latest"] or self.version
        copy = AuditTool.objects.create(
            region_id=self.region_id,
            name=self.name,
            version=latest + 1,
            based_on=self,
            created_by=by,
            has_overall_judgement=self.has_overall_judgement,
        )
        self.copy_parts_to(copy)
        return copy

    def copy_parts_to(self, target: AuditTool) -> None:
        """Copy scales, levels, themes and questions into the (draft) ``target``."""
        scales = list(self.scales.prefetch_related("levels"))
        new_scales = RatingScale.objects.bulk_create(
            [RatingScale(tool=target, key=s.key, name=s.name, purpose=s.purpose) for s in scales]
        )
        scale_map = {old.pk: new for old, new in zip(scales, new_scales, strict=True)}
        RatingLevel.objects.bulk_create(
            [
                RatingLevel(
                    scale=scale_map[level.scale_id],
                    **{name: getattr(level, name) for name in RatingLevel.COPIED_FIELDS},
                )
                for scale in scales
                for level in scale.levels.all()
            ]
        )
        themes = list(self.themes.all())
        new_themes = Theme.objects.bulk_create(
            [
                Theme(
                    tool=target,
                    key=t.key,
                    position=t.position,
                    title=t.title,
                    description=t.description,
                    kind=t.kind,
                )
                for t in themes
            ]
        )
        theme_map = {old.pk: new for old, new in zip(themes, new_themes, strict=True)}
        questions = list(self.questions.prefetch_related("options"))
        new_questions = Question.objects.bulk_create(
            [
                Question(
                    tool=target,
                    theme=theme_map[q.theme_id],
                    scale=scale_map.get(q.scale_id),
                    **{name: getattr(q, name) for name in Question.COPIED_FIELDS},
                )
                for q in questions
            ]
        )
        QuestionOption.objects.bulk_create(
            [
                QuestionOption(
                    question=new,
                    **{name: getattr(option, name) for name in QuestionOption.COPIED_FIELDS},
                )
                for old, new in zip(questions, new_questions, strict=True)
                for option in old.options.all()
            ]
        )
        copy_conditions(zip(questions, new_questions, strict=True))


class ToolRelease(AuditTool):
    """A tool version as the work of releasing it: publish, retire, carry forward.

    Its own access policy says who manages a version's life, which (unlike changing its
    contents) applies to published versions too.
    """

    class Meta:
        proxy = True


# --- the parts of a tool ------------------------------------------------------------------


class RatingScale(ToolPart):
    """A tool's scale: one for questions, one for judgements of a case, theme or visit."""

    class Purpose(models.TextChoices):
        QUESTION = "question", "Question rating"
        JUDGEMENT = "judgement", "Judgement"

    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="scales")
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=100)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.QUESTION)

    objects = ToolPartQuerySet.as_manager()

    class Meta(ToolPart.Meta):
        ordering = ["tool_id", "pk"]
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


class RatingLevel(ToolPart):
    """One step of a scale, e.g. Met (3) or Requires improvement (2)."""

    TOOL_PATH = "scale__tool"
    COPIED_FIELDS = (
        "key",
        "label",
        "score",
        "colour",
        "position",
        "needs_note",
        "is_not_applicable",
        "is_not_evidenced",
    )

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

    objects = ToolPartQuerySet.as_manager()

    class Meta(ToolPart.Meta):
        ordering = ["scale_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "key"], name="level_key_unique_in_scale"),
            models.CheckConstraint(
                condition=~(models.Q(is_not_applicable=True) & models.Q(is_not_evidenced=True)),
                name="level_not_both_na_and_not_evidenced",
            ),
        ]

    def __str__(self):
        return self.label

    def _owners(self) -> dict[str, object]:
        return {"scales": self.scale_id}

    def clean(self):
        super().clean()
        if self.is_not_applicable and self.is_not_evidenced:
            raise ValidationError(
                "A level is either “not applicable” or “not evidenced”, not both."
            )


class Theme(ToolPart):
    class Kind(models.TextChoices):
        PRACTICE = "practice", "Practice theme"
        CONTEXT = "context", "Context section"

    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # A context section (the case profile, the practitioner's account) is asked but never
    # judged, charted, compared or counted in learning: it describes the case, not practice.
    kind = models.CharField(
        "kind of theme",
        max_length=10,
        choices=Kind.choices,
        default=Kind.PRACTICE,
        help_text="Practice themes are judged and charted; context sections are only recorded.",
    )

    objects = ToolPartQuerySet.as_manager()

    class Meta(ToolPart.Meta):
        ordering = ["tool_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "key"], name="theme_key_unique_in_tool")
        ]

    def __str__(self):
        return self.title

    @property
    def is_practice(self) -> bool:
        return self.kind == self.Kind.PRACTICE


class Question(ToolPart):
    class AnswerKind(models.TextChoices):
        SCALE = "scale", "Rated on a scale"
        SINGLE = "single", "One choice from a list"
        MULTIPLE = "multiple", "Tick all that apply"
        YES_NO = "yes_no", "Yes or no"
        NUMBER = "number", "A whole number"
        DATE = "date", "A date"
        TEXT = "text", "Free text"

    # Kinds whose answers are the keys of options the tool owner writes.
    WITH_OPTIONS = frozenset({AnswerKind.SINGLE, AnswerKind.MULTIPLE})
    # Kinds answered by choosing among options (written, or Yes and No).
    CHOICE_KINDS = frozenset({AnswerKind.SINGLE, AnswerKind.MULTIPLE, AnswerKind.YES_NO})

    COPIED_FIELDS = (
        "key",
        "position",
        "text",
        "guidance",
        "answer_kind",
        "required",
        "cqc_statements",
        "allows_not_applicable",
        "number_min",
        "number_max",
        "show_when",
    )

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
    # True by default so a question rated on a scale with a "Not applicable" level offers it,
    # as every rated question did before this was a choice per question.
    allows_not_applicable = models.BooleanField(
        "not applicable allowed",
        default=True,
        help_text="Whether auditors may answer “Not applicable” to this question.",
    )
    # With several conditions (``conditions``): whether any one or all of them must hold.
    show_when = models.CharField(
        "shown when", max_length=3, choices=[("all", "All"), ("any", "Any")], default="all"
    )
    number_min = models.IntegerField("smallest number allowed", null=True, blank=True)
    number_max = models.IntegerField("largest number allowed", null=True, blank=True)
    # RESTRICT, not PROTECT: deleting a whole draft tool takes its scales and questions together.
    scale = models.ForeignKey(
        RatingScale, on_delete=models.RESTRICT, null=True, blank=True, related_name="questions"
    )
    required = models.BooleanField(default=True)
    cqc_statements = models.JSONField(default=list, blank=True)

    objects = ToolPartQuerySet.as_manager()

    class Meta(ToolPart.Meta):
        ordering = ["theme__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "key"], name="question_key_unique_in_tool"),
            models.CheckConstraint(
                condition=~models.Q(answer_kind="scale") | models.Q(scale__isnull=False),
                name="rated_question_has_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(number_min__isnull=True)
                | models.Q(number_max__isnull=True)
                | models.Q(number_min__lte=models.F("number_max")),
                name="question_number_min_not_above_max",
            ),
        ]

    def __str__(self):
        return self.text

    def _owners(self) -> dict[str, object]:
        # The theme's and the scale's tools count too: a question cannot join a frozen tool
        # through either of them.
        return {"pk": self.tool_id, "themes": self.theme_id, "scales": self.scale_id}

    def clean(self):
        super().clean()
        errors = {}
        if self.theme_id and self.tool_id and self.theme.tool_id != self.tool_id:
            errors["theme"] = "Choose a theme of this tool."
        if self.answer_kind == self.AnswerKind.SCALE:
            if not self.scale_id:
                errors["scale"] = "Choose the scale this question is rated on."
            elif self.tool_id and self.scale.tool_id != self.tool_id:
                errors["scale"] = "Choose a scale of this tool."
        if (
            self.number_min is not None
            and self.number_max is not None
            and self.number_min > self.number_max
        ):
            errors["number_max"] = "The largest number must not be smaller than the smallest."
        unknown = set(self.cqc_statements or []) - set(QualityStatement.values)
        if unknown:
            errors["cqc_statements"] = "Unknown CQC quality statements: " + ", ".join(
                sorted(unknown)
            )
        if errors:
            raise ValidationError(errors)

    @property
    def cqc_labels(self) -> list[str]:
        """The CQC quality statements this question is tagged with, in words."""
        labels = dict(QualityStatement.choices)
        return [labels.get(key, key) for key in self.cqc_statements or []]

    @property
    def is_rated(self) -> bool:
        return self.answer_kind == self.AnswerKind.SCALE

    @property
    def has_options(self) -> bool:
        return self.answer_kind in self.WITH_OPTIONS

    @property
    def choices(self) -> list[Choice]:
        """What an auditor chooses from: the options, or Yes and No; none for other kinds."""
        if self.answer_kind == self.AnswerKind.YES_NO:
            return list(YES_NO)
        if self.has_options:
            return [Choice(o.key, o.label, o.none_of_these) for o in self.options.all()]
        return []

    @property
    def kind_summary(self) -> str:
        """How the question is answered, in a few words, for the editor and preview."""
        return kind_summary(self)


auditlog.register(AuditTool)
auditlog.register(RatingScale)
auditlog.register(RatingLevel)
auditlog.register(Theme)
auditlog.register(Question)
auditlog.register(QuestionOption)
