"""Recognise header rows by their words, whatever the order of the columns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum

from orientir.imports.readers.grid import Row
from orientir.lib.russian import MONTHS_NOMINATIVE
from orientir.lib.textclean import is_italic


class Field(StrEnum):
    INDEX = "index"
    NUMBER = "number"
    TITLE = "title"
    DEADLINE = "deadline"
    DEADLINE_OR_MARK = "deadline_or_mark"
    DEADLINE_START = "deadline_start"
    DEADLINE_END = "deadline_end"
    RESPONSIBLE = "responsible"
    RESULT = "result"
    MARK = "mark"
    DATE = "date"
    DESCRIPTION = "description"
    AUDIENCE = "audience"
    DOCUMENTS = "documents"
    REGION_CODE = "region_code"
    MUNICIPALITY = "municipality"


class TableKind(StrEnum):
    ACTIVITIES = "activities"
    INDICATORS = "indicators"
    EXAMS = "exams"


# The first rule whose words a header cell contains decides its field; order matters
# ("Дата проведения мероприятия" is a date, not an activity).
_RULES: list[tuple[Field, re.Pattern[str]]] = [
    (Field.REGION_CODE, re.compile(r"код\s+регион")),
    (Field.MUNICIPALITY, re.compile(r"^муниципалитет|муниципальное образование$")),
    (Field.DEADLINE_OR_MARK, re.compile(r"срок.*отметк|отметк.*срок")),
    (Field.DEADLINE_START, re.compile(r"^((дата|срок[иа]?)\s+)?начал[оа]\b")),
    (Field.DEADLINE_END, re.compile(r"^((дата|срок[иа]?)\s+)?(окончани|завершени)[ея]\b")),
    (Field.DEADLINE, re.compile(r"^срок")),
    (Field.MARK, re.compile(r"отметк|исполнени[ея]$|^исполнение|выполнени[ея]$")),
    (Field.DESCRIPTION, re.compile(r"описание|содержание")),
    (Field.DATE, re.compile(r"^дата")),
    (Field.AUDIENCE, re.compile(r"аудитори|участники")),
    (Field.DOCUMENTS, re.compile(r"документ")),
    (Field.RESPONSIBLE, re.compile(r"ответствен|исполнител")),
    (Field.DEADLINE, re.compile(r"срок|период|дата|^(время|месяц|квартал)\b")),
    (Field.RESULT, re.compile(r"результат")),
    (Field.TITLE, re.compile(r"мероприяти|наименование|направлени")),
    (Field.NUMBER, re.compile(r"^(№|n|номер)\s*(п\s*[/.]?\s*п\.?|пункта)?$|^п\s*[/.]\s*п\.?$")),
]

_INDICATOR = re.compile(r"показател")
_YEAR_COLUMN = re.compile(r"^(\d{4})\s*[/-]\s*(\d{4})$")
_EXAM_WORDS = re.compile(
    r"^(предмет|всего|не преодолели|минимальный порог|не сдали|итоги (егэ|огэ)|"
    r"математика базовая|р/я|участники|средний балл)"
)


def classify(label: str) -> Field | None:
    """Return the field a header cell names, or None."""
    text = " ".join(label.lower().replace("ё", "е").split())
    if not text or len(text) > 120:
        return None
    for field, pattern in _RULES:
        if pattern.search(text):
            return field
    return None


@dataclass
class Header:
    """A recognised header: which column holds which field."""

    kind: TableKind
    columns: dict[Field, int]
    years: dict[str, int]
    row: Row
    labels: tuple[str, ...]
    # A grid of quarters or months: column -> «3 кв.» or «октябрь», the deadline marked.
    periods: dict[int, str] = dataclass_field(default_factory=dict)

    def column(self, field: Field) -> int | None:
        return self.columns.get(field)

    @property
    def signature(self) -> frozenset[Field]:
        return frozenset(self.columns)


def _assign(labels: list[str]) -> dict[Field, int]:
    """Map fields to columns; of two number columns the first is a running index."""
    columns: dict[Field, int] = {}
    for index, label in enumerate(labels):
        field = classify(label)
        if field is None:
            continue
        if field == Field.NUMBER and Field.NUMBER in columns:
            columns[Field.INDEX] = columns[Field.NUMBER]
            columns[Field.NUMBER] = index
        elif field not in columns:
            columns[field] = index
    return columns


_QUARTER = re.compile(r"^(?:(iv|i{1,3})|([1-4]))\s*-?\s*й?\s*(?:кв\b|кв\.|квартал)")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def period_label(label: str) -> str | None:
    """Read a grid column's header: «III квартал» -> «3 кв.», «Октябрь 2025» -> «октябрь 2025»."""
    text = " ".join(label.lower().replace("ё", "е").split())
    year = re.search(r"(?<!\d)20\d\d(?!\d)", text)
    suffix = f" {year[0]}" if year else ""
    quarter = _QUARTER.match(text)
    if quarter:
        return f"{_ROMAN.get(quarter[1] or '', quarter[2])} кв.{suffix}"
    word = re.match(r"^[а-я]+", text)
    if word and word[0] in MONTHS_NOMINATIVE and len(text) <= len(word[0]) + 8:
        return f"{word[0]}{suffix}"
    return None


def periods_of(labels: list[str] | tuple[str, ...]) -> dict[int, str]:
    """The grid columns of a header: two or more quarters or months."""
    found = {i: name for i, label in enumerate(labels) if (name := period_label(label))}
    return found if len(found) >= 2 else {}


def _indicator_header(row: Row) -> Header | None:
    labels = [value.lower() for value in row.values]
    years = {
        f"{m[1]}/{m[2]}": i
        for i, label in enumerate(labels)
        if (m := _YEAR_COLUMN.match(label)) and int(m[2]) == int(m[1]) + 1
    }
    name = next((i for i, label in enumerate(labels) if _INDICATOR.search(label)), None)
    if not years or name is None:
        return None
    columns = {Field.TITLE: name}
    unit = next((i for i, label in enumerate(labels) if "единиц" in label), None)
    if unit is not None:
        columns[Field.RESULT] = unit
    return Header(TableKind.INDICATORS, columns, years, row, tuple(row.values))


def _exam_header(row: Row) -> Header | None:
    labels = [value.lower() for value in row.values if value]
    hits = sum(1 for label in labels if _EXAM_WORDS.match(label))
    if hits >= 2 or (labels and labels[0].startswith("математика базовая")):
        return Header(TableKind.EXAMS, {}, {}, row, tuple(row.values))
    return None


def detect_header(row: Row) -> Header | None:
    """Recognise `row` as a header of an activity, indicator or exam table."""
    if row.is_paragraph:
        return None
    found = _indicator_header(row) or _exam_header(row)
    if found:
        return found
    columns = _assign(row.values)
    filled = [value for value in row.values if value]
    has_title = Field.TITLE in columns or Field.DESCRIPTION in columns
    periods = periods_of(row.values)
    mostly_labels = (len(columns) + len(periods)) * 10 >= len(filled) * 6
    is_data = any(_looks_like_data(value) and period_label(value) is None for value in filled)
    if has_title and len(columns) >= 2 and mostly_labels and not is_data:
        return Header(TableKind.ACTIVITIES, columns, {}, row, tuple(row.values), periods)
    return None


def _looks_like_data(value: str) -> bool:
    """A header never holds long sentences with dates or numbered items."""
    return bool(re.match(r"^\d+(\.\d+)*\.?(\s+\S|$)", value)) or len(value) > 200


def is_italic_row(row: Row) -> bool:
    filled = [cell.text for cell in row.cells if cell.value]
    return bool(filled) and all(is_italic(text) for text in filled)


def merge_two_row_header(header: Header, below: Row) -> Header | None:
    """Combine a header written over two rows; None when `below` is not its next row.

    Called again with the result, it reads a header of three rows: each row below names
    the columns a merged cell above spans («Сроки» over «начало», «окончание»; «Сроки
    исполнения» over «I кв.» … «IV кв.»).
    """
    if below.is_paragraph or below.is_empty:
        return None
    values = below.values
    labels = list(header.labels) + [""] * max(0, len(values) - len(header.labels))
    fills_gap = any(value and not labels[i] for i, value in enumerate(values))
    if not fills_gap or is_italic_row(below):
        return None
    if any(_looks_like_data(value) and period_label(value) is None for value in values):
        return None
    if any(value and classify(value) is None and period_label(value) is None for value in values):
        return None
    for index, value in enumerate(values):
        if value:
            labels[index] = value
    columns = _assign([label if period_label(label) is None else "" for label in labels])
    return Header(header.kind, columns, header.years, header.row, tuple(labels), periods_of(labels))


def is_number_row(row: Row) -> bool:
    """The row of column numbers under a header: «1 2 3 4 5»."""
    filled = [value.rstrip(".") for value in row.values if value]
    if len(filled) < 3 or not all(value.isdigit() for value in filled):
        return False
    return [int(value) for value in filled] == list(range(1, len(filled) + 1))


_ROW_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")


def with_number_column(header: Header, rows: list[Row]) -> Header:
    """Find the number column a header leaves unlabelled, by its values («1.», «1.1», «2.3.»)."""
    title = header.columns.get(Field.TITLE, header.columns.get(Field.DESCRIPTION))
    if Field.NUMBER in header.columns or title is None:
        return header
    for column, label in enumerate(header.labels[:title]):  # numbers come before titles
        if label or column in header.columns.values():
            continue
        values = [row.values[column] for row in rows if len(row.values) > column]
        numbers = [value for value in values if _ROW_NUMBER.match(value)]
        if len(numbers) >= 2 and len(numbers) * 2 >= len([v for v in values if v]):
            columns = {**header.columns, Field.NUMBER: column}
            return Header(
                header.kind, columns, header.years, header.row, header.labels, header.periods
            )
    return header
