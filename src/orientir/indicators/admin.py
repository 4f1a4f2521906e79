"""Target indicators in the admin, to look up: they are a plan's content, edited on its page."""

from django.contrib import admin

from orientir.audit.admin_base import ReadOnlyAdmin, ReadOnlyInline
from orientir.indicators.models import Indicator, IndicatorValue


class ValueInline(ReadOnlyInline):
    model = IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "group", "unit", "plan"]
    list_filter = ["group"]
    raw_id_fields = ["plan"]
    inlines = [ValueInline]
