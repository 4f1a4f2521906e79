"""The academic years a person may type: from 2000/2001 to two years ahead of today.

A year typed by mistake (2100, 1800) must not create an academic year nobody can use, so every
place that reads a year from a person or a file checks it here.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

FIRST_START_YEAR = 2000
YEARS_AHEAD = 2


def current_start_year(today: dt.date | None = None) -> int:
    """Return the start year of the academic year (1 September – 31 August) of `today`."""
    day = today or timezone.localdate()
    return day.year if day.month >= 9 else day.year - 1


def last_start_year(today: dt.date | None = None) -> int:
    return current_start_year(today) + YEARS_AHEAD


def in_range(start: int, today: dt.date | None = None) -> bool:
    return FIRST_START_YEAR <= start <= last_start_year(today)


def range_problem(start: int, today: dt.date | None = None) -> str | None:
    """Say in Russian why `start`/`start + 1` is out of range, or return None."""
    if in_range(start, today):
        return None
    last = last_start_year(today)
    return (
        f"учебный год {start}/{start + 1} вне допустимых: "
        f"от {FIRST_START_YEAR}/{FIRST_START_YEAR + 1} до {last}/{last + 1}"
    )
