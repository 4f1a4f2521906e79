"""Identification runs in the admin, to look one up."""

from django.contrib import admin

from orientir.identification.models import IdentificationRun


@admin.register(IdentificationRun)
class IdentificationRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "region", "academic_year", "created_at", "approved_at"]
    list_filter = ["region", "academic_year"]
