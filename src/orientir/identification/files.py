"""Run identification straight from results and context files, without the database.

`orientir identify --results FILE … --context FILE …` reads files laid out as COLUMNS.md
says (the importers' layout) and runs the same method as over the database. A national
file has millions of rows, so a CSV is read as a stream into compact arrays, never into
one Python object per row: each row goes through a fast path for the usual case, and a
row the fast path does not recognise is handed to the importers' own parser
(`parsing.py`). So a file is accepted, and a bad row reported, exactly as `orientir
results import` / `orientir context import` would do it. An XLSX is read whole with the
importers' reader (a sheet holds at most a million rows).

Schools are told apart by `(region, school_id)` as written in the files (region compared
loosely: case, «ё» and spaces). A row without a region (no column, or an empty cell)
belongs to the region that the same `school_id` has in the other rows; a `school_id`
never given a region forms, with the others like it, one region named "". The same cell
in two files is taken from the later file, as a later import would replace it; twice in
one file is an error, as in an import.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from orientir.identification.document import write_document
from orientir.identification.engine import Dataset, Outcome, identify
from orientir.identification.explain import Explainer, year_name
from orientir.identification.method import Settings
from orientir.lib.stats import Labels
from orientir.lib.tables import TableError, detect_delimiter, read_table
from orientir.results.catalogue import ASSESSMENT_NAMES, BUILTIN_INDICATORS, assessment_kind
from orientir.results.columns import (
    CONTEXT_COLUMNS,
    CONTEXT_REQUIRED,
    COUNT_COLUMNS,
    RESULT_COLUMNS,
    RESULT_REQUIRED,
    header_map,
)
from orientir.results.parsing import (
    DIRECTIONS,
    Problem,
    Row,
    RowError,
    SchoolRef,
    context_row,
    missing_columns,
    parse_grade,
    parse_year,
    result_row,
)

SHOWN = 3  # problems named in the one-line message, as in an import
BIG = 10**9  # larger counts go the slow way (a float would lose their digits)
RESULT_INTS = 8  # school, year, assessment, subject, grade, n, failed, line
CONTEXT_INTS = 4  # school, year, indicator, line
CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")


class FilesRefused(ValueError):
    """A file cannot be used; the message names the file, the rows and the columns."""

    def __init__(self, source: str, problems: list[Problem], total: int | None = None) -> None:
        self.source, self.problems = source, problems
        self.total = len(problems) if total is None else total
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = "; ".join(str(p).rstrip(".") for p in self.problems[:SHOWN])
        more = self.total - min(SHOWN, len(self.problems))
        tail = f" (и ещё ошибок: {more})" if more > 0 else ""
        return f"Файл {self.source}: {parts}{tail}. Расчёт не выполнен."


class RegionUnknown(ValueError):
    """`--region` names a region that no file has."""


class _Slow(Exception):
    """The fast path does not recognise the row; the importers' parser decides."""


class _Cache(dict[Any, Any]):
    """Remember `make(raw)` for each raw cell text; None means "go the slow way"."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.make(key)
        return value


def clean_text(raw: str) -> str:
    return " ".join(raw.split())


def region_key(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


@dataclass
class _Part:
    """The rows of one file: integer columns side by side, and the one float column."""

    source: str
    ints: np.ndarray  # rows × RESULT_INTS or CONTEXT_INTS
    floats: np.ndarray


@dataclass
class Reader:
    """What the files read so far share: schools, names and indicator directions."""

    schools: dict[tuple[str, str], int] = field(default_factory=dict)
    school_pairs: list[tuple[str, str]] = field(default_factory=list)  # (region, school_id)
    school_first: list[tuple[str, int]] = field(default_factory=list)  # (file, line)
    school_municipality: list[str] = field(default_factory=list)  # as first written
    assessments: Labels = field(default_factory=Labels)
    subjects: Labels = field(default_factory=Labels)
    indicators: Labels = field(default_factory=Labels)
    directions: dict[str, str] = field(default_factory=dict)  # code → adverse/favourable
    results: list[_Part] = field(default_factory=list)
    context: list[_Part] = field(default_factory=list)
    rows_read: int = 0

    def school(
        self, region: str, school_id: str, source: str, line: int, municipality: str = ""
    ) -> int:
        key = (region, school_id)
        label = self.schools.get(key)
        if label is None:
            label = self.schools[key] = len(self.school_pairs)
            self.school_pairs.append(key)
            self.school_first.append((source, line))
            self.school_municipality.append(municipality)
        elif municipality and not self.school_municipality[label]:
            self.school_municipality[label] = municipality
        return label

    def read_results(self, path: Path) -> None:
        header, lines = open_table(path)
        self.results.append(_ResultFile(self, path.name, header).read(lines))

    def read_context(self, path: Path) -> None:
        header, lines = open_table(path)
        self.context.append(_ContextFile(self, path.name, header).read(lines))


# Reading a table as a stream ------------------------------------------------------------


def open_table(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and the numbered non-empty rows of a CSV (streamed) or an XLSX (whole)."""
    name = path.name
    try:
        with path.open("rb") as file:
            start = file.read(4)
    except OSError as error:
        raise TableError(f"Файл {name}: не удалось прочитать ({error.strerror}).") from error
    if start == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        table = read_table(path.read_bytes(), name)
        return table.header, iter(table.rows)
    encoding = _encoding(path)
    lines = _csv_lines(path, encoding)
    for _line, cells in lines:
        return [cell.strip() for cell in cells], lines
    raise TableError(f"Файл {name} пуст: нет строки заголовков.")


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes so, else Windows-1251."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as file:
        try:
            while chunk := file.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1251"
    return "utf-8-sig"


def _first_line(file: TextIO) -> str:
    """The first non-blank line, split as `str.splitlines` splits (the importers' way)."""
    for line in file:
        for part in line.splitlines():
            if part.strip():
                return part
    return ""


def _csv_lines(path: Path, encoding: str) -> Iterator[tuple[int, list[str]]]:
    """Rows of a CSV with at least one non-blank cell, numbered as a person sees them."""
    name = path.name
    try:
        with path.open(encoding=encoding, newline="") as file:
            delimiter = detect_delimiter(_first_line(file))
            file.seek(0)
            reader = csv.reader(file, delimiter=delimiter)
            try:
                for cells in reader:
                    for cell in cells:
                        if cell and not cell.isspace():
                            yield reader.line_num, cells
                            break
            except csv.Error as error:
                raise TableError(f"Файл {name}, строка {reader.line_num}: {error}.") from error
    except UnicodeDecodeError as error:
        raise TableError(f"Файл {name}: кодировка не UTF-8 и не Windows-1251.") from error


# Results ----------------------------------------------------------------------------------


class _File:
    """One file being read: its columns, its problems, its rows as arrays."""

    columns_of: dict[str, tuple[str, ...]] = {}
    required: tuple[str, ...] = ()
    width_ints = 0

    def __init__(self, reader: Reader, source: str, header: list[str]) -> None:
        self.reader, self.source, self.header = reader, source, header
        self.columns = header_map(header, self.columns_of)
        problems = missing_columns(self.columns, self.required, self.extra_missing())
        if problems:
            raise FilesRefused(source, problems)
        self.problems: list[Problem] = []
        self.problem_count = 0
        self.ints = array("q")
        self.floats = array("d")
        region = self.columns.get("region")
        school = self.columns["school_id"]
        # The municipality rides along in the key, so it is read once per school and spelling.
        place = self.columns.get("municipality")
        keys = [i for i in (region, school, place) if i is not None]
        self.school_key = itemgetter(*keys)
        self.key_has_region, self.key_has_place = region is not None, place is not None
        self.school_cache = _Cache(self._school_from)
        self.year_cache = _Cache(lambda raw: parse_year(clean_text(raw)))
        self.line = 0

    def extra_missing(self) -> list[str]:
        return []

    def _school_from(self, key: tuple[str, ...] | str) -> int | None:
        parts = list(key) if isinstance(key, tuple) else [key]
        place = clean_text(parts.pop()) if self.key_has_place else ""
        region = parts.pop(0) if self.key_has_region else ""
        school_id = clean_text(parts[0])
        if not school_id:
            return None
        return self.reader.school(clean_text(region), school_id, self.source, self.line, place)

    def label_school(self, school: SchoolRef, line: int) -> int:
        return self.reader.school(
            school.region, school.school_id, self.source, line, school.municipality
        )

    def problem(self, line: int, column: str | None, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < SHOWN:
            self.problems.append(Problem(line, column, message))

    def title(self, name: str) -> str:
        position = self.columns.get(name)
        return self.header[position] if position is not None else name

    def finish(self, key_columns: int) -> _Part:
        """Refuse the file if it had problems or repeated a cell; else hand over its rows."""
        ints = np.frombuffer(self.ints, dtype=np.int64).reshape(-1, self.width_ints)
        floats = np.frombuffer(self.floats, dtype=np.float64)
        repeated = _repeats(ints, key_columns)
        for line, first in repeated[:SHOWN]:
            message = f"повторяет строку {first} (та же школа, год и ячейка)."
            self.problems.append(Problem(line, None, message))
        total = self.problem_count + len(repeated)
        if total:
            shown = sorted(self.problems, key=lambda p: p.line or 0)[:SHOWN]
            raise FilesRefused(self.source, shown, total)
        if len(ints) == 0:
            problem = Problem(None, None, "в файле нет ни одной строки данных")
            raise FilesRefused(self.source, [problem])
        self.reader.rows_read += len(ints)
        return _Part(self.source, ints, floats)


def _repeats(ints: np.ndarray, key_columns: int) -> list[tuple[int, int]]:
    """(line, first line) of every row repeating the cell of an earlier row, by line."""
    if len(ints) < 2:
        return []
    line = ints[:, -1]
    keys = [ints[:, i] for i in range(key_columns)]
    order = np.lexsort([line, *reversed(keys)])
    same = np.ones(len(order) - 1, dtype=bool)
    for key in keys:
        ordered = key[order]
        same &= ordered[1:] == ordered[:-1]
    if not same.any():
        return []
    starts = np.flatnonzero(np.concatenate([[True], ~same]))
    group = np.cumsum(np.concatenate([[True], ~same])) - 1
    first = line[order][starts][group]
    repeat = np.flatnonzero(np.concatenate([[False], same]))
    pairs = sorted(zip(line[order][repeat].tolist(), first[repeat].tolist(), strict=True))
    return pairs


class _ResultFile(_File):
    columns_of = RESULT_COLUMNS
    required = RESULT_REQUIRED
    width_ints = RESULT_INTS

    def extra_missing(self) -> list[str]:
        derivable = {"failed", "band_below_min", "mark_2"} & set(self.columns)
        return [] if derivable else ["failed"]

    def _assessment(self, raw: str) -> int | None:
        text = clean_text(raw)
        if not text:
            return None
        return self.reader.assessments(ASSESSMENT_NAMES.get(assessment_kind(text), text))

    def _subject(self, raw: str) -> int | None:
        text = clean_text(raw)
        return self.reader.subjects(text) if text else None

    def _grade(self, raw: str) -> int | None:
        try:
            return parse_grade(Row([raw], {"grade": 0}, ["grade"])) or 0
        except RowError:
            return None

    def read(self, lines: Iterable[tuple[int, list[str]]]) -> _Part:
        columns, width = self.columns, len(self.header)
        school_key, schools, years = self.school_key, self.school_cache, self.year_cache
        assessments, subjects = _Cache(self._assessment), _Cache(self._subject)
        grades = _Cache(self._grade)
        i_year, i_assessment = columns["year"], columns["assessment"]
        i_subject, i_n = columns["subject"], columns["participants"]
        i_grade, i_failed, i_mean = (columns.get(n) for n in ("grade", "failed", "mean_score"))
        counts = [(name, columns[name]) for name in COUNT_COLUMNS if name in columns]
        put_ints, put_float, nan = self.ints.extend, self.floats.append, math.nan
        for line, cells in lines:
            self.line = line
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            try:
                school = schools[school_key(cells)]
                year = years[cells[i_year]]
                assessment = assessments[cells[i_assessment]]
                subject = subjects[cells[i_subject]]
                grade = 0 if i_grade is None else grades[cells[i_grade]]
                if school is None or year is None or assessment is None or subject is None:
                    raise _Slow
                if grade is None:
                    raise _Slow
                n = int(cells[i_n])
                if not 0 < n <= BIG:
                    raise _Slow
                failed = -1
                if counts:
                    found = {}
                    for name, position in counts:
                        raw = cells[position]
                        if raw:
                            count = found[name] = int(raw)
                            if not 0 <= count <= n:
                                raise _Slow
                raw = cells[i_failed] if i_failed is not None else ""
                if raw:
                    failed = int(raw)
                    if not 0 <= failed <= n:
                        raise _Slow
                elif counts:
                    failed = found.get("band_below_min", found.get("mark_2", -1))
                if failed < 0:
                    raise _Slow
                raw = cells[i_mean] if i_mean is not None else ""
                mean = float(raw) if raw else nan
                if raw and not 0 <= mean < math.inf:
                    raise _Slow
            except (_Slow, ValueError):
                slow = self._slow(cells, line)
                if slow is None:
                    continue
                school, year, assessment, subject, grade, n, failed, mean = slow
            put_ints((school, year, assessment, subject, grade, n, failed, line))
            put_float(mean)
        return self.finish(key_columns=5)

    def _slow(self, cells: list[str], line: int) -> tuple[Any, ...] | None:
        try:
            row = result_row(Row(cells, self.columns, self.header), line)
        except RowError as error:
            self.problem(line, error.column, str(error))
            return None
        school = self.label_school(row.school, line)
        assessment, subject = (
            self.reader.assessments(row.assessment),
            self.reader.subjects(row.subject),
        )
        mean = math.nan if row.mean_score is None else row.mean_score
        return (
            school,
            row.year,
            assessment,
            subject,
            row.grade or 0,
            row.participants,
            row.failed,
            mean,
        )


# Context ----------------------------------------------------------------------------------


class _ContextFile(_File):
    columns_of = CONTEXT_COLUMNS
    required = CONTEXT_REQUIRED
    width_ints = CONTEXT_INTS

    def _indicator(self, key: tuple[str, str] | str) -> int | None:
        """The label of a code with its direction as written; None if the parser must judge."""
        raw_code, raw_direction = key if isinstance(key, tuple) else (key, "")
        code, written = clean_text(raw_code), clean_text(raw_direction)
        if not CODE.fullmatch(code):
            return None
        direction = DIRECTIONS.get(written.casefold()) if written else None
        if written and direction is None:
            return None
        return self._define(code, direction)

    def _define(self, code: str, direction: str | None) -> int | None:
        """Check a code's direction against the catalogue and the files read so far."""
        known = BUILTIN_INDICATORS.get(code)
        if known is not None:
            if direction is not None and direction != known[1]:
                return None
            self.reader.directions[code] = known[1]
        elif direction is None or self.reader.directions.setdefault(code, direction) != direction:
            return None
        return self.reader.indicators(code)

    def read(self, lines: Iterable[tuple[int, list[str]]]) -> _Part:
        columns, width = self.columns, len(self.header)
        school_key, schools, years = self.school_key, self.school_cache, self.year_cache
        i_year, i_code, i_value = columns["year"], columns["indicator"], columns["value"]
        i_direction = columns.get("direction")
        code_key = (
            itemgetter(i_code, i_direction) if i_direction is not None else itemgetter(i_code)
        )
        indicators = _Cache(self._indicator)
        put_ints, put_float, inf = self.ints.extend, self.floats.append, math.inf
        for line, cells in lines:
            self.line = line
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            try:
                school = schools[school_key(cells)]
                year = years[cells[i_year]]
                indicator = indicators[code_key(cells)]
                if school is None or year is None or indicator is None:
                    raise _Slow
                value = float(cells[i_value])
                if not -inf < value < inf:
                    raise _Slow
            except (_Slow, ValueError):
                slow = self._slow(cells, line)
                if slow is None:
                    continue
                school, year, indicator, value = slow
            put_ints((school, year, indicator, line))
            put_float(value)
        return self.finish(key_columns=3)

    def _slow(self, cells: list[str], line: int) -> tuple[Any, ...] | None:
        try:
            row = context_row(Row(cells, self.columns, self.header), line)
        except RowError as error:
            self.problem(line, error.column, str(error))
            return None
        indicator = self._define(row.indicator, row.direction)
        if indicator is None:
            defined = self.reader.directions[row.indicator]
            message = f"у показателя {row.indicator} направление {defined}."
            self.problem(line, self.title("direction"), message)
            return None
        school = self.label_school(row.school, line)
        return school, row.year, indicator, row.value


# From rows to the method's dataset ----------------------------------------------------------


@dataclass
class FileComputation:
    """A run over files: the schools as the files name them, the dataset and the outcome."""

    year: int
    settings: Settings
    codes: list[str]  # school_id of each school of the dataset
    regions: list[str]  # region of each school, as first written in the files
    data: Dataset
    outcome: Outcome
    rows: int  # data rows read from all the files
    timings: dict[str, float] = field(default_factory=dict)

    def listed(self) -> list[int]:
        """Indexes of the schools with data in the window, by region and school code."""
        wanted = np.flatnonzero(self.outcome.has_data).tolist()
        return sorted(wanted, key=lambda i: (self.regions[i], self.codes[i]))


def _places(reader: Reader) -> tuple[np.ndarray, list[str], list[str], list[str], list[str]]:
    """Map each (region, school_id) as written to a school; give each its region key and name."""
    named: dict[str, set[str]] = {}
    spelling: dict[str, str] = {"": ""}
    for region, school_id in reader.school_pairs:
        if region:
            key = region_key(region)
            spelling.setdefault(key, region)
            named.setdefault(school_id, set()).add(key)
    final: dict[tuple[str, str], int] = {}
    mapping = np.zeros(len(reader.school_pairs), dtype=np.int64)
    for label, (region, school_id) in enumerate(reader.school_pairs):
        if region:
            key = region_key(region)
        else:
            keys = sorted(named.get(school_id, ()))
            if len(keys) > 1:
                source, line = reader.school_first[label]
                where = " и ".join(f"«{spelling[k]}»" for k in keys)
                message = f"школа {school_id} есть в регионах {where}: укажите регион."
                raise FilesRefused(source, [Problem(line, "region", message)])
            key = keys[0] if keys else ""
        mapping[label] = final.setdefault((key, school_id), len(final))
    keys = [key for key, _ in final]
    places = [""] * len(final)
    for label, school in enumerate(mapping.tolist()):
        places[school] = places[school] or reader.school_municipality[label]
    return mapping, [code for _, code in final], keys, [spelling[key] for key in keys], places


def _combined(parts: list[_Part], mapping: np.ndarray, key_columns: int) -> tuple[Any, Any]:
    """All the files' rows with final school numbers; a cell repeated keeps the later file's."""
    if not parts:
        return np.zeros((0, RESULT_INTS), dtype=np.int64), np.zeros(0)
    ints = np.concatenate([part.ints for part in parts])
    floats = np.concatenate([part.floats for part in parts])
    ints[:, 0] = mapping[ints[:, 0]]
    if len(ints) < 2:
        return ints, floats
    keys = [ints[:, i] for i in range(key_columns)]
    order = np.lexsort([np.arange(len(ints)), *reversed(keys)])
    last = np.ones(len(order), dtype=bool)
    same = np.ones(len(order) - 1, dtype=bool)
    for key in keys:
        ordered = key[order]
        same &= ordered[1:] == ordered[:-1]
    if not same.any():
        return ints, floats
    last[:-1] = ~same
    keep = np.sort(order[last])
    return ints[keep], floats[keep]


@dataclass
class FileRows:
    """All the files' rows with final school numbers, before a window of years is chosen."""

    codes: list[str]  # school_id of each school
    region_keys: list[str]  # its region compared loosely
    region_names: list[str]  # its region as first written
    municipalities: list[str]  # its municipality as first written ("" if none)
    cells: np.ndarray  # rows × RESULT_INTS
    means: np.ndarray
    ctx: np.ndarray  # rows × CONTEXT_INTS
    values: np.ndarray
    assessments: list[str]
    subjects: list[str]
    indicators: list[str]
    adverse: np.ndarray  # per indicator
    rows: int  # data rows read from all the files
    timings: dict[str, float] = field(default_factory=dict)

    def region_number(self, region: str) -> int:
        """The label `window_dataset` gives the region named, or RegionUnknown."""
        key = region_key(region)
        if key not in self.region_keys:
            raise RegionUnknown(f"--region {region}: такого региона нет в файлах.")
        return sorted(set(self.region_keys)).index(key)

    def region_labels(self) -> np.ndarray:
        """A number per school for its region, the regions numbered in sorted order."""
        ordered = {key: i for i, key in enumerate(sorted(set(self.region_keys)))}
        return np.array([ordered[key] for key in self.region_keys], dtype=np.int64)


def read_files(results: list[Path], context: list[Path]) -> FileRows:
    """Read every results and context file into arrays, checked as the importers check."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    reader = Reader()
    for path in results:
        reader.read_results(path)
    timings["read_results"] = time.perf_counter() - started
    for path in context:
        reader.read_context(path)
    timings["read_context"] = time.perf_counter() - started - timings["read_results"]
    mark = time.perf_counter()
    mapping, codes, region_keys, region_names, places = _places(reader)
    cells, means = _combined(reader.results, mapping, key_columns=5)
    reader.results.clear()
    ctx, values = _combined(reader.context, mapping, key_columns=3)
    reader.context.clear()
    indicators = reader.indicators.names()
    adverse = np.array([reader.directions[code] == "adverse" for code in indicators], dtype=bool)
    timings["combine"] = time.perf_counter() - mark
    return FileRows(
        codes,
        region_keys,
        region_names,
        places,
        cells,
        means,
        ctx,
        values,
        reader.assessments.names(),
        reader.subjects.names(),
        indicators,
        adverse,
        reader.rows_read,
        timings,
    )


def window_dataset(
    rows: FileRows, year: int, first: int, region: str | None = None
) -> tuple[Dataset, np.ndarray]:
    """The dataset of results from `first` to `year` (context after `first`), of one region
    or all; also the number in `rows` of each of its schools."""
    cells, ctx = rows.cells, rows.ctx
    keep = (cells[:, 1] >= first) & (cells[:, 1] <= year)
    keep_ctx = (ctx[:, 1] > first) & (ctx[:, 1] <= year)
    school_region = rows.region_labels()
    if region is not None:
        number = rows.region_number(region)
        keep &= school_region[cells[:, 0]] == number
        keep_ctx &= school_region[ctx[:, 0]] == number
    cells, means, ctx, values = cells[keep], rows.means[keep], ctx[keep_ctx], rows.values[keep_ctx]
    used, inverse = np.unique(np.concatenate([cells[:, 0], ctx[:, 0]]), return_inverse=True)
    data = Dataset(
        year=year,
        school_region=school_region[used],
        assessments=rows.assessments,
        subjects=rows.subjects,
        cell_school=inverse[: len(cells)],
        cell_year=cells[:, 1].copy(),
        cell_assessment=cells[:, 2].copy(),
        cell_subject=cells[:, 3].copy(),
        cell_grade=cells[:, 4].copy(),
        cell_n=cells[:, 5].copy(),
        cell_failed=cells[:, 6].copy(),
        cell_mean=means,
        indicators=rows.indicators,
        indicator_adverse=rows.adverse,
        ctx_school=inverse[len(cells) :],
        ctx_year=ctx[:, 1].copy(),
        ctx_indicator=ctx[:, 2].copy(),
        ctx_value=values,
    )
    return data, used


def compute_files(
    year: int,
    settings: Settings,
    results: list[Path],
    context: list[Path],
    region: str | None = None,
) -> FileComputation:
    """Read the files, build the dataset of the window (and the year before), run the method."""
    rows = read_files(results, context)
    timings = rows.timings
    mark = time.perf_counter()
    data, used = window_dataset(rows, year, year - settings.window_years, region)
    timings["combine"] += time.perf_counter() - mark
    mark = time.perf_counter()
    outcome = identify(data, settings)
    timings["identify"] = time.perf_counter() - mark
    return FileComputation(
        year,
        settings,
        [rows.codes[i] for i in used.tolist()],
        [rows.region_names[i] for i in used.tolist()],
        data,
        outcome,
        rows.rows,
        timings,
    )


# The report -------------------------------------------------------------------------------


def _entry(computation: FileComputation, explainer: Explainer, i: int) -> dict[str, Any]:
    return {
        "school": computation.codes[i],
        "region": computation.regions[i],
        "flags": explainer.flags(i),
        "explain": explainer.explain(i),
    }


def report(computation: FileComputation) -> dict[str, Any]:
    """The document `orientir identify --format json` prints (CONTRACTS.md), all at once."""
    explainer = Explainer(computation.data, computation.outcome)
    return {
        "year": year_name(computation.year),
        "settings": computation.settings.as_json(),
        "schools": [_entry(computation, explainer, i) for i in computation.listed()],
    }


def write_report(computation: FileComputation, stream: TextIO) -> int:
    """Write the same text as `print_json(report(…))`, one school at a time; return the count."""
    explainer = Explainer(computation.data, computation.outcome)
    return write_document(
        computation.year,
        computation.settings,
        computation.listed(),
        lambda i: _entry(computation, explainer, i),
        stream,
    )


def flag_counts(computation: FileComputation) -> dict[str, int]:
    """How many listed schools carry each flag."""
    return computation.outcome.flag_counts()
