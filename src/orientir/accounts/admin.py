"""Users in the admin: added and changed with an audit row, never deleted (deactivate them)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from orientir.accounts.models import User
from orientir.audit.admin_base import AuditedAdmin, audit_password_change


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):  # type: ignore[misc]
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

    @transaction.atomic
    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        user = self.get_object(request, id)
        if user is not None:
            audit_password_change(request, user, response)
        return response
