"""Results, context and risk profiles in the admin: staff correct a single wrong value there."""

from django.contrib import admin

from orientir.results.models import AssessmentResult, ContextIndicator, ContextValue, RiskAssessment


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = ["school", "academic_year", "assessment", "subject", "grade", "participants"]
    list_filter = ["assessment", "academic_year"]
    search_fields = ["school__short_name", "school__code", "subject"]
    raw_id_fields = ["school"]


@admin.register(ContextIndicator)
class ContextIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "direction"]


@admin.register(ContextValue)
class ContextValueAdmin(admin.ModelAdmin):
    list_display = ["school", "academic_year", "indicator", "value"]
    list_filter = ["indicator", "academic_year"]
    search_fields = ["school__short_name", "school__code"]
    raw_id_fields = ["school"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(admin.ModelAdmin):
    list_display = ["school", "academic_year", "factor", "level"]
    list_filter = ["factor", "level", "academic_year"]
    search_fields = ["school__short_name", "school__code"]
    raw_id_fields = ["school"]
