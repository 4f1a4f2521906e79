"""Read a document with the columns a person named, when its header was not recognised.

A `ColumnLayout` says which column (1-based, as people count them) holds which field and
how many rows at the top of the table are its header. It comes from the preview's grid or
from `orientir import --columns "number=1,title=2,deadline=3" --header-rows 1`.

The table is the first one of three or more columns (a passport is two: label and value);
the rows before it are read as usual. Under the header every row is read with the named
columns; a header repeated on the next page and a row of column numbers are skipped, and
an indicator table further down is still recognised by its own header.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from orientir.imports.errors import ImportProblem
from orientir.imports.readers.grid import Grid, Row
from orientir.imports.schema import ParsedDocument
from orientir.imports.understanding.activities import RawSection
from orientir.imports.understanding.document import (
    Scan,
    assemble,
    read_activity_row,
    read_indicator,
    read_row,
    take_header,
)
from orientir.imports.understanding.glossary import Glossary, glossary_from_grid
from orientir.imports.understanding.headers import (
    Field,
    Header,
    TableKind,
    classify,
    detect_header,
)
from orientir.lib.russian import plural
from orientir.lib.textclean import clean

# The names a person uses (the JSON contract's words), and the field each one fills.
# «section» fills none: a column of section names opens a section wherever its text changes.
FIELDS: dict[str, Field | None] = {
    "number": Field.NUMBER,
    "section": None,
    "title": Field.TITLE,
    "deadline": Field.DEADLINE,
    "responsible": Field.RESPONSIBLE,
    "planned_result": Field.RESULT,
    "execution_mark": Field.MARK,
    "date": Field.DATE,
    "description": Field.DESCRIPTION,
    "audience": Field.AUDIENCE,
    "documents": Field.DOCUMENTS,
}
LABELS = {
    "number": "№ п/п",
    "section": "раздел",
    "title": "мероприятие",
    "deadline": "сроки",
    "responsible": "ответственные",
    "planned_result": "планируемый результат",
    "execution_mark": "отметка об исполнении",
    "date": "дата проведения (отчёт)",
    "description": "краткое описание (отчёт)",
    "audience": "целевая аудитория (отчёт)",
    "documents": "подтверждающие документы (отчёт)",
}
MAX_HEADER_ROWS = 10
PREVIEW_ROWS = 15
_PASSPORT_WIDTH = 2


class LayoutProblem(ImportProblem):
    """A column choice that cannot be read: the message names what to change."""


@dataclass(frozen=True)
class ColumnLayout:
    """Which 0-based column holds which field, and how many header rows the table has."""

    columns: tuple[tuple[str, int], ...]
    header_rows: int = 1

    @classmethod
    def of(cls, columns: dict[str, int], header_rows: int = 1) -> ColumnLayout:
        """Check a choice and return it; LayoutProblem says in Russian what is wrong."""
        unknown = [name for name in columns if name not in FIELDS]
        if unknown:
            raise LayoutProblem(f"неизвестное поле «{unknown[0]}»: допустимы {', '.join(FIELDS)}.")
        if "title" not in columns and "description" not in columns:
            raise LayoutProblem("укажите столбец с названием мероприятия (title).")
        taken: dict[int, str] = {}
        for name, column in columns.items():
            if column < 0:
                raise LayoutProblem(f"номер столбца поля {name} должен быть 1 или больше.")
            if column in taken:
                raise LayoutProblem(
                    f"столбец {column + 1} указан дважды: для {taken[column]} и для {name}."
                )
            taken[column] = name
        if not 0 <= header_rows <= MAX_HEADER_ROWS:
            raise LayoutProblem(f"строк заголовка может быть от 0 до {MAX_HEADER_ROWS}.")
        return cls(tuple(sorted(columns.items(), key=lambda item: item[1])), header_rows)

    @classmethod
    def from_text(cls, text: str, header_rows: int = 1) -> ColumnLayout:
        """Read `number=1,title=2,deadline=3` (1-based columns, as `--columns` takes them)."""
        columns: dict[str, int] = {}
        for part in filter(None, (piece.strip() for piece in text.split(","))):
            name, sign, value = (piece.strip() for piece in part.partition("="))
            if not sign or not value.isdigit():
                raise LayoutProblem(f"«{part}» записано неверно: нужен вид title=2.")
            if name in columns:
                raise LayoutProblem(f"поле {name} указано дважды.")
            columns[name] = int(value) - 1
        return cls.of(columns, header_rows)

    @property
    def mapping(self) -> dict[str, int]:
        return dict(self.columns)

    def as_text(self) -> str:
        return ",".join(f"{name}={column + 1}" for name, column in self.columns)

    def field_columns(self) -> dict[Field, int]:
        found: dict[Field, int] = {}
        for name, column in self.columns:
            field = FIELDS[name]
            if field is not None:  # a section column fills no field of the activity
                found[field] = column
        return found


def table_start(grid: Grid) -> int | None:
    """Return the index of the table's first row: the first table wider than a passport."""
    first = None
    for index, row in enumerate(grid.rows):
        if row.is_paragraph or row.is_empty:
            continue
        first = index if first is None else first
        if sum(1 for value in row.values if value) > _PASSPORT_WIDTH:
            return index
    return first


def table_rows(grid: Grid, limit: int | None = None) -> list[tuple[int, Row]]:
    """Return (index, row) of the table's rows from its start, empty ones left out."""
    start = table_start(grid)
    if start is None:
        return []
    found = [
        (index, row)
        for index, row in enumerate(grid.rows[start:], start=start)
        if not row.is_paragraph and not row.is_empty
    ]
    return found[:limit] if limit is not None else found


def width(rows: list[Row]) -> int:
    return max((cell.column + cell.span for row in rows for cell in row.cells), default=0)


def header_labels(rows: list[Row], columns: int) -> list[str]:
    """Return each column's header as written, the words of several header rows joined."""
    labels = [""] * columns
    for row in rows:
        for cell in row.cells:
            if cell.value and cell.column < columns and cell.value not in labels[cell.column]:
                labels[cell.column] = f"{labels[cell.column]} {cell.value}".strip()
    return labels


def fingerprint(grid: Grid, header_rows: int) -> str:
    """Say what a document's layout looks like: its width and its header's words.

    Two documents of one form have the same fingerprint whatever their activities; with no
    header rows only the width is left to compare.
    """
    shown = [row for _, row in table_rows(grid, PREVIEW_ROWS)]
    words = [
        " ".join(re.findall(r"[а-яa-z]+", label.lower().replace("ё", "е")))
        for label in header_labels(shown[:header_rows], width(shown))
    ]
    key = f"{width(shown)}|{header_rows}|" + "|".join(words)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]


def is_column_numbers(row: Row) -> bool:
    """A row numbering the columns under a header: «1 2 3 4 5»."""
    filled = [value for value in row.values if value]
    return len(filled) >= 2 and filled == [str(n) for n in range(1, len(filled) + 1)]


def understand_with_layout(
    grid: Grid,
    layout: ColumnLayout,
    *,
    kind: str | None = None,
    year: str | None = None,
    glossary: Glossary | None = None,
) -> ParsedDocument:
    """Read the document with `layout`'s columns; ImportProblem when it has no table."""
    rows = table_rows(grid)
    if not rows:
        raise ImportProblem(f"Файл {grid.source}: в документе нет таблицы мероприятий.")
    shown = [row for _, row in rows[:PREVIEW_ROWS]]
    columns = max(width(shown), width([row for _, row in rows]))
    outside = [name for name, column in layout.columns if column >= columns]
    if outside:
        raise LayoutProblem(
            f"столбца {layout.mapping[outside[0]] + 1} ({outside[0]}) в таблице нет: "
            f"в ней {columns} {plural(columns, 'столбец', 'столбца', 'столбцов')}."
        )
    head = [row for _, row in rows[: layout.header_rows]]
    header = Header(
        TableKind.ACTIVITIES,
        layout.field_columns(),
        {},
        head[0] if head else rows[0][1],
        tuple(header_labels(head, columns)),
    )
    glossary = glossary or Glossary()
    glossary.extend(glossary_from_grid(grid))
    scan = Scan(grid)
    read_rows(scan, layout, header, {index for index, _ in rows[: layout.header_rows]})
    return assemble(scan, kind=kind, year=year, glossary=glossary)


def read_rows(scan: Scan, layout: ColumnLayout, header: Header, heads: set[int]) -> None:
    """Read every row: those before the table as usual, the table's by `layout`."""
    start = table_start(scan.grid) or 0
    section = layout.mapping.get("section")
    for index, row in enumerate(scan.grid.rows):
        if index == start:  # the named columns win over whatever a row above looked like
            scan.plan = scan.table = header
        if index < start or row.is_paragraph or row.is_empty:
            read_row(scan, index, row)
        elif index not in heads:
            read_table_row(scan, index, row, section)


def read_table_row(scan: Scan, index: int, row: Row, section: int | None) -> None:
    """Read one row under the chosen header: a section, an activity, or another table."""
    assert scan.plan is not None
    found = detect_header(row)
    if found is not None and found.kind != TableKind.ACTIVITIES:
        take_header(scan, index, found)
        return
    if found is not None or is_column_numbers(row) or tuple(row.values) == scan.plan.labels:
        scan.table = scan.plan  # the activity table goes on (its header repeated on a page)
        return
    if scan.table is not None and scan.table.kind == TableKind.INDICATORS:
        read_indicator(scan, row)
        return
    if scan.table is not scan.plan:
        return
    name = clean(row.text(section)) if section is not None else ""
    if name and name != scan.section:
        scan.raws.append(RawSection(None, name, row))
    if any(cell.value and cell.column != section for cell in row.cells):
        read_activity_row(scan, index, row)


def guess_layout(rows: list[Row], columns: int) -> ColumnLayout:
    """Guess a layout from the first row's words, for the user to correct in the grid."""
    names = {field: name for name, field in FIELDS.items() if field is not None}
    names[Field.DEADLINE_OR_MARK] = "deadline"
    chosen: dict[str, int] = {}
    for column, label in enumerate(header_labels(rows[:1], columns)):
        field = classify(label)
        name = names.get(field) if field is not None else None
        if name and name not in chosen:
            chosen[name] = column
    if "title" not in chosen and "description" not in chosen:
        free = [column for column in range(columns) if column not in chosen.values()]
        widest = max(free, key=lambda column: text_length(rows[1:], column), default=0)
        chosen["title"] = widest
    try:
        return ColumnLayout.of(chosen, 1 if rows else 0)
    except LayoutProblem:
        return ColumnLayout.of({"title": 0}, 1)


def text_length(rows: list[Row], column: int) -> int:
    return sum(len(row.text(column)) for row in rows)
