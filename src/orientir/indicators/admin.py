from django.contrib import admin

from orientir.indicators.models import Indicator, IndicatorValue


class ValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "unit", "plan"]
    list_filter = ["group"]
    raw_id_fields = ["plan"]
    inlines = [ValueInline]
