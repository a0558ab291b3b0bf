"""Who may see and change the audit tool (see auditportal.access).

Everyone signed in within a region reads its published (and retired) versions, which visits
and reports refer to. The region's tool owners and coordinator also see drafts, change them,
publish, retire and carry a version forward. Platform administrators see no tool: it is
audit content. Nothing crosses a region's edge.
"""

from django.db.models import Q

from auditportal import access
from auditportal.access import Policy, policy

from ..models import (
    AuditTool,
    Question,
    QuestionProposal,
    RatingLevel,
    RatingScale,
    Theme,
    ToolRelease,
)


def is_tool_editor(user) -> bool:
    """Tool owners and coordinators keep their region's tool."""
    return (user.is_tool_owner or user.is_coordinator) and user.region_id is not None


def _tool_filter(user, prefix: str = "") -> Q | None:
    """The tools this person reads, as a filter from ``prefix`` (None: no tool at all)."""
    if user.is_platform_admin or user.region_id is None:
        return None
    allowed = Q(**{f"{prefix}region_id": user.region_id})
    if not is_tool_editor(user):
        allowed &= ~Q(**{f"{prefix}status": AuditTool.Status.DRAFT})
    return allowed


def published_tools_for(user):
    """The published versions this person may plan a visit with: their region's."""
    return access.visible(user, AuditTool.objects.published())


def _edits(user, tool: AuditTool) -> bool:
    return is_tool_editor(user) and tool.region_id == user.region_id and tool.is_draft


def _why_not(user, tool: AuditTool) -> str:
    if is_tool_editor(user) and tool.is_frozen:
        return (
            f"{tool} is {tool.get_status_display().lower()}, and a published version never "
            "changes. Create the next version to change the tool."
        )
    return "Only your region's tool owners and coordinator can change the audit tool."


@policy(AuditTool)
class AuditToolPolicy(Policy):
    """The contents of a version: changeable only while it is a draft."""

    def visible(self, user, queryset):
        allowed = _tool_filter(user)
        return queryset.none() if allowed is None else queryset.filter(allowed)

    def can_change(self, user, obj):
        return _edits(user, obj)

    def can_create(self, user, **context):
        return is_tool_editor(user)

    def why_not_change(self, user, obj):
        return _why_not(user, obj)


@policy(ToolRelease)
class ToolReleasePolicy(Policy):
    """A version's life: publishing, retiring and carrying it forward to a next version."""

    def visible(self, user, queryset):
        if not is_tool_editor(user):
            return queryset.none()
        return queryset.filter(region_id=user.region_id)

    def can_change(self, user, obj):
        return is_tool_editor(user) and obj.region_id == user.region_id

    def why_not_change(self, user, obj):
        return "Only your region's tool owners and coordinator can publish or retire a version."


class _ToolPartPolicy(Policy):
    """Themes, questions, scales and levels follow the tool they belong to."""

    tool_path = "tool"

    def _tool(self, obj) -> AuditTool:
        for name in self.tool_path.split("__"):
            obj = getattr(obj, name)
        return obj

    def visible(self, user, queryset):
        allowed = _tool_filter(user, prefix=f"{self.tool_path}__")
        return queryset.none() if allowed is None else queryset.filter(allowed)

    def can_change(self, user, obj):
        return _edits(user, self._tool(obj))

    def can_create(self, user, tool=None, **context):
        return tool is not None and _edits(user, tool)

    def why_not_change(self, user, obj):
        return _why_not(user, self._tool(obj))


@policy(Theme)
class ThemePolicy(_ToolPartPolicy):
    pass


@policy(Question)
class QuestionPolicy(_ToolPartPolicy):
    pass


@policy(RatingScale)
class RatingScalePolicy(_ToolPartPolicy):
    pass


@policy(RatingLevel)
class RatingLevelPolicy(_ToolPartPolicy):
    tool_path = "scale__tool"


@policy(QuestionProposal)
class QuestionProposalPolicy(Policy):
    """PSWs propose changes and follow their own proposals; tool editors decide them."""

    def visible(self, user, queryset):
        if is_tool_editor(user):
            return queryset.filter(tool__region_id=user.region_id)
        if user.is_psw and user.region_id is not None:
            return queryset.filter(proposed_by=user, tool__region_id=user.region_id)
        return queryset.none()

    def can_change(self, user, obj):
        return is_tool_editor(user) and obj.tool.region_id == user.region_id and obj.is_open

    def can_create(self, user, tool=None, **context):
        return (
            user.is_psw
            and tool is not None
            and tool.region_id == user.region_id
            and tool.status == AuditTool.Status.PUBLISHED
        )

    def why_not_change(self, user, obj):
        if is_tool_editor(user) and not obj.is_open:
            return f"This proposal has already been {obj.get_status_display().lower()}."
        return "Only your region's tool owners and coordinator decide proposals."
