"""Where a deadline falls on a calendar: its days within a span, recurrences expanded.

Pure functions over `plans.deadlines.Deadline`, no database: the calendar pages of
`dashboards.calendar` load the activities of a window and ask here which days each marks.

- `date`: its day; `until` and `period`: the day they end (when the work is due).
- `continuous`: its first and its last day. A span of a whole academic year drawn on every
  day would fill every cell of every month with the same rows and hide the dated ones; its
  beginning and its end are the days someone has to act on.
- `recurring`: the last day of each of its periods (a week counted from the span's start,
  a calendar month, a calendar quarter, a year counted from the start), the last period
  cut at the span's end: «ежемесячно» over 2025/2026 is due on 30 September, 31 October,
  …, 31 August.
- `event`: no day at all; the pages list such activities apart.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from orientir.plans.deadlines import Deadline, DeadlineKind, Recurrence

WEEKDAYS_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


class Mark(StrEnum):
    """What a deadline's day is for it."""

    DUE = "due"
    START = "start"
    END = "end"
    OCCURRENCE = "occurrence"


MARK_LABELS = {
    Mark.DUE: "срок",
    Mark.START: "начало",
    Mark.END: "окончание",
    Mark.OCCURRENCE: "очередной срок",
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, on the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _period_ends(recurrence: Recurrence, start: dt.date) -> Iterator[dt.date]:
    """The last days of the recurrence's periods from `start` on, without end."""
    if recurrence == Recurrence.WEEKLY:
        day = start + dt.timedelta(days=6)
        while True:
            yield day
            day += dt.timedelta(days=7)
    elif recurrence == Recurrence.ANNUALLY:
        years = 1
        while True:
            yield add_months(start, 12 * years) - dt.timedelta(days=1)
            years += 1
    else:
        step = 1 if recurrence == Recurrence.MONTHLY else 3
        day = month_end(start)
        while day.month % step:  # a quarter ends in March, June, September, December
            day = month_end(add_months(day.replace(day=1), 1))
        while True:
            yield day
            day = month_end(add_months(day.replace(day=1), step))


def _skip_to(recurrence: Recurrence, start: dt.date, first: dt.date) -> dt.date:
    """A later start with the same weekly rhythm, so a long span is not walked from its
    beginning for a month far into it (other periods restart cleanly on any month)."""
    if recurrence == Recurrence.WEEKLY and first > start:
        return start + dt.timedelta(days=7 * ((first - start).days // 7))
    if recurrence in (Recurrence.MONTHLY, Recurrence.QUARTERLY) and first > start:
        return max(start, add_months(first.replace(day=1), -3))
    return start


def occurrences(start: dt.date, end: dt.date, recurrence: Recurrence) -> Iterator[dt.date]:
    """Every due day of a recurrence over [start, end]: each period's last day, the last
    period cut at `end`."""
    for day in _period_ends(recurrence, start):
        if day >= end:
            yield end
            return
        yield day


def marks(deadline: Deadline, first: dt.date, last: dt.date) -> list[tuple[dt.date, Mark]]:
    """The days of `deadline` within [first, last], in order, each with what it marks."""
    recurrence = deadline.recurrence
    return list(_marks(deadline.kind, deadline.start, deadline.end, recurrence, first, last))


# A region's calendar asks for the same few deadlines hundreds of times in one window
# («ежемесячно» over the academic year): the days depend on nothing else, so they are kept.
@functools.lru_cache(maxsize=4096)
def _marks(
    kind: DeadlineKind,
    start: dt.date | None,
    end: dt.date | None,
    recurrence: Recurrence | None,
    first: dt.date,
    last: dt.date,
) -> tuple[tuple[dt.date, Mark], ...]:
    found = _all_marks(kind, start, end, recurrence, first, last)
    return tuple((day, mark) for day, mark in found if first <= day <= last)


def _all_marks(
    kind: DeadlineKind,
    start: dt.date | None,
    end: dt.date | None,
    recurrence: Recurrence | None,
    first: dt.date,
    last: dt.date,
) -> Iterator[tuple[dt.date, Mark]]:
    if kind == DeadlineKind.EVENT or end is None:
        return
    if kind in (DeadlineKind.DATE, DeadlineKind.UNTIL, DeadlineKind.PERIOD) or start is None:
        yield end, Mark.DUE
    elif kind == DeadlineKind.CONTINUOUS:
        yield start, Mark.START
        if end != start:
            yield end, Mark.END
    elif recurrence is None:  # recurring without a known rhythm: its span
        yield start, Mark.START
        yield end, Mark.END
    else:
        begin = _skip_to(recurrence, start, first)
        for day in occurrences(begin, end, recurrence):
            if day > last:
                return
            yield day, Mark.OCCURRENCE


@dataclass(frozen=True)
class MonthGrid:
    """The weeks of a month, Monday first; days of the months around it fill the edges."""

    first: dt.date  # the month's first day
    weeks: list[list[dt.date]]

    @property
    def start(self) -> dt.date:
        return self.weeks[0][0]

    @property
    def end(self) -> dt.date:
        return self.weeks[-1][-1]

    @property
    def previous(self) -> dt.date:
        return add_months(self.first, -1)

    @property
    def next(self) -> dt.date:
        return add_months(self.first, 1)


def month_grid(year: int, month: int) -> MonthGrid:
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return MonthGrid(dt.date(year, month, 1), weeks)


def parse_month(text: str | None, default: dt.date) -> dt.date:
    """The first day of the month written «2026-03»; `default`'s month when unreadable."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return default.replace(day=1)
