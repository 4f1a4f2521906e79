"""Identification runs in the admin, to look one up; they are approved on their page."""

from django.contrib import admin

from orientir.audit.admin_base import ReadOnlyAdmin
from orientir.identification.models import IdentificationRun


@admin.register(IdentificationRun)
class IdentificationRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "region", "academic_year", "created_at", "approved_at"]
    list_filter = ["region", "academic_year"]
