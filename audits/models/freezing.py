"""Freezing: a published or retired version of the audit tool, and every part of it, never
changes, so every visit stays tied to the exact questions it was done with.

Enforced on every path that Django offers: ``save()`` and ``delete()`` of one row, and
``update()``, ``delete()``, ``bulk_create()`` and ``bulk_update()`` of a queryset (related
managers use the same querysets through ``base_manager_name``). The only changes a frozen
version accepts are the status moves that ``publish()`` and ``retire()`` make on the tool row
itself. Nothing here names a model of ``tools``: a part finds its tool along its
``TOOL_PATH``, so the models import this module and not the other way round.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.expressions import Combinable

DRAFT = "draft"
PUBLISHED = "published"
RETIRED = "retired"


class ToolFrozen(ValidationError):
    """Raised on any attempt to change a published or retired version, or a part of it."""

    def __init__(self, what: str, tool: models.Model | None = None):
        where = f"{tool} is {tool.get_status_display().lower()}" if tool else "The tool is frozen"
        super().__init__(
            f"{where}, so {what} is not allowed: a published version never changes. "
            "Create the next version and change that instead.",
            code="tool_frozen",
        )


def frozen_tool(tools: models.QuerySet) -> models.Model | None:
    """The first published or retired tool among ``tools``, for the error message."""
    return tools.exclude(status=DRAFT).order_by("pk").first()


# --- the tool row -------------------------------------------------------------------------


class AuditToolQuerySet(models.QuerySet):
    # The fields a retirement writes; nothing else may change on a frozen row.
    RETIRE_FIELDS = frozenset({"status", "retired_at", "retired_by", "retired_by_id"})

    def published(self):
        """Versions a visit may be planned with."""
        return self.filter(status=PUBLISHED)

    def drafts(self):
        return self.filter(status=DRAFT)

    def frozen(self):
        return self.exclude(status=DRAFT)

    def update(self, **kwargs):
        frozen = frozen_tool(self)
        if frozen is None:
            # Only drafts matched; keep it that way even if one is published meanwhile.
            return super(AuditToolQuerySet, self.filter(status=DRAFT)).update(**kwargs)
        is_retirement = set(kwargs) <= self.RETIRE_FIELDS and kwargs.get("status") == RETIRED
        if not is_retirement or self.filter(status=RETIRED).exists():
            raise ToolFrozen("changing it", frozen)
        return super().update(**kwargs)

    def delete(self):
        frozen = frozen_tool(self)
        if frozen is not None:
            raise ToolFrozen("deleting it", frozen)
        return super(AuditToolQuerySet, self.filter(status=DRAFT)).delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if any(obj.status != DRAFT for obj in objs):
            raise ValidationError("A new tool starts as a draft; publish it with publish().")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        # Checked before Django opens its own transaction, so the caller's stays usable.
        objs = list(objs)
        frozen = frozen_tool(self.model._default_manager.filter(pk__in=[obj.pk for obj in objs]))
        if frozen is not None:
            raise ToolFrozen("changing it", frozen)
        return super().bulk_update(objs, fields, *args, **kwargs)


# --- the parts of a tool ------------------------------------------------------------------


def tool_model(part_model: type[models.Model]) -> type[models.Model]:
    """The tool model that ``part_model`` belongs to, found along its ``TOOL_PATH``."""
    model = part_model
    for name in part_model.TOOL_PATH.split("__"):
        model = model._meta.get_field(name).related_model
    return model


class ToolPartQuerySet(models.QuerySet):
    """Refuses bulk changes to the parts of a published or retired tool."""

    def _tools(self) -> models.QuerySet:
        return tool_model(self.model)._default_manager.all()

    def _frozen_tool_among_rows(self) -> models.Model | None:
        ids = self.order_by().values(self.model.TOOL_PATH)
        return frozen_tool(self._tools().filter(pk__in=ids))

    def _owning_tools(self, target: type[models.Model], pk) -> models.QuerySet | None:
        """The tool that the row ``pk`` of ``target`` is, or belongs to; None for other rows."""
        tools = self._tools()
        if target is tools.model:
            return tools.filter(pk=pk)
        if issubclass(target, ToolPart):
            return tools.filter(pk__in=target.objects.filter(pk=pk).values(target.TOOL_PATH))
        return None

    def _refuse_frozen_targets(self, values: dict) -> None:
        """Refuse moving parts into a frozen tool (``update(tool=published_tool)``)."""
        for name, value in values.items():
            if isinstance(value, Combinable) or hasattr(value, "resolve_expression"):
                continue  # bulk_update's CASE expressions: bulk_update checks the objects
            field = self.model._meta.get_field(name.removesuffix("_id"))
            pk = getattr(value, "pk", value)
            if not field.is_relation or pk is None:
                continue
            owners = self._owning_tools(field.related_model, pk)
            tool = frozen_tool(owners) if owners is not None else None
            if tool is not None:
                raise ToolFrozen("adding to it", tool)

    def _drafts_only(self):
        return self.filter(**{f"{self.model.TOOL_PATH}__status": DRAFT})

    def update(self, **kwargs):
        frozen = self._frozen_tool_among_rows()
        if frozen is not None:
            raise ToolFrozen(f"changing its {self.model._meta.verbose_name_plural}", frozen)
        self._refuse_frozen_targets(kwargs)
        return super(ToolPartQuerySet, self._drafts_only()).update(**kwargs)

    def delete(self):
        frozen = self._frozen_tool_among_rows()
        if frozen is not None:
            raise ToolFrozen(f"deleting its {self.model._meta.verbose_name_plural}", frozen)
        return super(ToolPartQuerySet, self._drafts_only()).delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self.model.refuse_if_any_frozen(objs, "adding to it")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        # Checked before Django opens its own transaction, so the caller's stays usable.
        objs = list(objs)
        self.model.refuse_if_any_frozen(objs, "changing it")
        return super().bulk_update(objs, fields, *args, **kwargs)


class ToolPart(models.Model):
    """A theme, question, scale or level: changeable only while its tool is a draft."""

    TOOL_PATH = "tool"  # the lookup from this model to its AuditTool

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        self.refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_frozen("deleting part of it")
        return super().delete(*args, **kwargs)

    def _owners(self) -> dict[str, object]:
        """How to find the tools this row will belong to once saved: lookup -> value."""
        return {"pk": self.tool_id}

    @classmethod
    def refuse_if_any_frozen(cls, objs, what: str) -> None:
        """Raise ToolFrozen if any of ``objs`` is, or would become, part of a frozen tool.

        One query however many rows: the tools the rows will belong to, and the tools the
        stored rows belong to now.
        """
        lookups: dict[str, set] = {}
        stored_pks = []
        for obj in objs:
            for lookup, value in obj._owners().items():
                if value is not None:
                    lookups.setdefault(lookup, set()).add(value)
            if obj.pk is not None and not obj._state.adding:
                stored_pks.append(obj.pk)
        owners = Q(pk__in=[])
        for lookup, values in lookups.items():
            owners |= Q(**{f"{lookup}__in": values})
        if stored_pks:
            stored = cls.objects.filter(pk__in=stored_pks).values(cls.TOOL_PATH)
            owners |= Q(pk__in=stored)
        tool = frozen_tool(tool_model(cls)._default_manager.filter(owners))
        if tool is not None:
            raise ToolFrozen(what, tool)

    def refuse_if_frozen(self, what: str = "changing it") -> None:
        """Raise ToolFrozen if this row is, or would become, part of a frozen tool."""
        type(self).refuse_if_any_frozen([self], what)
