"""Atoms of a deadline: one day, month, quarter, half-year, season, year or the plan's term.

An atom is what one phrase names ("1 ноября", "3 кв.", "весенний период 2027 г.") before
any academic year places it; ranges join two atoms with a dash or "с … по".
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, replace

from orientir.lib.russian import parse_month
from orientir.plans.deadlines.academic import FIRST_YEAR, LAST_YEAR
from orientir.plans.deadlines.words import Reader, Unparsed

DAY, MONTH, QUARTER, HALF, SEASON = "day", "month", "quarter", "half", "season"
YEAR, ACADEMIC, PLAN_YEAR, PLAN_TERM, NUMBER = "year", "academic", "plan_year", "term", "number"

YEAR_WORDS = ("г", "гг", "год", "года", "году", "годы", "годов", "годах")
ACADEMIC_WORDS = ("учебный", "учебного", "учебном", "учебному", "уч", "учеб")
_FILLER = ("в", "во", "на")
_PERIOD_WORDS = ("период", "периода", "периоды", "периоде")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _forms(first_month: int, *words: str) -> dict[str, int]:
    return dict.fromkeys(words, first_month)


_SEASONS = {  # the first month of each season; "осенне-" starts "осенне-зимний"
    **_forms(12, "зима", "зимой", "зимы", "зимний", "зимние", "зимнего", "зимнем", "зимне"),
    **_forms(3, "весна", "весной", "весны", "весенний", "весенние", "весеннего", "весеннем"),
    **_forms(3, "весенне"),
    **_forms(6, "лето", "летом", "лета", "летний", "летние", "летнего", "летнем", "летне"),
    **_forms(9, "осень", "осенью", "осени", "осенний", "осенние", "осеннего", "осеннем"),
    **_forms(9, "осенне"),
}
# "Весь период реализации программы": the plan's whole term. The words after "реализации"
# may name the plan in any of the ways plans are called.
_TERM_WORDS = ("период", "периода", "срок", "срока")
_TERM_OF = ("реализации", "действия")
_PLAN_NAMES = (
    "программы",
    "программ",
    "проекта",
    "плана",
    "дорожной",
    "карты",
    "муниципальной",
    "региональной",
    "регионального",
    "муниципального",
    "данной",
    "настоящей",
    "перехода",
)
_WEEKDAYS = {
    **dict.fromkeys(("понедельник", "пн"), 0),
    **dict.fromkeys(("вторник", "вт"), 1),
    **dict.fromkeys(("среда", "ср"), 2),
    **dict.fromkeys(("четверг", "чт"), 3),
    **dict.fromkeys(("пятница", "пт"), 4),
    **dict.fromkeys(("суббота", "сб"), 5),
    **dict.fromkeys(("воскресенье", "вс"), 6),
}
_QUARTER_WORD = re.compile(r"кв|квартал[а-я]*")
# "первый квартал", "второе полугодие"; "четверть" (a school term) does not match.
_ORDINAL_WORD = re.compile(
    r"(перв|втор|трет|четверт)(?:ый|ой|ий|ое|ее|ье|ая|ья|ого|его|ьего|ом|ем|ьем)"
)
_ORDINAL_NUMBERS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}
_HALF_WORD = re.compile(r"полугоди[а-я]*")


@dataclass(frozen=True)
class Atom:
    """One named stretch of time; `year` is the calendar year written with it, if any.

    `number` is the day, month, quarter, half-year or the first month of a season; for a
    plan-year placeholder it is 1 when "учебный" was written. `weekday` (0 is Monday) is
    the day of the week written after a date, to be checked against it.
    """

    unit: str
    number: int = 0
    month: int = 0
    year: int | None = None
    weekday: int | None = None


def skip_filler(reader: Reader) -> None:
    """Skip "в", "на", and "период" where more follows ("в период с 1 по 15 ноября")."""
    while True:
        if reader.accept(*_FILLER):
            continue
        token, following = reader.peek(), reader.peek(1)
        if (
            token is not None
            and token.is_word(*_PERIOD_WORDS)
            and following is not None
            and not following.is_word(*_TERM_OF)
        ):
            reader.take()
            continue
        return


def read_atom(reader: Reader) -> Atom:
    skip_filler(reader)
    token = reader.take()
    if token.kind == "date":
        atom = _numeric_date(token.text)
        if atom.year is not None:
            reader.accept(*YEAR_WORDS)
        return _with_weekday(atom, reader)
    if token.kind == "number":
        if len(token.text) == 4:
            return _read_year(int(token.text), reader)
        return _read_numbered(int(token.text), reader, roman=False)
    if token.kind != "word":
        raise Unparsed(token.text)
    return _read_word(token.text, reader)


def _read_word(word: str, reader: Reader) -> Atom:
    """An atom that starts with a word: a roman or ordinal number, a season, a month…"""
    if word in _ROMAN:
        return _read_numbered(_ROMAN[word], reader, roman=True)
    ordinal = _ORDINAL_WORD.fullmatch(word)
    if ordinal:
        return _read_numbered(_ORDINAL_NUMBERS[ordinal[1]], reader, roman=True)
    if word in _SEASONS:
        reader.accept(*_PERIOD_WORDS)
        return _season_year(_with_year(Atom(SEASON, _SEASONS[word]), reader), reader)
    if word in ACADEMIC_WORDS and reader.accept(*YEAR_WORDS):
        return Atom(PLAN_YEAR, 1)
    if word in ("год", "года", "году"):
        return Atom(PLAN_YEAR, 0)
    if word in _TERM_WORDS:
        return _read_term(reader)
    month = parse_month(word)
    if month is None:
        raise Unparsed(word)
    return _with_year(Atom(MONTH, month), reader)


def _read_term(reader: Reader) -> Atom:
    """ "(весь) период реализации программы", "(в течение всего) срока": the plan's term."""
    if reader.accept(*_TERM_OF):
        while reader.accept(*_PLAN_NAMES):
            pass
    return Atom(PLAN_TERM)


def _numeric_date(text: str) -> Atom:
    """ "19.10.2018", "19.10.18" or "19.10" (the year then comes from elsewhere)."""
    parts = [int(part) for part in text.split(".")]
    day, month = parts[0], parts[1]
    year = None
    if len(parts) == 3:
        year = parts[2] + 2000 if parts[2] < 100 else parts[2]
    check_day(day, month, year)
    return Atom(DAY, day, month, year)


def check_day(day: int, month: int, year: int | None) -> None:
    """Refuse a day no calendar has; without a year, 29 February is still possible."""
    if not 1 <= month <= 12:
        raise Unparsed(f"month {month}")
    if not 1 <= day <= monthrange(2000 if year is None else year, month)[1]:
        raise Unparsed(f"day {day}.{month}")


def _with_weekday(atom: Atom, reader: Reader) -> Atom:
    """Take the day of the week written after a date: "15.03.2027 (понедельник)"."""
    first = reader.peek()
    offset = 1 if first is not None and first.kind == "comma" else 0
    token = reader.peek(offset)
    if token is None or token.kind != "word" or token.text not in _WEEKDAYS:
        return atom
    reader.position += offset + 1
    return replace(atom, weekday=_WEEKDAYS[token.text])


def _read_numbered(number: int, reader: Reader, *, roman: bool) -> Atom:
    """A number with what it counts: "1 ноября", "3 кв.", "II полугодие", or a bare "1".

    A `roman` number (or an ordinal word) never counts days.
    """
    token = reader.peek()
    word = token.text if token is not None and token.kind == "word" else ""
    month = None if roman or not word else parse_month(word)
    if month is not None:
        reader.take()
        check_day(number, month, None)
        return _with_weekday(_with_year(Atom(DAY, number, month), reader), reader)
    if _QUARTER_WORD.fullmatch(word):
        reader.take()
        return _with_year(counted(QUARTER, number, 4), reader)
    if _HALF_WORD.fullmatch(word):
        reader.take()
        return _with_year(counted(HALF, number, 2), reader)
    if not 1 <= number <= (4 if roman else 31):
        raise Unparsed(str(number))
    return Atom(NUMBER, number)


def counted(unit: str, number: int, most: int) -> Atom:
    if not 1 <= number <= most:
        raise Unparsed(f"{unit} {number}")
    return Atom(unit, number)


def _with_year(atom: Atom, reader: Reader) -> Atom:
    """Attach a calendar year written right after the atom: "ноябрь 2018 г."."""
    token = reader.peek()
    if token is None or token.kind != "number" or len(token.text) != 4:
        return atom
    reader.take()
    year = calendar_year(int(token.text))
    if atom.unit == DAY:
        check_day(atom.number, atom.month, year)
    reader.accept(*YEAR_WORDS)
    return replace(atom, year=year)


def _season_year(atom: Atom, reader: Reader) -> Atom:
    """A season of an academic year: "зима 2026-2027 гг.", "весна 2026/2027 уч. года".

    Winter is the one season that a dash between two years names unambiguously.
    """
    separator, following = reader.peek(), reader.peek(1)
    if atom.year is None or separator is None or following is None:
        return atom
    if following.kind != "number" or following.text not in _next_year(atom.year):
        return atom
    academic = reader.at_word(2, *ACADEMIC_WORDS)
    if not (
        separator.kind == "slash" or academic or (separator.kind == "dash" and atom.number == 12)
    ):
        return atom
    reader.position += 2
    reader.accept(*ACADEMIC_WORDS)
    reader.accept(*YEAR_WORDS)
    return replace(atom, year=atom.year if atom.number >= 9 else atom.year + 1)


def _next_year(year: int) -> tuple[str, str]:
    return str(year + 1), f"{(year + 1) % 100:02d}"


def calendar_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Unparsed(str(year))
    return year


def _read_year(year: int, reader: Reader) -> Atom:
    """A year, or an academic year: "2019 г.", "2018/2019", "2018-19 уч. год"."""
    year = calendar_year(year)
    separator, following = reader.peek(), reader.peek(1)
    if (
        separator is not None
        and separator.kind in ("slash", "dash")
        and following is not None
        and following.kind == "number"
        and following.text in _next_year(year)
    ):
        academic = reader.at_word(2, *ACADEMIC_WORDS)
        if separator.kind == "slash" or academic:
            reader.position += 2
            reader.accept(*ACADEMIC_WORDS)
            reader.accept(*YEAR_WORDS)
            return Atom(ACADEMIC, year=year)
    if reader.accept(*ACADEMIC_WORDS):
        raise Unparsed("one year called academic")
    reader.accept(*YEAR_WORDS)
    return Atom(YEAR, year=year)
