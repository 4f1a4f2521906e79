"""Atoms placed in the calendar: by a year written with them, or by the academic year.

Choices the contract leaves open, made here once:

- Half-years without a year belong to the academic year: the 1st is 1 September –
  31 December Y, the 2nd is 1 January – 31 May Y+1 (the end of lessons, not of the
  academic year). With a calendar year ("1 полугодие 2019") they are calendar halves.
- Seasons without a year: autumn is Sep–Nov Y, winter Dec Y – Feb Y+1, spring Mar–May
  Y+1, summer Jun–Aug Y+1. With a year, winter Y is Dec Y – Feb Y+1.
- The plan's term ("весь период реализации программы") runs from 1 September of its first
  academic year to 31 August after its last; without the plan's years, over the academic
  year given.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from orientir.plans.deadlines.atoms import (
    ACADEMIC,
    DAY,
    HALF,
    MONTH,
    PLAN_TERM,
    PLAN_YEAR,
    QUARTER,
    SEASON,
    YEAR,
    Atom,
)
from orientir.plans.deadlines.words import Unparsed

Span = tuple[date, date]


@dataclass(frozen=True)
class Years:
    """The academic year a deadline belongs to, and the first and last of its plan."""

    academic: int | None
    plan_first: int | None = None
    plan_last: int | None = None

    def term(self) -> Span | None:
        first = self.plan_first if self.plan_first is not None else self.academic
        last = self.plan_last if self.plan_last is not None else self.academic
        if first is None or last is None:
            return None
        return date(first, 9, 1), date(last + 1, 8, 31)


def span(atoms: list[Atom], years: Years) -> Span | None:
    """From the start of the first atom to the end of the last one, or None without a year.

    Written years anchor the atoms around them ("Сентябрь- октябрь 2018 года"); with none,
    the academic year places each atom. A start that would fall after the end moves back
    one year, unless its year was written.
    """
    if any(atom.unit == PLAN_TERM for atom in atoms):
        if len(atoms) > 1:
            raise Unparsed("the plan's term next to other dates")
        return years.term()
    academic_year = years.academic
    if any(atom.year is not None for atom in atoms):
        spans = _anchored_spans(atoms)
        start, end = spans[0][0], spans[-1][1]
    elif academic_year is None:
        return None
    else:
        spans = [academic_span(atom, academic_year) for atom in atoms]
        start, end = spans[0][0], spans[-1][1]
        if start > end:
            start = academic_span(atoms[0], academic_year - 1)[0]
    if start > end:
        raise Unparsed("the start is after the end")
    return start, end


def end_of_academic_year(day: date) -> date:
    """The 31 August that closes the academic year `day` falls in."""
    return date(day.year if day.month < 9 else day.year + 1, 8, 31)


def _anchored_spans(atoms: list[Atom]) -> list[Span]:
    """Give an atom without a year the year of the nearest atom that has one.

    The nearest later one comes first: a year written at the end applies to the whole
    range. The atom then takes the year that keeps it in order with its anchor.
    """
    spans = []
    for index, atom in enumerate(atoms):
        if atom.unit == PLAN_YEAR:
            raise Unparsed("the plan's year next to a written one")
        if atom.year is not None:
            spans.append(calendar_span(atom, atom.year))
            continue
        later = [a for a in atoms[index + 1 :] if a.year is not None]
        earlier = [a for a in atoms[:index] if a.year is not None]
        anchor = later[0] if later else earlier[-1]
        assert anchor.year is not None
        year, anchor_start = anchor.year, calendar_span(anchor, anchor.year)[0]
        if later and calendar_span(atom, year)[0] > anchor_start:
            year -= 1
        elif not later and calendar_span(atom, year)[0] < anchor_start:
            year += 1
        spans.append(calendar_span(atom, year))
    return spans


def _months(year: int, first_month: int, count: int) -> Span:
    """From the first day of `first_month` to the last day of the `count`-th month."""
    last = first_month + count - 1
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first_month, 1), date(end_year, end_month, monthrange(end_year, end_month)[1])


def _day_span(atom: Atom, year: int) -> Span:
    """One day; a day of the week written with it must be that day's."""
    day = date(year, atom.month, atom.number)
    if atom.weekday is not None and day.weekday() != atom.weekday:
        raise Unparsed("the day of the week is not the date's")
    return day, day


_CALENDAR: dict[str, Callable[[Atom, int], Span]] = {
    DAY: _day_span,
    MONTH: lambda atom, year: _months(year, atom.number, 1),
    QUARTER: lambda atom, year: _months(year, 3 * atom.number - 2, 3),
    HALF: lambda atom, year: _months(year, 6 * atom.number - 5, 6),
    SEASON: lambda atom, year: _months(year, atom.number, 3),
    YEAR: lambda atom, year: _months(year, 1, 12),
    ACADEMIC: lambda atom, year: _months(year, 9, 12),
    PLAN_YEAR: lambda atom, year: _months(year, 9, 12),
}


def calendar_span(atom: Atom, year: int) -> Span:
    """The atom placed in calendar year `year` (for academic years: starting in it)."""
    return _CALENDAR[atom.unit](atom, year)


def academic_span(atom: Atom, academic_year: int) -> Span:
    """The atom placed in academic year `academic_year`/+1 (see the module's docstring)."""
    y = academic_year
    if atom.unit == HALF:
        return _months(y, 9, 4) if atom.number == 1 else _months(y + 1, 1, 5)
    if atom.unit in (DAY, MONTH, SEASON):
        first_month = atom.month if atom.unit == DAY else atom.number
        return calendar_span(atom, y if first_month >= 9 else y + 1)
    if atom.unit == QUARTER:
        return calendar_span(atom, y if atom.number >= 3 else y + 1)
    return calendar_span(atom, y)
