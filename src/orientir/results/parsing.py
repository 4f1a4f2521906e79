"""Understand the rows of a results or context file: pure functions, no database.

Each parser returns the rows it understood and a list of problems, each naming the line
and the column (as headed in the file) with a one-line Russian message. The import is
all or nothing, so one problem is enough to refuse the file; we still report them all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from orientir.lib import years
from orientir.lib.numbers import parse_decimal
from orientir.lib.tables import Table
from orientir.results.catalogue import ASSESSMENT_NAMES, BUILTIN_INDICATORS, assessment_kind
from orientir.results.columns import (
    CONTEXT_COLUMNS,
    CONTEXT_REQUIRED,
    COUNT_COLUMNS,
    RESULT_COLUMNS,
    RESULT_REQUIRED,
    header_map,
)

DIRECTIONS = {
    "adverse": "adverse",
    "неблагоприятное": "adverse",
    "неблагоприятный": "adverse",
    "favourable": "favourable",
    "favorable": "favourable",
    "благоприятное": "favourable",
    "благоприятный": "favourable",
}


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"строка {self.line}"] if self.line else []
        if self.column:
            where.append(f"столбец «{self.column}»")
        return ", ".join(where) + (": " if where else "") + self.message


class RowError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class SchoolRef:
    region: str
    municipality: str
    school_id: str
    school_name: str


@dataclass(frozen=True)
class ResultRow:
    line: int
    school: SchoolRef
    year: int
    assessment: str
    kind: str
    subject: str
    grade: int | None
    participants: int
    failed: int
    mean_score: float | None
    counts: dict[str, int | None] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, int, str, str, int | None]:
        where = (self.school.region, self.school.school_id, self.year)
        return (*where, self.assessment, self.subject, self.grade)


@dataclass(frozen=True)
class ContextRow:
    line: int
    school: SchoolRef
    year: int
    indicator: str
    value: float
    direction: str | None

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.school.region, self.school.school_id, self.year, self.indicator)


@dataclass
class Parsed[T]:
    rows: list[T]
    problems: list[Problem]
    titles: dict[str, str] = field(default_factory=dict)  # column name → header as written

    def title(self, name: str) -> str:
        return self.titles.get(name, name)


class Row:
    """One line of the file, read by column name; errors carry the column as headed."""

    def __init__(self, cells: list[str], columns: dict[str, int], header: list[str]) -> None:
        self.cells, self.columns, self.header = cells, columns, header

    def title(self, name: str) -> str:
        return self.header[self.columns[name]] if name in self.columns else name

    def text(self, name: str) -> str:
        position = self.columns.get(name)
        return " ".join(self.cells[position].split()) if position is not None else ""

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            raise RowError(self.title(name), "значение не заполнено.")
        return value

    def integer(self, name: str, *, required: bool = True) -> int | None:
        text = self.text(name)
        if not text:
            if required:
                raise RowError(self.title(name), "значение не заполнено.")
            return None
        number = parse_number(text)
        if number is None or number != int(number) or number < 0:
            raise RowError(self.title(name), f"«{text}» — не целое неотрицательное число.")
        return int(number)

    def number(self, name: str, *, required: bool = True) -> float | None:
        text = self.text(name)
        if not text:
            if required:
                raise RowError(self.title(name), "значение не заполнено.")
            return None
        number = parse_number(text)
        if number is None:
            raise RowError(self.title(name), f"«{text}» — не число.")
        return number

    def year(self) -> int:
        text = self.required("year")
        start = parse_year(text)
        if start is None:
            raise RowError(self.title("year"), f"{year_problem(text)}.")
        return start

    def school(self) -> SchoolRef:
        return SchoolRef(
            region=self.text("region"),
            municipality=self.text("municipality"),
            school_id=self.required("school_id"),
            school_name=self.text("school_name"),
        )


def parse_number(text: str) -> float | None:
    """Read 74,4 or 1 234 or 12.5 %; None if it is not a finite number (lib.numbers' reading)."""
    value = parse_decimal(text)
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


_ACADEMIC_YEAR = re.compile(r"\s*(\d{4})\s*[/\-–—]\s*(\d{2}|\d{4})\s*(?:уч\.?\s*г(?:од)?\.?)?")


def _written_year(text: str) -> int | None:
    match = _ACADEMIC_YEAR.fullmatch(text)
    if not match:
        return None
    start, end = int(match[1]), match[2]
    end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    return start if end_year == start + 1 else None


def parse_year(text: str) -> int | None:
    """Return the start year of 2019/2020 (or 2019-2020, 2019/20) within lib/years, else None."""
    start = _written_year(text)
    return start if start is not None and years.in_range(start) else None


def year_problem(text: str) -> str:
    """Say in Russian why `text` is not an academic year parse_year accepts."""
    start = _written_year(text)
    if start is None:
        return f"«{text}» — учебный год пишется как 2019/2020"
    return years.range_problem(start) or ""


def parse_grade(row: Row) -> int | None:
    text = row.text("grade")
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})(?:[.,]0+)?\s*(?:кл\.?|класс|-?й)?\.?", text.casefold())
    if not match or not 1 <= int(match[1]) <= 11:
        raise RowError(row.title("grade"), f"«{text}» — класс пишется числом от 1 до 11.")
    return int(match[1])


def missing_columns(
    columns: dict[str, int], required: tuple[str, ...], extra: list[str]
) -> list[Problem]:
    missing = [name for name in required if name not in columns] + extra
    return [Problem(1, name, "в файле нет такого столбца.") for name in missing]


def _parse_rows[T](table: Table, columns: dict[str, int], parse_one: object) -> Parsed[T]:
    rows: list[T] = []
    problems: list[Problem] = []
    seen: dict[object, int] = {}
    for line, cells in table.rows:
        try:
            parsed = parse_one(Row(cells, columns, table.header), line)  # type: ignore[operator]
        except RowError as error:
            problems.append(Problem(line, error.column, str(error)))
            continue
        if parsed.key in seen:
            message = f"повторяет строку {seen[parsed.key]} (та же школа, год и ячейка)."
            problems.append(Problem(line, None, message))
            continue
        seen[parsed.key] = line
        rows.append(parsed)
    titles = {name: table.header[position] for name, position in columns.items()}
    return Parsed(rows, problems, titles)


def parse_results(table: Table) -> Parsed[ResultRow]:
    """Understand a results file: one row per school × year × assessment × subject × grade."""
    columns = header_map(table.header, RESULT_COLUMNS)
    derivable = {"failed", "band_below_min", "mark_2"} & set(columns)
    extra = [] if derivable else ["failed"]
    problems = missing_columns(columns, RESULT_REQUIRED, extra)
    if problems:
        return Parsed([], problems)
    return _parse_rows(table, columns, result_row)


def result_row(row: Row, line: int) -> ResultRow:
    school, year = row.school(), row.year()
    assessment = row.required("assessment")
    kind = assessment_kind(assessment)
    subject, grade = row.required("subject"), parse_grade(row)
    participants = row.integer("participants")
    assert participants is not None
    if participants == 0:
        raise RowError(row.title("participants"), "число участников должно быть больше нуля.")
    counts = {name: row.integer(name, required=False) for name in COUNT_COLUMNS}
    failed = _failed(row, counts)
    for name, count in [("failed", failed), *counts.items()]:
        if count is not None and count > participants:
            message = f"{count} больше числа участников ({participants})."
            raise RowError(row.title(name), message)
    mean = row.number("mean_score", required=False)
    if mean is not None and mean < 0:
        raise RowError(row.title("mean_score"), "средний балл не может быть отрицательным.")
    canonical = ASSESSMENT_NAMES.get(kind, assessment)
    return ResultRow(
        line, school, year, canonical, kind, subject, grade, participants, failed, mean, counts
    )


def _failed(row: Row, counts: dict[str, int | None]) -> int:
    """Take `failed` as written, else the ЕГЭ band below the minimum, else the marks «2»."""
    failed = row.integer("failed", required=False)
    if failed is not None:
        return failed
    for name in ("band_below_min", "mark_2"):
        if counts.get(name) is not None:
            return counts[name]  # type: ignore[return-value]
    raise RowError(row.title("failed"), "значение не заполнено.")


def parse_context(table: Table) -> Parsed[ContextRow]:
    """Understand a context file: one row per school × year × indicator."""
    columns = header_map(table.header, CONTEXT_COLUMNS)
    problems = missing_columns(columns, CONTEXT_REQUIRED, [])
    if problems:
        return Parsed([], problems)
    return _parse_rows(table, columns, context_row)


def context_row(row: Row, line: int) -> ContextRow:
    school, year = row.school(), row.year()
    code = row.required("indicator")
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", code):
        message = f"«{code}» — код показателя пишется латиницей: low_income_share."
        raise RowError(row.title("indicator"), message)
    value = row.number("value")
    assert value is not None
    direction = _direction(row)
    known = BUILTIN_INDICATORS.get(code)
    if known is None and direction is None:
        message = f"для нового показателя {code} укажите направление: adverse или favourable."
        raise RowError(row.title("direction"), message)
    if known is not None and direction is not None and direction != known[1]:
        message = f"у показателя {code} направление {known[1]}, а не {direction}."
        raise RowError(row.title("direction"), message)
    return ContextRow(line, school, year, code, value, direction)


def _direction(row: Row) -> str | None:
    text = row.text("direction")
    if not text:
        return None
    direction = DIRECTIONS.get(text.casefold())
    if direction is None:
        message = f"«{text}» — направление пишется adverse или favourable."
        raise RowError(row.title("direction"), message)
    return direction
