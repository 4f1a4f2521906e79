"""Understanding the "сроки" column: a deadline as people write it, turned into dates.

Pure Python, no Django, so that the models, the importer, the demo builder and the
`orientir deadline` command all read a deadline the same way. CONTRACTS.md (section
`orientir deadline`) is the authority for the rules; DOMAIN.md lists the forms people use.

The parser accounts for the whole text or for nothing: whatever it cannot explain word by
word becomes an `event` deadline with no dates. A guessed date that then shows a plan as
overdue does more harm than a deadline kept only as text.

The package reads in steps: `words` normalises the typing and splits it into tokens,
`atoms` and `ranges` read what each phrase names, `frame` the words around the dates
(recurrence, "в течение", "до", day and weekday clauses), `spans` places it all in the
calendar. Choices the contract leaves open, made here once (the rest are in `spans`):

- `2018/2019` (with a slash) and `2018-2019 учебный год` are academic years; `2018-2019`
  without "учебный" is a span of calendar years, as the contract says.
- "до" takes a day only ("до 1 ноября"): "до ноября" may mean before or by November, so it
  is an event; "до конца ноября" is understood.
- "с 2019 года" with no end, "начало/конец/середина месяца", school terms ("четверть"),
  "ежегодно до 1 ноября" and "до 10 числа" without a recurrence are events: none of them
  names a span without a guess.
- A day of the week written after a date must be that date's; if not, one of the two is a
  typo and the deadline is an event.
- "ежедневно" is `continuous` (there is no daily recurrence).
"""

from __future__ import annotations

from datetime import date

from orientir.plans.deadlines.academic import parse_academic_year
from orientir.plans.deadlines.atoms import DAY, PLAN_TERM, PLAN_YEAR, Atom
from orientir.plans.deadlines.frame import Frame, read_frame, recurrence_of
from orientir.plans.deadlines.kinds import RECURRENCE_WORDS, Deadline, DeadlineKind, Recurrence
from orientir.plans.deadlines.ranges import only_quarters, quarter_set_span, quarters_covered
from orientir.plans.deadlines.spans import Years, end_of_academic_year, span
from orientir.plans.deadlines.words import Unparsed, normalise, tokens

__all__ = [
    "RECURRENCE_WORDS",
    "Deadline",
    "DeadlineKind",
    "Recurrence",
    "parse_academic_year",
    "parse_deadline",
]


def parse_deadline(
    text: str, academic_year: int | None = None, *, plan_years: tuple[int, int] | None = None
) -> Deadline:
    """Understand one "сроки" cell of a plan for the academic year `academic_year`/+1.

    Never raises: what is not understood completely is an event, kept as text. Without
    `academic_year`, a deadline whose dates depend on it keeps its kind with no dates.
    `plan_years` (the plan's first and last academic year) is the span of "весь период
    реализации программы"; without it, that is the academic year.
    """
    first, last = plan_years if plan_years else (None, None)
    try:
        kind, start, end, recurrence = _understand(
            read_frame(tokens(normalise(text))), Years(academic_year, first, last)
        )
    except (Unparsed, ValueError, OverflowError):
        return Deadline(text, DeadlineKind.EVENT, None, None, None)
    return Deadline(text, kind, start, end, recurrence)


_Result = tuple[DeadlineKind, date | None, date | None, Recurrence | None]


def _understand(frame: Frame, years: Years) -> _Result:
    recurrence = recurrence_of(frame)
    if frame.until:
        return _understand_until(frame, years)
    _check_plan_year(frame)
    if frame.ranges.open_start:
        return _understand_open_start(frame, recurrence, years)
    groups = frame.ranges.groups
    atoms = frame.ranges.atoms or _implied_plan_year(frame, recurrence)
    all_quarters = only_quarters(groups) and quarters_covered(groups) == {1, 2, 3, 4}
    written_year = any(atom.year is not None for atom in atoms)
    if all_quarters and not written_year:
        atoms = [Atom(PLAN_YEAR, 1)]
    elif only_quarters(groups) and len(groups) > 1 and not written_year:
        atoms = quarter_set_span(groups)
    found = span(atoms, years)
    start, end = found if found else (None, None)
    if recurrence:
        return DeadlineKind.RECURRING, start, end, recurrence
    if frame.continuous or all_quarters or atoms[0].unit == PLAN_TERM:
        return DeadlineKind.CONTINUOUS, start, end, None
    if len(atoms) == 1 and atoms[0].unit == DAY:
        return DeadlineKind.DATE, start, end, None
    return DeadlineKind.PERIOD, start, end, None


def _check_plan_year(frame: Frame) -> None:
    """ "года" alone is the plan's year only in "в течение года", "весь год".

    Alone in a cell it is a fragment of a row split by a page break, not a deadline.
    """
    atoms = frame.ranges.atoms
    if any(atom.unit == PLAN_YEAR for atom in atoms) and (len(atoms) > 1 or not frame.needs_dates):
        raise Unparsed("«года» without «в течение»")


def _implied_plan_year(frame: Frame, recurrence: Recurrence | None) -> list[Atom]:
    """ "Постоянно", "ежемесячно" with no dates: over the academic year.

    "В течение" with nothing after it is a cell cut short, not "throughout the year".
    """
    if frame.needs_dates or not (frame.continuous or recurrence):
        raise Unparsed("no dates")
    return [Atom(PLAN_YEAR, 1)]


def _understand_open_start(frame: Frame, recurrence: Recurrence | None, years: Years) -> _Result:
    """ "С 15 февраля", "начиная с 01.02.2021": from that day to the end of its academic year."""
    found = span(frame.ranges.atoms, years)
    start = found[0] if found else None
    end = end_of_academic_year(start) if start else None
    if recurrence:
        return DeadlineKind.RECURRING, start, end, recurrence
    return DeadlineKind.CONTINUOUS, start, end, None


def _understand_until(frame: Frame, years: Years) -> _Result:
    """ "До" ends a deadline at one day, or at the end of what "до конца" names."""
    if frame.recurrence or frame.continuous or len(frame.ranges.groups) != 1:
        raise Unparsed("«до» with something else")
    if len(frame.ranges.groups[0]) != 1 or frame.ranges.open_start:
        raise Unparsed("«до» a range")
    atom = frame.ranges.groups[0][0]
    if frame.until == "day" and atom.unit != DAY:
        raise Unparsed("«до» a month: before it or by its end?")
    if atom.unit == PLAN_YEAR and atom.number == 0:
        raise Unparsed("«до конца года»: calendar or academic?")
    found = span([atom], years)
    return DeadlineKind.UNTIL, None, found[1] if found else None, None
