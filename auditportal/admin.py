from django.contrib import admin

from .models import AccessDenial


@admin.register(AccessDenial)
class AccessDenialAdmin(admin.ModelAdmin):
    """Read-only: a record of refusals is evidence, not something to edit."""

    list_display = ["at", "person", "status", "view_name", "subject", "lookup", "request_id"]
    list_filter = ["status"]
    search_fields = ["view_name", "request_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
