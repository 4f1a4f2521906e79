"""The deadline calendar: the activities a filter selects, laid out on the days they mark.

One query loads the activities with a day in the window (`window_q`), annotated with their
progress by the one rule (`plans.progress`); `plans.calendar.marks` says which days each one
marks, recurrences expanded. Event-driven activities have no day and are listed apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from orientir.lib.russian import month_name
from orientir.plans.calendar import MARK_LABELS, Mark, MonthGrid, marks
from orientir.plans.deadlines import DeadlineKind
from orientir.plans.models import Activity, ActivityQuerySet
from orientir.plans.progress import current_start_year

# More entries than this on one day of the month view are counted, and linked to the list.
PER_DAY = 4
ONE_DAY = (DeadlineKind.DATE, DeadlineKind.UNTIL, DeadlineKind.PERIOD)


def window_q(first: dt.date, last: dt.date) -> Q:
    """Activities with a day in [first, last]: a due day, a continuous span's first or last
    day, or a recurrence overlapping it (its occurrences are found in Python)."""
    due = Q(deadline_kind__in=ONE_DAY, deadline_end__range=(first, last))
    continuous = Q(deadline_kind=DeadlineKind.CONTINUOUS) & (
        Q(deadline_start__range=(first, last)) | Q(deadline_end__range=(first, last))
    )
    recurring = Q(
        deadline_kind=DeadlineKind.RECURRING, deadline_start__lte=last, deadline_end__gte=first
    )
    return due | continuous | recurring


@dataclass(frozen=True)
class Entry:
    day: dt.date
    mark: Mark
    activity: Any  # an Activity annotated with `progress`

    @property
    def mark_label(self) -> str:
        return MARK_LABELS[self.mark]


def entries(activities: ActivityQuerySet, first: dt.date, last: dt.date, today: dt.date) -> list:
    """Every entry of the window, by day, then plan and position (one query)."""
    rows = (
        activities.filter(window_q(first, last))
        .with_progress(today)
        .select_related("plan", "plan__municipality", "plan__school")
        .order_by("plan__title", "plan_id", "position", "pk")
    )
    found = [
        Entry(day, mark, activity)
        for activity in rows
        for day, mark in marks(activity.deadline, first, last)
    ]
    found.sort(key=lambda entry: entry.day)  # stable: the query's order within a day
    return found


def events(activities: QuerySet[Activity], month: dt.date, today: dt.date) -> Any:
    """The event-driven activities of the academic year the month belongs to."""
    return (
        activities.filter(
            deadline_kind=DeadlineKind.EVENT,
            academic_year__start_year=current_start_year(month),
        )
        .with_progress(today)  # type: ignore[attr-defined]
        .select_related("plan", "plan__municipality", "plan__school")
        .order_by("plan__title", "plan_id", "position", "pk")
    )


@dataclass
class Day:
    day: dt.date
    in_month: bool
    is_today: bool
    entries: list[Entry] = field(default_factory=list)
    more: int = 0


def month_weeks(grid: MonthGrid, found: list[Entry], today: dt.date) -> list[list[Day]]:
    """The grid's weeks with each day's first `PER_DAY` entries and the count of the rest."""
    by_day: dict[dt.date, list[Entry]] = {}
    for entry in found:
        by_day.setdefault(entry.day, []).append(entry)
    weeks = []
    for week in grid.weeks:
        days = []
        for day in week:
            listed = by_day.get(day, [])
            days.append(
                Day(
                    day,
                    day.month == grid.first.month,
                    day == today,
                    listed[:PER_DAY],
                    max(len(listed) - PER_DAY, 0),
                )
            )
        weeks.append(days)
    return weeks


def month_title(month: dt.date) -> str:
    """«Март 2026»."""
    return f"{month_name(month.month).capitalize()} {month.year}"
