"""Who reaches tokens and the API's call log (see auditportal.access): each person their own."""

from auditportal.access import Policy, policy

from .models import ApiCall, PersonalToken


@policy(PersonalToken)
class PersonalTokenPolicy(Policy):
    def visible(self, user, queryset):
        return queryset.filter(owner=user)

    def can_change(self, user, obj):
        return obj.owner_id == user.pk and not obj.is_revoked

    def can_create(self, user, **context):
        return True  # anyone who can sign in reads, through a token, only what they may read

    def why_not_change(self, user, obj):
        return "This token has already been revoked."


@policy(ApiCall)
class ApiCallPolicy(Policy):
    def visible(self, user, queryset):
        return queryset.filter(person=user)
