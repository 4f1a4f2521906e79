"""The municipalities' indicators of one name side by side, for the region's users.

Road maps name their indicators each in its own words; names are grouped after
`computed.normalised` (case, ё, spaces, a closing full stop). For the chosen name each
municipality has one row: per academic year the plan, the fact (typed in, or computed for
the municipality if the indicator is bound) and the achievement, each figure a link to the
road map it comes from. A municipality with several road maps takes each year from the
latest road map that covers it. The page runs a fixed number of queries: the names, the
chosen indicators with their values, the municipalities, and one count per computed source.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db.models import Prefetch

from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.dashboards import computed
from orientir.indicators.models import ACHIEVEMENT_LABELS, Indicator, IndicatorValue, achievement
from orientir.plans.models import Plan
from orientir.registry.models import Municipality, Region


@dataclass(frozen=True)
class Name:
    key: str  # the normalised name
    label: str  # the most common spelling
    municipalities: int


@dataclass
class Cell:
    year: int
    planned: Decimal | None = None
    actual: Decimal | None = None
    achievement: str | None = None
    computed: bool = False
    explanation: str = ""
    plan_id: int | None = None

    @property
    def achievement_label(self) -> str:
        return ACHIEVEMENT_LABELS.get(self.achievement or "", "")


@dataclass
class Row:
    municipality: Municipality
    cells: list[Cell]
    plans: list[Plan] = field(default_factory=list)


@dataclass
class Comparison:
    names: list[Name]
    chosen: Name | None
    years: list[int]
    rows: list[Row]
    unit: str = ""

    @property
    def year_names(self) -> list[str]:
        return [f"{y}/{y + 1}" for y in self.years]

    def totals(self) -> list[Counter[str]]:
        """Per year, how many municipalities met, came close, missed, or had no fact."""
        found = [Counter[str]() for _ in self.years]
        for row in self.rows:
            for counter, cell in zip(found, row.cells, strict=True):
                if cell.planned is not None or cell.actual is not None:
                    counter[cell.achievement or "unknown"] += 1
        return found


def _roadmap_indicators(user: User, region: Region) -> list[tuple[int, str, int]]:
    return list(
        visible(Indicator, user)
        .filter(plan__region=region, plan__kind=Plan.Kind.ROADMAP, plan__municipality__isnull=False)
        .values_list("pk", "name", "plan__municipality")
    )


def indicator_names(found: list[tuple[int, str, int]]) -> list[Name]:
    """The names the road maps use, most widely used first."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    places: dict[str, set[int]] = defaultdict(set)
    for _, name, municipality in found:
        key = computed.normalised(name)
        spellings[key][" ".join(name.split())] += 1
        places[key].add(municipality)
    names = [Name(k, spellings[k].most_common(1)[0][0], len(places[k])) for k in spellings]
    return sorted(names, key=lambda n: (-n.municipalities, n.key))


def _chosen_indicators(pks: list[int]) -> list[Indicator]:
    values = IndicatorValue.objects.select_related("academic_year")
    return list(
        Indicator.objects.filter(pk__in=pks)
        .select_related("plan", "plan__first_year", "plan__last_year")
        .prefetch_related(Prefetch("values", values))
        .order_by("-plan__first_year__start_year", "-plan__pk", "pk")
    )


def _years(indicators: list[Indicator]) -> list[int]:
    years: set[int] = set()
    for indicator in indicators:
        plan = indicator.plan
        years.update(range(plan.first_year.start_year, plan.last_year.start_year + 1))
        years.update(v.academic_year.start_year for v in indicator.values.all())
    return sorted(years)


def _cell(indicator: Indicator, year: int, measured: dict[Any, computed.Measure]) -> Cell:
    value = next((v for v in indicator.values.all() if v.academic_year.start_year == year), None)
    planned = value.planned if value else None
    cell = Cell(year, planned=planned, plan_id=indicator.plan_id)
    cell.computed = bool(indicator.computed_source)
    measure = measured.get(
        (indicator.computed_source, "municipality", indicator.plan.municipality_id, year)
    )
    typed = value.actual if value else None
    cell.actual, cell.explanation = computed.shown_fact(typed, cell.computed, measure)
    cell.achievement = achievement(planned, cell.actual, indicator.direction)
    return cell


def _covering(indicators: list[Indicator], year: int) -> Indicator | None:
    """The latest road map's indicator whose years hold `year`, else one with a value then."""
    for indicator in indicators:  # latest road map first
        plan = indicator.plan
        if plan.first_year.start_year <= year <= plan.last_year.start_year:
            return indicator
    for indicator in indicators:
        if any(v.academic_year.start_year == year for v in indicator.values.all()):
            return indicator
    return None


def comparison(user: User, region: Region, key: str, today: dt.date) -> Comparison:
    """The table of one indicator name (`key`, normalised; the most used one if unknown)."""
    found = _roadmap_indicators(user, region)
    names = indicator_names(found)
    chosen = next((n for n in names if n.key == key), names[0] if names else None)
    pks = [pk for pk, name, _ in found if chosen and computed.normalised(name) == chosen.key]
    indicators = _chosen_indicators(pks)
    years = _years(indicators)
    by_municipality: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_municipality[indicator.plan.municipality_id or 0].append(indicator)
    requests: list[computed.Request] = [
        (i.computed_source, "municipality", i.plan.municipality_id or 0)
        for i in indicators
        if i.computed_source
    ]
    measured = computed.measures(requests, years, today)
    rows = []
    for municipality in visible(Municipality, user).filter(region=region).order_by("name", "pk"):
        own = by_municipality.get(municipality.pk, [])
        cells = []
        for year in years:
            covering = _covering(own, year)
            cells.append(_cell(covering, year, measured) if covering else Cell(year))
        plans = list({i.plan_id: i.plan for i in own}.values())
        rows.append(Row(municipality, cells, plans))
    units = Counter(i.unit for i in indicators if i.unit)
    unit = units.most_common(1)[0][0] if units else ""
    return Comparison(names, chosen, years, rows, unit)


def comparison_xlsx(table: Comparison, title: str) -> bytes:
    """The table as an .xlsx workbook: per year the plan, the fact and the achievement."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Показатель"
    sheet.append([title])
    sheet.append([table.chosen.label if table.chosen else ""])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Муниципалитет", *(n for y in table.year_names for n in (y, "", ""))])
    sheet.append(["", *(n for _ in table.years for n in ("план", "факт", "достижение"))])
    for row in sheet.iter_rows(min_row=3, max_row=4):
        for cell in row:
            cell.font = Font(bold=True)
    for column in range(len(table.years)):
        first = 2 + 3 * column
        sheet.merge_cells(start_row=3, start_column=first, end_row=3, end_column=first + 2)
        sheet.cell(3, first).alignment = Alignment(horizontal="center")
    for row in table.rows:
        figures: list[object] = []
        for cell in row.cells:
            figures += [_number(cell.planned), _number(cell.actual), cell.achievement_label]
        sheet.append([row.municipality.name, *figures])
    sheet.column_dimensions["A"].width = 36
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _number(value: object) -> float | str:
    return "" if value is None else float(str(value))
