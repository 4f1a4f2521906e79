"""Understanding the "сроки" column: a deadline as people write it, turned into dates.

Pure Python, no Django, so that the models, the importer, the demo builder and the
`orientir deadline` command all read a deadline the same way. CONTRACTS.md (section
`orientir deadline`) is the authority for the rules; DOMAIN.md lists the forms people use.

The parser accounts for the whole text or for nothing: whatever it cannot explain word by
word becomes an `event` deadline with no dates. A guessed date that then shows a plan as
overdue does more harm than a deadline kept only as text.

Choices the contract leaves open, made here once:

- Half-years without a year belong to the academic year: the 1st is 1 September –
  31 December Y, the 2nd is 1 January – 31 May Y+1 (the end of lessons, not of the
  academic year). With a calendar year ("1 полугодие 2019") they are calendar halves.
- Seasons without a year: autumn is Sep–Nov Y, winter Dec Y – Feb Y+1, spring Mar–May
  Y+1, summer Jun–Aug Y+1. With a year, winter Y is Dec Y – Feb Y+1.
- `2018/2019` (with a slash) and `2018-2019 учебный год` are academic years; `2018-2019`
  without "учебный" is a span of calendar years, as the contract says.
- "до" takes a day only ("до 1 ноября"): "до ноября" may mean before or by November, so it
  is an event; "до конца ноября" is understood.
- "с 1 ноября" with no end, "начало/конец/середина месяца", school terms ("четверть") and
  "ежегодно до 1 ноября" are events: none of them names a span without a guess.
- "ежедневно" is `continuous` (there is no daily recurrence).
"""

from __future__ import annotations

import html
import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from orientir.lib.russian import format_date_short, parse_month


class DeadlineKind(StrEnum):
    DATE = "date"
    UNTIL = "until"
    PERIOD = "period"
    CONTINUOUS = "continuous"
    RECURRING = "recurring"
    EVENT = "event"


class Recurrence(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUALLY = "annually"


RECURRENCE_WORDS = {
    Recurrence.WEEKLY: "еженедельно",
    Recurrence.MONTHLY: "ежемесячно",
    Recurrence.QUARTERLY: "ежеквартально",
    Recurrence.ANNUALLY: "ежегодно",
}


@dataclass(frozen=True)
class Deadline:
    """A deadline: the text as written, and what could be derived from it."""

    text: str
    kind: DeadlineKind
    start: date | None
    end: date | None
    recurrence: Recurrence | None

    def is_overdue(self, today: date) -> bool:
        """Whether the deadline has passed; an event has no date and is never overdue."""
        return self.kind != DeadlineKind.EVENT and self.end is not None and self.end < today

    def as_json(self) -> dict[str, str | None]:
        """The contract's form: `{"text", "kind", "start", "end", "recurrence"}`, ISO dates."""
        return {
            "text": self.text,
            "kind": self.kind.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "recurrence": self.recurrence.value if self.recurrence else None,
        }

    def describe(self) -> str:
        """One Russian line for people: «с 01.11.2018 по 31.05.2019», «до 19.10.2018»."""
        if self.kind == DeadlineKind.EVENT:
            written = " ".join(self.text.split())
            return f"по событию: {written}" if written else "по событию"
        if self.kind == DeadlineKind.UNTIL:
            return f"до {format_date_short(self.end)}" if self.end else _NO_DATES["until"]
        if self.start is None or self.end is None:
            return _NO_DATES[self.kind.value]
        if self.kind == DeadlineKind.DATE:
            return format_date_short(self.start)
        span = f"с {format_date_short(self.start)} по {format_date_short(self.end)}"
        if self.kind == DeadlineKind.CONTINUOUS:
            return f"постоянно, {span}"
        if self.kind == DeadlineKind.RECURRING and self.recurrence:
            return f"{RECURRENCE_WORDS[self.recurrence]}, {span}"
        return span


_WITHOUT_YEAR = "даты не определить без учебного года"
_NO_DATES = {
    "date": f"дата: {_WITHOUT_YEAR}",
    "until": f"до даты: {_WITHOUT_YEAR}",
    "period": f"период: {_WITHOUT_YEAR}",
    "continuous": f"постоянно: {_WITHOUT_YEAR}",
    "recurring": f"регулярно: {_WITHOUT_YEAR}",
}

# ---------------------------------------------------------------------------------------
# Academic years
# ---------------------------------------------------------------------------------------

_FIRST_YEAR, _LAST_YEAR = 1900, 2100
_ACADEMIC_YEAR = re.compile(r"(\d{4})\s*[/\-‐‑‒–—―−]\s*(\d{4}|\d{2})")


def parse_academic_year(text: str) -> int:
    """Return Y for the academic year "Y/Y+1" ("2018/2019", "2018-2019", "2018/19").

    Commands take the academic year as people write it; a second year that does not
    follow the first is a typo we must not silently "fix".
    """
    match = _ACADEMIC_YEAR.fullmatch(text.strip())
    if not match:
        raise ValueError("учебный год пишется как 2018/2019")
    first, second = int(match[1]), match[2]
    if not _FIRST_YEAR <= first <= _LAST_YEAR:
        raise ValueError(f"год должен быть от {_FIRST_YEAR} до {_LAST_YEAR}")
    expected = first + 1 if len(second) == 4 else (first + 1) % 100
    if int(second) != expected:
        raise ValueError(f"второй год должен следовать за первым: {first}/{first + 1}")
    return first


# ---------------------------------------------------------------------------------------
# Reading a deadline
# ---------------------------------------------------------------------------------------


def parse_deadline(text: str, academic_year: int | None = None) -> Deadline:
    """Understand one "сроки" cell of a plan for the academic year `academic_year`/+1.

    Never raises: what is not understood completely is an event, kept as text. Without
    `academic_year`, a deadline whose dates depend on it keeps its kind with no dates.
    """
    try:
        kind, start, end, recurrence = _understand(_tokens(_normalise(text)), academic_year)
    except (_Unparsed, ValueError, OverflowError):
        return Deadline(text, DeadlineKind.EVENT, None, None, None)
    return Deadline(text, kind, start, end, recurrence)


class _Unparsed(Exception):
    """The text is not understood completely, so the deadline is an event."""


# --- Normalising what people type ------------------------------------------------------

_TAG = re.compile(r"<[^<>]*>")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"))
# "1-й квартал", "2-е полугодие", "1й": the ordinal ending says nothing more than the number.
_ORDINAL = re.compile(r"(\d)(?:\s*-\s*|)(?:ый|ий|ой|й|ое|ее|е|ая|я|го|ого|му|ом|м)(?![а-я])")
# "1 раз в месяц" is another way to say "ежемесячно".
_ONCE_PER = re.compile(r"(?:(?<![\w-])(?:1|один)\s+)?(?<![\w-])раз\s+в\s+([а-я]+)(?![\w])")
_ONCE_PER_WORDS = {
    "неделю": "еженедельно",
    "месяц": "ежемесячно",
    "квартал": "ежеквартально",
    "год": "ежегодно",
}


def _normalise(text: str) -> str:
    """Lower case, one kind of dash and space, no markup, no trailing punctuation."""
    text = html.unescape(_TAG.sub(" ", text)).lower().replace("ё", "е").translate(_DASHES)
    text = _INVISIBLE.sub("", text)
    text = _ORDINAL.sub(r"\1", text)
    text = _ONCE_PER.sub(lambda m: _ONCE_PER_WORDS.get(m[1], m[0]), text)
    return " ".join(text.split()).strip(" .,;")


# --- Tokens ----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<date>\d{1,2}\.\d{1,2}(?:\.(?:\d{4}|\d{2}))?)(?!\d)"
    r"|(?P<number>\d+)"
    r"|(?P<word>[^\W\d_]+\.?)"
    r"|(?P<dash>-)"
    r"|(?P<comma>[,;])"
    r"|(?P<slash>/)"
    r"|(?P<ignored>[\s.()«»\"'“”„])"
    r"|(?P<other>.)"
)
# Latin letters typed by mistake inside a Russian word ("нoябрь" with a Latin "o").
_LOOKALIKES = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_CYRILLIC = re.compile(r"[а-я]")


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text in words


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup or "other", match[0]
        if kind == "ignored":
            continue
        if kind == "other":
            raise _Unparsed(value)
        if kind == "word":
            value = value.rstrip(".")
            if _CYRILLIC.search(value) or value == "c":
                value = value.translate(_LOOKALIKES)
        tokens.append(_Token(kind, value))
    return tokens


class _Reader:
    """Tokens read left to right, with a way back for trying an alternative."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise _Unparsed("the text ends too early")
        self.position += 1
        return token

    def accept(self, *words: str) -> bool:
        token = self.peek()
        if token is not None and token.is_word(*words):
            self.position += 1
            return True
        return False

    def accept_kind(self, kind: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == kind:
            self.position += 1
            return True
        return False

    @property
    def done(self) -> bool:
        return self.position >= len(self.tokens)


# --- Atoms: one month, day, quarter, half-year, season or year -------------------------

_DAY, _MONTH, _QUARTER, _HALF, _SEASON = "day", "month", "quarter", "half", "season"
_YEAR, _ACADEMIC, _PLAN_YEAR, _NUMBER = "year", "academic", "plan_year", "number"

_YEAR_WORDS = ("г", "гг", "год", "года", "году", "годы", "годов", "годах")
_ACADEMIC_WORDS = ("учебный", "учебного", "учебном", "учебному", "уч", "учеб")
_FILLER = ("в", "во", "на", "период")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEASONS = {  # the first month of each season
    **dict.fromkeys(("зима", "зимой", "зимы", "зимний", "зимние"), 12),
    **dict.fromkeys(("весна", "весной", "весны", "весенний", "весенние"), 3),
    **dict.fromkeys(("лето", "летом", "лета", "летний", "летние"), 6),
    **dict.fromkeys(("осень", "осенью", "осени", "осенний", "осенние"), 9),
}
_QUARTER_WORD = re.compile(r"кв|квартал[а-я]*")
# "первый квартал", "второе полугодие"; "четверть" (a school term) does not match.
_ORDINAL_WORD = re.compile(
    r"(перв|втор|трет|четверт)(?:ый|ой|ий|ое|ее|ье|ая|ья|ого|его|ьего|ом|ем|ьем)"
)
_ORDINAL_NUMBERS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}
_HALF_WORD = re.compile(r"полугоди[а-я]*")


@dataclass(frozen=True)
class _Atom:
    """One named stretch of time; `year` is the calendar year written with it, if any.

    `number` is the day, month, quarter, half-year or the first month of a season; for a
    plan-year placeholder it is 1 when "учебный" was written.
    """

    unit: str
    number: int = 0
    month: int = 0
    year: int | None = None


def _read_atom(reader: _Reader) -> _Atom:
    while reader.accept(*_FILLER):
        pass
    token = reader.take()
    if token.kind == "date":
        atom = _numeric_date(token.text)
        if atom.year is not None:
            reader.accept(*_YEAR_WORDS)
        return atom
    if token.kind == "number":
        if len(token.text) == 4:
            return _read_year(int(token.text), reader)
        return _read_numbered(int(token.text), reader, roman=False)
    if token.kind != "word":
        raise _Unparsed(token.text)
    if token.text in _ROMAN:
        return _read_numbered(_ROMAN[token.text], reader, roman=True)
    ordinal = _ORDINAL_WORD.fullmatch(token.text)
    if ordinal:
        return _read_numbered(_ORDINAL_NUMBERS[ordinal[1]], reader, roman=True)
    if token.text in _SEASONS:
        return _with_year(_Atom(_SEASON, _SEASONS[token.text]), reader)
    if token.text in _ACADEMIC_WORDS and reader.accept(*_YEAR_WORDS):
        return _Atom(_PLAN_YEAR, 1)
    if token.text in ("год", "года", "году"):
        return _Atom(_PLAN_YEAR, 0)
    month = parse_month(token.text)
    if month is None:
        raise _Unparsed(token.text)
    return _with_year(_Atom(_MONTH, month), reader)


def _numeric_date(text: str) -> _Atom:
    """ "19.10.2018", "19.10.18" or "19.10" (the year then comes from elsewhere)."""
    parts = [int(part) for part in text.split(".")]
    day, month = parts[0], parts[1]
    year = None
    if len(parts) == 3:
        year = parts[2] + 2000 if parts[2] < 100 else parts[2]
    _check_day(day, month, year)
    return _Atom(_DAY, day, month, year)


def _check_day(day: int, month: int, year: int | None) -> None:
    """Refuse a day no calendar has; without a year, 29 February is still possible."""
    if not 1 <= month <= 12:
        raise _Unparsed(f"month {month}")
    if not 1 <= day <= monthrange(2000 if year is None else year, month)[1]:
        raise _Unparsed(f"day {day}.{month}")


def _read_numbered(number: int, reader: _Reader, *, roman: bool) -> _Atom:
    """A number with what it counts: "1 ноября", "3 кв.", "II полугодие", or a bare "1".

    A `roman` number (or an ordinal word) never counts days.
    """
    token = reader.peek()
    word = token.text if token is not None and token.kind == "word" else ""
    month = None if roman or not word else parse_month(word)
    if month is not None:
        reader.take()
        _check_day(number, month, None)
        return _with_year(_Atom(_DAY, number, month), reader)
    if _QUARTER_WORD.fullmatch(word):
        reader.take()
        return _with_year(_counted(_QUARTER, number, 4), reader)
    if _HALF_WORD.fullmatch(word):
        reader.take()
        return _with_year(_counted(_HALF, number, 2), reader)
    if not 1 <= number <= (4 if roman else 31):
        raise _Unparsed(str(number))
    return _Atom(_NUMBER, number)


def _counted(unit: str, number: int, most: int) -> _Atom:
    if not 1 <= number <= most:
        raise _Unparsed(f"{unit} {number}")
    return _Atom(unit, number)


def _with_year(atom: _Atom, reader: _Reader) -> _Atom:
    """Attach a calendar year written right after the atom: "ноябрь 2018 г."."""
    token = reader.peek()
    if token is None or token.kind != "number" or len(token.text) != 4:
        return atom
    reader.take()
    year = _calendar_year(int(token.text))
    if atom.unit == _DAY:
        _check_day(atom.number, atom.month, year)
    reader.accept(*_YEAR_WORDS)
    return replace(atom, year=year)


def _calendar_year(year: int) -> int:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise _Unparsed(str(year))
    return year


def _read_year(year: int, reader: _Reader) -> _Atom:
    """A year, or an academic year: "2019 г.", "2018/2019", "2018-19 уч. год"."""
    year = _calendar_year(year)
    separator, following = reader.peek(), reader.peek(1)
    if (
        separator is not None
        and separator.kind in ("slash", "dash")
        and following is not None
        and following.kind == "number"
        and following.text in (str(year + 1), f"{(year + 1) % 100:02d}")
    ):
        after = reader.peek(2)
        academic = after is not None and after.kind == "word" and after.text in _ACADEMIC_WORDS
        if separator.kind == "slash" or academic:
            reader.position += 2
            reader.accept(*_ACADEMIC_WORDS)
            reader.accept(*_YEAR_WORDS)
            return _Atom(_ACADEMIC, year=year)
    if reader.accept(*_ACADEMIC_WORDS):
        raise _Unparsed("one year called academic")
    reader.accept(*_YEAR_WORDS)
    return _Atom(_YEAR, year=year)


# --- Ranges and lists ------------------------------------------------------------------


def _read_range(reader: _Reader) -> list[_Atom]:
    """One atom, or two joined by a dash or "по": "ноябрь – май", "с 1 по 15 ноября"."""
    while reader.accept(*_FILLER):
        pass
    opened = reader.accept("с", "со")
    first = _read_atom(reader)
    if reader.accept_kind("dash") or reader.accept("по") or (opened and reader.accept("до")):
        return [first, _read_atom(reader)]
    if opened:
        raise _Unparsed("«с» without an end")
    return [first]


def _read_ranges(reader: _Reader) -> list[list[_Atom]]:
    """Ranges listed with commas, "и" or just spaces: "Ноября – декабрь, январь – февраль"."""
    ranges = [_read_range(reader)]
    while not reader.done:
        saved = reader.position
        if not reader.accept_kind("comma"):
            reader.accept("и")
        try:
            ranges.append(_read_range(reader))
        except _Unparsed:
            reader.position = saved
            break
    return _name_bare_numbers(ranges)


def _name_bare_numbers(ranges: list[list[_Atom]]) -> list[list[_Atom]]:
    """Give a bare number the unit of the next numbered atom: "1-4 кв.", "с 1 по 15 ноября"."""
    atoms = [atom for group in ranges for atom in group]
    named = []
    for index, atom in enumerate(atoms):
        if atom.unit == _NUMBER:
            unit = next((a for a in atoms[index + 1 :] if a.unit != _NUMBER), None)
            if unit is None or unit.unit not in (_DAY, _QUARTER, _HALF):
                raise _Unparsed("a number that counts nothing")
            if unit.unit == _DAY:
                _check_day(atom.number, unit.month, None)
                atom = _Atom(_DAY, atom.number, unit.month)
            else:
                atom = _counted(unit.unit, atom.number, 4 if unit.unit == _QUARTER else 2)
        named.append(atom)
    regrouped, position = [], 0
    for group in ranges:
        regrouped.append(named[position : position + len(group)])
        position += len(group)
    return regrouped


# --- The whole text ----------------------------------------------------------------------


@dataclass
class _Frame:
    """What surrounds the dates: how often, throughout, or "до"."""

    recurrence: Recurrence | None = None
    continuous: bool = False
    until: str | None = None  # "day" for "до 1 ноября", "end" for "до конца ноября"
    needs_dates: bool = False  # "в течение" and "весь" must say of what
    ranges: list[list[_Atom]] = field(default_factory=list)


_RECURRENCES = {word: recurrence for recurrence, word in RECURRENCE_WORDS.items()}
_RECURRENCES["ежечетвертно"] = Recurrence.QUARTERLY
_CONTINUOUS_WORDS = ("постоянно", "круглогодично", "ежедневно")


def _read_frame_word(reader: _Reader, frame: _Frame) -> bool:
    """Read one word of the frame, if the next one is such; say whether it was."""
    token = reader.peek()
    if token is None or token.kind != "word":
        return False
    if token.text in _RECURRENCES:
        if frame.recurrence not in (None, _RECURRENCES[token.text]):
            raise _Unparsed("two recurrences")
        frame.recurrence = _RECURRENCES[token.text]
        reader.take()
        return True
    if token.text in _CONTINUOUS_WORDS:
        frame.continuous = True
        reader.take()
        return True
    following = reader.peek(1)
    if token.text in ("в", "во") and following is not None and following.is_word("течение"):
        reader.position += 2
        reader.accept("всего")
        frame.continuous = frame.needs_dates = True
        return True
    if token.text in ("весь", "всего"):
        frame.continuous = frame.needs_dates = True
        reader.take()
        return True
    return False


def _read_until(reader: _Reader, frame: _Frame) -> None:
    """ "до 1 ноября", "к 1 ноября", "не позднее 1 ноября", "по 31 мая", "до конца мая"."""
    if reader.accept("до"):
        frame.until = "end" if reader.accept("конца") else "day"
    elif reader.accept("к", "ко", "по"):
        frame.until = "day"
    else:
        token, following = reader.peek(), reader.peek(1)
        if token and token.is_word("не") and following and following.is_word("позднее", "позже"):
            reader.position += 2
            frame.until = "day"


def _read_frame(tokens: list[_Token]) -> _Frame:
    """Frame words before the dates, then the dates, then frame words after them."""
    reader, frame = _Reader(tokens), _Frame()
    while _read_frame_word(reader, frame) or reader.accept_kind("comma"):
        pass
    _read_until(reader, frame)
    if not reader.done and not _read_frame_word(reader, frame):
        frame.ranges = _read_ranges(reader)
    while _read_frame_word(reader, frame) or reader.accept_kind("comma"):
        pass
    reader.accept("включительно")
    if not reader.done:
        raise _Unparsed("words left over")
    return frame


_Result = tuple[DeadlineKind, date | None, date | None, Recurrence | None]


def _understand(tokens: list[_Token], academic_year: int | None) -> _Result:
    frame = _read_frame(tokens)
    if frame.until:
        return _understand_until(frame, academic_year)
    _check_plan_year(frame)
    ranges = frame.ranges or _implied_plan_year(frame)
    atoms = [atom for group in ranges for atom in group]
    all_quarters = _covers_all_quarters(ranges)
    if all_quarters and all(atom.year is None for atom in atoms):
        atoms = [_Atom(_PLAN_YEAR, 1)]
    span = _span(atoms, academic_year)
    start, end = span if span else (None, None)
    if frame.recurrence:
        return DeadlineKind.RECURRING, start, end, frame.recurrence
    if frame.continuous or all_quarters:
        return DeadlineKind.CONTINUOUS, start, end, None
    if len(atoms) == 1 and atoms[0].unit == _DAY:
        return DeadlineKind.DATE, start, end, None
    return DeadlineKind.PERIOD, start, end, None


def _check_plan_year(frame: _Frame) -> None:
    """ "года" alone is the plan's year only in "в течение года", "весь год".

    Alone in a cell it is a fragment of a row split by a page break, not a deadline.
    """
    atoms = [atom for group in frame.ranges for atom in group]
    if any(atom.unit == _PLAN_YEAR for atom in atoms) and (len(atoms) > 1 or not frame.needs_dates):
        raise _Unparsed("«года» without «в течение»")


def _implied_plan_year(frame: _Frame) -> list[list[_Atom]]:
    """ "Постоянно", "ежемесячно" with no dates: over the academic year.

    "В течение" with nothing after it is a cell cut short, not "throughout the year".
    """
    if frame.needs_dates or not (frame.continuous or frame.recurrence):
        raise _Unparsed("no dates")
    return [[_Atom(_PLAN_YEAR, 1)]]


def _understand_until(frame: _Frame, academic_year: int | None) -> _Result:
    """ "До" ends a deadline at one day, or at the end of what "до конца" names."""
    if frame.recurrence or frame.continuous or len(frame.ranges) != 1:
        raise _Unparsed("«до» with something else")
    if len(frame.ranges[0]) != 1:
        raise _Unparsed("«до» a range")
    atom = frame.ranges[0][0]
    if frame.until == "day" and atom.unit != _DAY:
        raise _Unparsed("«до» a month: before it or by its end?")
    if atom.unit == _PLAN_YEAR and atom.number == 0:
        raise _Unparsed("«до конца года»: calendar or academic?")
    span = _span([atom], academic_year)
    return DeadlineKind.UNTIL, None, span[1] if span else None, None


def _covers_all_quarters(ranges: list[list[_Atom]]) -> bool:
    """Whether quarters alone are named and together make all four: "1-4 кв."."""
    if not ranges or any(atom.unit != _QUARTER for group in ranges for atom in group):
        return False
    covered = set()
    for group in ranges:
        quarter, last = group[0].number, group[-1].number
        covered.add(quarter)
        while quarter != last:
            quarter = quarter % 4 + 1
            covered.add(quarter)
    return covered == {1, 2, 3, 4}


# --- Dates -------------------------------------------------------------------------------

_Span = tuple[date, date]


def _span(atoms: list[_Atom], academic_year: int | None) -> _Span | None:
    """From the start of the first atom to the end of the last one, or None without a year.

    Written years anchor the atoms around them ("Сентябрь- октябрь 2018 года"); with none,
    the academic year places each atom. A start that would fall after the end moves back
    one year, unless its year was written.
    """
    if any(atom.year is not None for atom in atoms):
        spans = _anchored_spans(atoms)
        start, end = spans[0][0], spans[-1][1]
    elif academic_year is None:
        return None
    else:
        spans = [_academic_span(atom, academic_year) for atom in atoms]
        start, end = spans[0][0], spans[-1][1]
        if start > end:
            start = _academic_span(atoms[0], academic_year - 1)[0]
    if start > end:
        raise _Unparsed("the start is after the end")
    return start, end


def _anchored_spans(atoms: list[_Atom]) -> list[_Span]:
    """Give an atom without a year the year of the nearest atom that has one.

    The nearest later one comes first: a year written at the end applies to the whole
    range. The atom then takes the year that keeps it in order with its anchor.
    """
    spans = []
    for index, atom in enumerate(atoms):
        if atom.unit == _PLAN_YEAR:
            raise _Unparsed("the plan's year next to a written one")
        if atom.year is not None:
            spans.append(_calendar_span(atom, atom.year))
            continue
        later = [a for a in atoms[index + 1 :] if a.year is not None]
        earlier = [a for a in atoms[:index] if a.year is not None]
        anchor = later[0] if later else earlier[-1]
        assert anchor.year is not None
        year, anchor_start = anchor.year, _calendar_span(anchor, anchor.year)[0]
        if later and _calendar_span(atom, year)[0] > anchor_start:
            year -= 1
        elif not later and _calendar_span(atom, year)[0] < anchor_start:
            year += 1
        spans.append(_calendar_span(atom, year))
    return spans


def _months(year: int, first_month: int, count: int) -> _Span:
    """From the first day of `first_month` to the last day of the `count`-th month."""
    last = first_month + count - 1
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first_month, 1), date(end_year, end_month, monthrange(end_year, end_month)[1])


def _day_span(atom: _Atom, year: int) -> _Span:
    day = date(year, atom.month, atom.number)
    return day, day


_CALENDAR: dict[str, Callable[[_Atom, int], _Span]] = {
    _DAY: _day_span,
    _MONTH: lambda atom, year: _months(year, atom.number, 1),
    _QUARTER: lambda atom, year: _months(year, 3 * atom.number - 2, 3),
    _HALF: lambda atom, year: _months(year, 6 * atom.number - 5, 6),
    _SEASON: lambda atom, year: _months(year, atom.number, 3),
    _YEAR: lambda atom, year: _months(year, 1, 12),
    _ACADEMIC: lambda atom, year: _months(year, 9, 12),
    _PLAN_YEAR: lambda atom, year: _months(year, 9, 12),
}


def _calendar_span(atom: _Atom, year: int) -> _Span:
    """The atom placed in calendar year `year` (for academic years: starting in it)."""
    return _CALENDAR[atom.unit](atom, year)


def _academic_span(atom: _Atom, academic_year: int) -> _Span:
    """The atom placed in academic year `academic_year`/+1 (see the module's docstring)."""
    y = academic_year
    if atom.unit == _HALF:
        return _months(y, 9, 4) if atom.number == 1 else _months(y + 1, 1, 5)
    if atom.unit in (_DAY, _MONTH, _SEASON):
        first_month = atom.month if atom.unit == _DAY else atom.number
        return _calendar_span(atom, y if first_month >= 9 else y + 1)
    if atom.unit == _QUARTER:
        return _calendar_span(atom, y if atom.number >= 3 else y + 1)
    return _calendar_span(atom, y)
