"""Writes of indicator values: the actual value of a year, with its source and date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from orientir.accounts import rules
from orientir.audit.history import diff, snapshot
from orientir.audit.models import record
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.registry.models import AcademicYear

ACTUAL_FIELDS = ("actual", "actual_source", "actual_date")


@transaction.atomic
def indicator_value_set(
    *,
    actor: Any,
    indicator: Indicator,
    year: AcademicYear,
    actual: Decimal | None,
    source: str,
    date: dt.date | None,
) -> IndicatorValue:
    """Record the actual value of `indicator` for `year`, audited with the value it replaces."""
    rules.check("edit_indicator_actuals", actor, indicator.plan)
    value, _ = IndicatorValue.objects.select_for_update().get_or_create(
        indicator=indicator, academic_year=year
    )
    before = snapshot(value, ACTUAL_FIELDS)
    value.actual, value.actual_source, value.actual_date = actual, source, date
    value.save(update_fields=ACTUAL_FIELDS)
    value.refresh_from_db(fields=["actual"])
    record(
        actor=actor,
        action="indicator_value.set_actual",
        obj=value,
        changes=diff(before, snapshot(value, ACTUAL_FIELDS)),
        plan=indicator.plan,
    )
    return value
