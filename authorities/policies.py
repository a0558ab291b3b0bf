"""Who may see and change regions, councils and people (see auditportal.access)."""

from auditportal.access import Policy, policy

from .models import Authority, Region, SecurityEvent, User


def _in_region(user, region_id) -> bool:
    return user.region_id is not None and user.region_id == region_id


@policy(Region)
class RegionPolicy(Policy):
    def visible(self, user, queryset):
        if user.is_platform_admin:
            return queryset
        return queryset.filter(pk=user.region_id)


@policy(Authority)
class AuthorityPolicy(Policy):
    """Council names and codes are public facts; only coordinators keep the list."""

    def visible(self, user, queryset):
        if user.is_platform_admin:
            return queryset
        return queryset.filter(region_id=user.region_id)

    def can_change(self, user, obj):
        return user.is_platform_admin or (user.is_coordinator and _in_region(user, obj.region_id))

    def can_create(self, user, **context):
        return user.is_platform_admin or user.is_coordinator

    def why_not_change(self, user, obj):
        return "Only the region's coordinator can change its councils."


@policy(User)
class PersonPolicy(Policy):
    """Coordinators keep their region's people; everyone else sees only themselves."""

    def visible(self, user, queryset):
        if user.is_platform_admin:
            return queryset
        if user.is_coordinator:
            return queryset.filter(region_id=user.region_id)
        return queryset.filter(pk=user.pk)

    def can_change(self, user, obj):
        if user.is_platform_admin:
            return True
        return (
            user.is_coordinator
            and _in_region(user, obj.region_id)
            and obj.role != User.Role.PLATFORM_ADMIN
        )

    def can_create(self, user, **context):
        return user.is_platform_admin or user.is_coordinator

    def why_not_change(self, user, obj):
        return "Only the region's coordinator can change people's details and roles."


@policy(SecurityEvent)
class SecurityEventPolicy(Policy):
    """Coordinators read their region's people's events; platform administrators all of them
    (attempts on unknown addresses belong to no region, so only they see those)."""

    def visible(self, user, queryset):
        if user.is_platform_admin:
            return queryset
        if user.is_coordinator and user.region_id:
            return queryset.filter(region_id=user.region_id)
        return queryset.none()
