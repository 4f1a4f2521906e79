"""The deadline calendar: the activities a filter selects, laid out on the days they mark.

Two queries, whatever the window holds. The first reads only the deadline columns of the
activities with a day in the window (`window_q`) and `plans.calendar.marks` says which days
each one marks, recurrences expanded (`slots`). A page shows a few of those days' entries
(four a day on the month, fifty a page on the list), so the second query loads only those
activities, annotated with their progress by the one rule (`plans.progress`): a region's
month has some 700 marks, of which the grid shows about 150. Event-driven activities have no
day and are listed apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from orientir.lib.russian import month_name
from orientir.plans.calendar import MARK_LABELS, Mark, MonthGrid, marks
from orientir.plans.deadlines import Deadline, DeadlineKind, Recurrence
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
class Slot:
    """A day an activity marks, before the activity itself is loaded."""

    day: dt.date
    mark: Mark
    activity_id: int


@dataclass(frozen=True)
class Entry:
    day: dt.date
    mark: Mark
    activity: Any  # an Activity annotated with `progress`

    @property
    def mark_label(self) -> str:
        return MARK_LABELS[self.mark]


DEADLINE_COLUMNS = ("pk", "deadline_kind", "deadline_start", "deadline_end", "deadline_recurrence")


def slots(activities: ActivityQuerySet, first: dt.date, last: dt.date) -> list[Slot]:
    """Every day of the window an activity marks, by day, then plan and position (one query
    of the deadline columns only)."""
    rows = (
        activities.filter(window_q(first, last))
        .order_by("plan__title", "plan_id", "position", "pk")
        .values_list(*DEADLINE_COLUMNS)
    )
    found = [
        Slot(day, mark, pk)
        for pk, kind, start, end, recurrence in rows
        for day, mark in marks(_deadline(kind, start, end, recurrence), first, last)
    ]
    found.sort(key=lambda slot: slot.day)  # stable: the query's order within a day
    return found


def _deadline(kind: str, start: dt.date | None, end: dt.date | None, recurrence: str) -> Deadline:
    return Deadline(
        "", DeadlineKind(kind), start, end, Recurrence(recurrence) if recurrence else None
    )


def entries(activities: ActivityQuerySet, chosen: Iterable[Slot], today: dt.date) -> list[Entry]:
    """The `chosen` slots with their activities and progress, in their order (one query)."""
    chosen = list(chosen)
    if not chosen:
        return []
    loaded = (
        activities.filter(pk__in={slot.activity_id for slot in chosen})
        .with_progress(today)
        .select_related("plan", "plan__municipality", "plan__school")
    )
    by_pk = {activity.pk: activity for activity in loaded}
    return [Entry(slot.day, slot.mark, by_pk[slot.activity_id]) for slot in chosen]


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


def month_weeks(
    activities: ActivityQuerySet, grid: MonthGrid, found: list[Slot], today: dt.date
) -> list[list[Day]]:
    """The grid's weeks with each day's first `PER_DAY` entries and the count of the rest;
    only the entries shown are loaded (one query)."""
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in found:
        by_day.setdefault(slot.day, []).append(slot)
    shown = entries(activities, (s for listed in by_day.values() for s in listed[:PER_DAY]), today)
    shown_by_day: dict[dt.date, list[Entry]] = {}
    for entry in shown:
        shown_by_day.setdefault(entry.day, []).append(entry)
    weeks = []
    for week in grid.weeks:
        days = []
        for day in week:
            days.append(
                Day(
                    day,
                    day.month == grid.first.month,
                    day == today,
                    shown_by_day.get(day, []),
                    max(len(by_day.get(day, [])) - PER_DAY, 0),
                )
            )
        weeks.append(days)
    return weeks


def month_title(month: dt.date) -> str:
    """«Март 2026»."""
    return f"{month_name(month.month).capitalize()} {month.year}"
