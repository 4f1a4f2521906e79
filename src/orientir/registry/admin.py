"""The registry in the admin: territories, organisations, people and assignments are master
data, added and changed here with an audit row; statuses, partnerships and academic years come
from their services (approval of a run, pairing, the pages that need a year) and are read-only.
"""

from django.contrib import admin

from orientir.audit.admin_base import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from orientir.registry import models


@admin.register(models.Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["name", "code"]


@admin.register(models.Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["name"]


class StatusInline(ReadOnlyInline):
    model = models.SchoolStatus


@admin.register(models.Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["short_name", "kind", "municipality", "school_type", "settlement", "code"]
    list_filter = ["kind", "region", "school_type", "settlement"]  # municipality: by search
    search_fields = ["name", "short_name", "code", "municipality__name"]
    inlines = [StatusInline]


@admin.register(models.Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["full_name", "position", "organisation"]
    search_fields = ["full_name", "short_name"]
    autocomplete_fields = ["organisation"]


@admin.register(models.AcademicYear)
class AcademicYearAdmin(ReadOnlyAdmin):
    list_display = ["name", "start_year"]


@admin.register(models.SchoolStatus)
class SchoolStatusAdmin(ReadOnlyAdmin):
    list_display = ["school", "academic_year", "status", "basis", "basis_text"]
    list_filter = ["academic_year", "status", "basis"]
    autocomplete_fields = ["school"]


@admin.register(models.Partnership)
class PartnershipAdmin(ReadOnlyAdmin):
    list_display = ["leader", "target", "first_year", "last_year", "agreement_number"]
    autocomplete_fields = ["leader", "target"]


@admin.register(models.Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = ["person", "role", "municipality", "school", "mentee", "academic_year"]
    list_filter = ["role", "academic_year"]
    autocomplete_fields = ["person", "school", "mentee"]
