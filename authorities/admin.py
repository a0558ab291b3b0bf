from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Authority, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "retention_days"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "ons_code", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "ons_code"]


@admin.register(User)
class PersonAdmin(UserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "role", "home_authority", "region", "is_active"]
    list_filter = ["role", "region", "is_active"]
    search_fields = ["full_name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title", "role", "region", "home_authority"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "email",
                    "full_name",
                    "role",
                    "region",
                    "home_authority",
                    "password1",
                    "password2",
                ]
            },
        )
    ]
