"""Results, context and risk profiles in the admin, to look up.

A wrong value is corrected by loading the corrected file again (rows are updated in place),
and a risk profile on the school's page: both audited, which the admin would not be.
"""

from django.contrib import admin

from orientir.audit.admin_base import ReadOnlyAdmin
from orientir.results.models import AssessmentResult, ContextIndicator, ContextValue, RiskAssessment


@admin.register(AssessmentResult)
class AssessmentResultAdmin(ReadOnlyAdmin):
    list_display = ["school", "academic_year", "assessment", "subject", "grade", "participants"]
    list_filter = ["assessment", "academic_year"]
    search_fields = ["school__short_name", "school__code", "subject"]
    raw_id_fields = ["school"]


@admin.register(ContextIndicator)
class ContextIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "direction"]


@admin.register(ContextValue)
class ContextValueAdmin(ReadOnlyAdmin):
    list_display = ["school", "academic_year", "indicator", "value"]
    list_filter = ["indicator", "academic_year"]
    search_fields = ["school__short_name", "school__code"]
    raw_id_fields = ["school"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["school", "academic_year", "factor", "level"]
    list_filter = ["factor", "level", "academic_year"]
    search_fields = ["school__short_name", "school__code"]
    raw_id_fields = ["school"]
