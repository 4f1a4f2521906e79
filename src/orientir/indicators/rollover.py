"""Roll a plan over to the next academic year together with its target indicators.

The plan's own content is copied by `plans.annual`; the indicators are this app's, and they
are carried here so that plans need not know them. Both happen in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from orientir.accounts.models import User
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.plans.annual import RollOver, plan_copy_to_next_year
from orientir.plans.models import Plan
from orientir.registry.models import AcademicYear


def _year(start: int) -> AcademicYear:
    return AcademicYear.objects.get_or_create(start_year=start)[0]


def indicators_carry_over(*, source: Plan, target: Plan) -> None:
    """Copy the target indicators, with the planned values of the years both plans cover.

    Actual values stay behind: they are facts of the old plan's years.
    """
    years = range(target.first_year.start_year, target.last_year.start_year + 1)
    for indicator in source.indicators.prefetch_related("values__academic_year").order_by("pk"):
        planned = {v.academic_year.start_year: v.planned for v in indicator.values.all()}
        copy = Indicator.objects.create(
            plan=target,
            group=indicator.group,
            group_text=indicator.group_text,
            name=indicator.name,
            unit=indicator.unit,
            direction=indicator.direction,
            position=indicator.position,
            computed_source=indicator.computed_source,
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=copy, academic_year=_year(year), planned=planned[year])
            for year in years
            if planned.get(year) is not None
        )


def plan_roll_over(*, actor: User, plan: Plan) -> RollOver:
    """Copy a plan to the next academic year as a draft, with its target indicators."""
    with transaction.atomic():
        result = plan_copy_to_next_year(actor=actor, plan=plan)
        indicators_carry_over(source=plan, target=result.plan)
    return result
