from django.contrib import admin

from orientir.indicators.models import Indicator, IndicatorValue
from orientir.plans.admin import LockedPlanContentAdmin, LockedPlanInline


class ValueInline(LockedPlanInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(LockedPlanContentAdmin):
    list_display = ["name", "group", "unit", "plan"]
    list_filter = ["group"]
    raw_id_fields = ["plan"]
    inlines = [ValueInline]
