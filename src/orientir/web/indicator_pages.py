"""The plan page's target indicators: planned and actual values per year, and their charts.

An indicator bound to a computed source shows the value Ориентир counts for the plan's
territory, read for the day the page is shown; its stored manual values stay aside. The
whole part runs a fixed number of queries: the prefetched values, and one count per computed
source the plan binds (none for a plan that binds none).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString

from orientir.dashboards import computed
from orientir.dashboards.computed import ComputedSource, Measure
from orientir.indicators.charts import Point, indicator_chart
from orientir.indicators.models import (
    ACHIEVEMENT_LABELS,
    Indicator,
    IndicatorValue,
    achieved,
    achievement,
)
from orientir.plans.models import Plan


@dataclass
class IndicatorCell:
    planned: Decimal | None
    actual: Decimal | None
    achieved: bool | None
    start_year: int
    achievement: str | None = None
    achievement_label: str = ""
    computed: bool = False
    explanation: str = ""  # of a computed value: «12 из 40 школ целевой группы»


@dataclass
class IndicatorRow:
    indicator: Indicator
    cells: list[IndicatorCell]
    source: ComputedSource | None = None  # the source it is bound to
    proposal: ComputedSource | None = None  # a source its name suggests, while unbound
    chart: SafeString = field(default_factory=lambda: SafeString(""))


@dataclass
class IndicatorGroup:
    label: str
    rows: list[IndicatorRow]


@dataclass
class IndicatorTable:
    years: list[str]
    groups: list[IndicatorGroup]
    today: dt.date | None = None

    @property
    def column_count(self) -> int:
        return 2 + 2 * len(self.years)

    @property
    def charts(self) -> list[IndicatorRow]:
        return [row for group in self.groups for row in group.rows if row.chart]

    @property
    def any_computed(self) -> bool:
        return any(row.source for group in self.groups for row in group.rows)


def indicator_cell(
    value: IndicatorValue | None,
    start_year: int,
    direction: str,
    measure: Measure | None = None,
    bound: bool = False,
) -> IndicatorCell:
    """One year of an indicator: its plan, and the manual fact or, if bound, the computed one."""
    planned = value.planned if value else None
    actual, explanation = computed.shown_fact(value.actual if value else None, bound, measure)
    state = achievement(planned, actual, direction)
    return IndicatorCell(
        planned,
        actual,
        achieved(planned, actual, direction),
        start_year,
        state,
        ACHIEVEMENT_LABELS.get(state or "", ""),
        computed=bound,
        explanation=explanation,
    )


def _chart(indicator: Indicator, cells: list[IndicatorCell]) -> SafeString:
    points = tuple(
        Point(f"{c.start_year}/{c.start_year + 1}", c.planned, c.actual, c.achievement)
        for c in cells
    )
    return _drawn(indicator.name, indicator.unit, points)


# A chart and a proposal depend on nothing but their arguments, and a road map draws twenty
# of each on every view (2 of its 35 ms): the answers are kept, keyed by everything drawn.
@functools.lru_cache(maxsize=2048)
def _drawn(name: str, unit: str, points: tuple[Point, ...]) -> SafeString:
    return indicator_chart(name, unit, list(points))


_proposal = functools.lru_cache(maxsize=2048)(computed.proposal)


def _group_label(indicator: Indicator) -> str:
    if indicator.group == Indicator.Group.OTHER and indicator.group_text:
        return indicator.group_text
    return indicator.get_group_display()


def indicator_table(
    plan: Plan, indicators: Iterable[Indicator], values: Iterable[IndicatorValue], today: dt.date
) -> IndicatorTable:
    """Arrange planned and actual values under one column per academic year.

    `values` are those of the plan's indicators, each with its academic year selected along
    (read apart rather than prefetched: a prefetch built a related manager per indicator).
    """
    indicators = list(indicators)
    by_indicator: dict[int, dict[int, IndicatorValue]] = defaultdict(dict)
    for value in values:
        by_indicator[value.indicator_id][value.academic_year.start_year] = value
    starts = set(range(plan.first_year.start_year, plan.last_year.start_year + 1))
    for indicator in indicators:
        starts.update(by_indicator[indicator.pk])
    columns = sorted(starts)
    level, territory = computed.plan_territory(plan)
    requests = [(i.computed_source, level, territory) for i in indicators if i.computed_source]
    found = computed.measures(requests, columns, today)
    groups: dict[str, IndicatorGroup] = {}
    for indicator in indicators:
        source = computed.get(indicator.computed_source) if indicator.computed_source else None
        bound = bool(indicator.computed_source)
        own = by_indicator[indicator.pk]
        cells = [
            indicator_cell(
                own.get(year),
                year,
                indicator.direction,
                found.get((indicator.computed_source, level, territory, year)),
                bound,
            )
            for year in columns
        ]
        row = IndicatorRow(indicator, cells, source, chart=_chart(indicator, cells))
        if not bound:
            row.proposal = _proposal(indicator.name, level)
        label = _group_label(indicator)
        groups.setdefault(label, IndicatorGroup(label, [])).rows.append(row)
    return IndicatorTable([f"{y}/{y + 1}" for y in columns], list(groups.values()), today)
