"""Municipalities side by side for the region's users, on screen and as an Excel workbook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone

from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.dashboards import computed
from orientir.dashboards.figures import Territory, list_url
from orientir.dashboards.filters import activity_filter, plan_filter, school_status_filter
from orientir.execution.completeness import Score
from orientir.execution.selectors import evidence_sums
from orientir.plans.models import Activity, Plan
from orientir.plans.progress import Progress, current_start_year
from orientir.registry.models import Municipality, Region

ACTIVITIES = "dashboard-activities"


@dataclass
class MunicipalityRow:
    municipality: Municipality
    roadmap_state: str = ""
    activities: int = 0
    done: int = 0
    overdue: int = 0
    evidence: Score = field(default_factory=Score)
    indicators_met: int = 0
    indicators_measured: int = 0
    target_schools: int = 0
    updated: dt.datetime | None = None
    urls: dict[str, str] = field(default_factory=dict)

    @property
    def done_percent(self) -> int | None:
        return self.done * 100 // self.activities if self.activities else None

    @property
    def indicator_percent(self) -> int | None:
        if not self.indicators_measured:
            return None
        return self.indicators_met * 100 // self.indicators_measured


# Column key → (heading, how a row sorts by it); None sorts last whichever the direction.
COLUMNS: dict[str, tuple[str, Any]] = {
    "name": ("Муниципалитет", lambda r: r.municipality.name.casefold()),
    "state": ("Дорожная карта", lambda r: r.roadmap_state),
    "done": ("Выполнено, %", lambda r: r.done_percent),
    "overdue": ("Просрочено", lambda r: r.overdue),
    "evidence": ("Полнота документов, %", lambda r: r.evidence.percent),
    "indicators": ("Показатели достигнуты, %", lambda r: r.indicator_percent),
    "schools": ("Статусов ШНОР и ШНСУ", lambda r: r.target_schools),
    "updated": ("Обновлено", lambda r: r.updated),
}


def _name(row: MunicipalityRow) -> str:
    return row.municipality.name.casefold()


def sort_rows(rows: list[MunicipalityRow], sort: str) -> list[MunicipalityRow]:
    """Sort by a column key; "-overdue" is descending. Unknown keys sort by name."""
    key = sort.lstrip("-")
    if key not in COLUMNS:
        key, sort = "name", "name"
    value = COLUMNS[key][1]
    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: (value(r), _name(r)), reverse=sort.startswith("-"))
    return present + sorted(missing, key=_name)


def _rows(user: User, region: Region) -> dict[int, MunicipalityRow]:
    found = visible(Municipality, user).filter(region=region).order_by("name", "pk")
    return {m.pk: MunicipalityRow(m) for m in found}


def _fill_activities(rows: dict[int, MunicipalityRow], user: User, t: Territory, today: dt.date):
    year = current_start_year(today)
    base = activity_filter(user, t.params, today).qs.filter(academic_year__start_year=year)
    counted = (
        base.with_progress(today)  # type: ignore[attr-defined]
        .values("plan__municipality", "progress")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in counted:
        row = rows.get(r["plan__municipality"])
        if row is None:
            continue
        row.activities += r["n"]
        if r["progress"] == Progress.DONE:
            row.done += r["n"]
        if r["progress"] == Progress.OVERDUE:
            row.overdue += r["n"]
    for pk, row in rows.items():
        row.urls = {
            "overdue": list_url(ACTIVITIES, t, municipality=pk, year=year, progress="overdue"),
            "done": list_url(ACTIVITIES, t, municipality=pk, year=year, progress="done"),
            "activities": list_url(ACTIVITIES, t, municipality=pk, year=year),
            "schools": list_url("dashboard-schools", t, municipality=pk, year=year, target="true"),
            "plans": list_url("dashboard-plans", t, municipality=pk, year=year),
        }


def _fill_plans(rows: dict[int, MunicipalityRow], user: User, t: Territory, today: dt.date):
    year = current_start_year(today)
    plans = list(plan_filter(user, {**t.params, "year": year}, today).qs)
    activities = Activity.objects.filter(plan__in=[p.pk for p in plans])
    for (municipality,), found in evidence_sums(activities, "plan__municipality").items():
        if municipality in rows:
            rows[municipality].evidence = found.score
    for plan in plans:
        if plan.municipality_id in rows and plan.kind == Plan.Kind.ROADMAP:
            rows[plan.municipality_id].roadmap_state = plan.get_state_display()
    by_pk = {p.pk: p for p in plans}
    values = computed.planned_values(by_pk, year)
    shown = computed.achievements(values, by_pk, year, today)
    for value in values:
        measured = rows.get(by_pk[value.plan_id].municipality_id or 0)
        achieved = shown[value.pk]
        if measured is None or achieved is None:
            continue
        measured.indicators_measured += 1
        measured.indicators_met += int(achieved)
    updated = (
        visible(Plan, user)
        .filter(region=t.region_id, municipality__isnull=False)
        .values("municipality")
        .annotate(last=Max("updated_at"))
        .order_by()
    )
    for r in updated:
        if r["municipality"] in rows:
            rows[r["municipality"]].updated = r["last"]


def _fill_schools(rows: dict[int, MunicipalityRow], user: User, t: Territory, today: dt.date):
    year = current_start_year(today)
    counted = (
        school_status_filter(user, {**t.params, "year": year, "target": "true"}, today)
        .qs.values("school__municipality")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in counted:
        if r["school__municipality"] in rows:
            rows[r["school__municipality"]].target_schools = r["n"]


def municipality_table(
    user: User, region: Region, today: dt.date, sort: str = "-overdue"
) -> list[MunicipalityRow]:
    """One row per municipality the user sees, in a fixed number of queries."""
    territory = Territory("region", region.name, region.pk, {"region": str(region.pk)})
    rows = _rows(user, region)
    _fill_activities(rows, user, territory, today)
    _fill_plans(rows, user, territory, today)
    _fill_schools(rows, user, territory, today)
    return sort_rows(list(rows.values()), sort)


def _cell(value: int | None) -> int | str:
    return "" if value is None else value


def table_xlsx(rows: list[MunicipalityRow], title: str) -> bytes:
    """The table as an .xlsx workbook: the same columns, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Муниципалитеты"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([heading for heading, _ in COLUMNS.values()])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.municipality.name,
                row.roadmap_state,
                _cell(row.done_percent),
                row.overdue,
                _cell(row.evidence.percent),
                _cell(row.indicator_percent),
                row.target_schools,
                timezone.localtime(row.updated).strftime("%d.%m.%Y") if row.updated else "",
            ]
        )
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 24
    output = BytesIO()
    book.save(output)
    return output.getvalue()
