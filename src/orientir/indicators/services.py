"""Writes of indicator values: the actual value of a year, with its source and date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from orientir.accounts import rules
from orientir.audit.history import diff, snapshot
from orientir.audit.models import record
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.registry.models import AcademicYear

ACTUAL_FIELDS = ("actual", "actual_source", "actual_date")
BINDING_FIELDS = ("computed_source", "direction", "unit")
COMPUTED_REFUSAL = (
    "Фактическое значение этого показателя вычисляет Ориентир по своим данным. Чтобы ввести его "
    "вручную, сначала отключите вычисление."
)


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
    if indicator.computed_source:
        raise ValidationError(COMPUTED_REFUSAL)
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


@transaction.atomic
def indicator_bind(
    *, actor: Any, indicator: Indicator, source: str, direction: str = "", unit: str = ""
) -> Indicator:
    """Bind `indicator` to a computed source (its code), or unbind it with an empty code.

    The caller (the pages layer, which knows the sources) passes the source's direction and
    unit: a bound indicator is judged the way its source counts. Manual actual values stay
    in the database and are shown again once the indicator is unbound.
    """
    rules.check("edit_indicator_actuals", actor, indicator.plan)
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = snapshot(locked, BINDING_FIELDS)
    locked.computed_source = source
    if source:
        locked.direction = direction or locked.direction
        locked.unit = unit or locked.unit
    locked.save(update_fields=BINDING_FIELDS)
    changes = diff(before, snapshot(locked, BINDING_FIELDS))
    if changes:
        record(
            actor=actor,
            action="indicator.bind_source" if source else "indicator.unbind_source",
            obj=locked,
            changes=changes,
            plan=indicator.plan,
        )
    return locked
