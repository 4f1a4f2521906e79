from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from orientir.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "last_name",
        "first_name",
        "role",
        "region",
        "municipality",
        "organisation",
    ]
    list_filter = ["role", "region", "is_active"]
    fieldsets = (
        # django-stubs types `fieldsets` as ModelAdmin's Optional; UserAdmin's is a tuple.
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (
            "Роль и территория",
            {"fields": ("role", "region", "municipality", "organisation", "person")},
        ),
    )
    autocomplete_fields = ["organisation", "person"]
