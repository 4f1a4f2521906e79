from django.contrib import admin

from orientir.registry import models


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["name"]


class StatusInline(admin.TabularInline):
    model = models.SchoolStatus
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "municipality", "school_type", "settlement", "code"]
    list_filter = ["kind", "region", "school_type", "settlement", "municipality"]
    search_fields = ["name", "short_name", "code"]
    inlines = [StatusInline]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "organisation"]
    search_fields = ["full_name", "short_name"]
    autocomplete_fields = ["organisation"]


@admin.register(models.AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year"]


@admin.register(models.SchoolStatus)
class SchoolStatusAdmin(admin.ModelAdmin):
    list_display = ["school", "academic_year", "status", "basis", "basis_text"]
    list_filter = ["academic_year", "status", "basis"]
    autocomplete_fields = ["school"]


@admin.register(models.Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["leader", "target", "first_year", "last_year", "agreement_number"]
    autocomplete_fields = ["leader", "target"]


@admin.register(models.Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "municipality", "school", "mentee", "academic_year"]
    list_filter = ["role", "academic_year"]
    autocomplete_fields = ["person", "school", "mentee"]
