"""Rows of an activity table -> sections and activities, mending rows split by page breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orientir.imports.readers.grid import Cell, Row
from orientir.imports.understanding.headers import Field, Header
from orientir.lib.russian import MONTHS_NOMINATIVE
from orientir.lib.textclean import clean, collapse, is_italic, join_pieces, paragraphs

NUMBER = re.compile(r"^(\d+(?:\.\d+)*\.?)$")
NUMBER_AND_TITLE = re.compile(r"^(\d+(?:\.\d+)*\.?)\s*([А-ЯЁA-Z«\"].*)$", re.S)
SECTION_WORD = re.compile(r"^(?:раздел|глава)\s+([\dIVXLC]+\.?)\s*[.:]?\s*(.*)$", re.I | re.S)
_WORD_BROKEN = re.compile(r"\w[-\u00ad]$")
_OTHER_FIELDS = (Field.INDEX, Field.NUMBER, Field.TITLE)


@dataclass
class RawActivity:
    """An activity's cells as prepared text (one line per paragraph), before understanding."""

    number: str | None
    section: str | None
    row: Row
    cells: dict[Field, str] = field(default_factory=dict)

    def extend(self, other: dict[Field, str]) -> None:
        """Append a continuation row's cells, mending words broken at the page break."""
        for key, text in other.items():
            self.cells[key] = join_pieces(self.cells.get(key, ""), text)

    @property
    def ends_mid_word(self) -> bool:
        return any(_WORD_BROKEN.search(text) for text in self.cells.values())


@dataclass
class RawSection:
    number: str | None
    title: str
    row: Row


def prepare(text: str) -> str:
    """Strip markup, keep one line per paragraph or list item."""
    return "\n".join(paragraphs(text))


def row_cells(row: Row, header: Header) -> dict[Field, str]:
    """Return the prepared text of each field of `row` by the header's columns.

    A row whose only text is a numbered title outside the title column, or a cell merged
    across columns, is a section written across the table: its text is the title.
    """
    only = across(row, header)
    if only is not None:
        return {Field.TITLE: prepare(only.text)}
    cells = {name: prepare(row.text(column)) for name, column in header.columns.items()}
    marked = grid_deadline(row, header)
    if marked:
        cells.setdefault(Field.DEADLINE, marked)
        cells[Field.DEADLINE] = cells[Field.DEADLINE] or marked
    return {name: text for name, text in cells.items() if text}


_QUARTER_ORDER = ("3 кв.", "4 кв.", "1 кв.", "2 кв.")  # as quarters fall in the school year
_MONTH_ORDER = MONTHS_NOMINATIVE[8:] + MONTHS_NOMINATIVE[:8]
_NOT_MARKED = {"", "-", "–", "—", "0", "нет"}


def grid_deadline(row: Row, header: Header) -> str:
    """Read the marks in a grid of quarters or months as a deadline («3, 4 кв.», «октябрь»).

    Without years, quarters and months are listed as they fall in the academic year, so
    that the list spans from the first marked to the last (CONTRACTS.md: a comma list is
    a set). Columns that name their year («I кв. 2026») give the calendar's order, and a
    span from the first to the last when the marks fall in different years.
    """
    marked = [
        name
        for column, name in header.periods.items()
        if clean(row.text(column)).lower() not in _NOT_MARKED
    ]
    dated = [_PERIOD_YEAR.match(name) for name in marked]
    if marked and all(dated):
        ordered = sorted((m for m in dated if m), key=lambda m: (m[2], _calendar(m[1])))
        years = {match[2] for match in ordered}
        if len(years) > 1:
            return f"{ordered[0][0]} – {ordered[-1][0]}"
        return f"{_listed([match[1] for match in ordered])} {years.pop()}"
    names = set(marked)
    return _listed([name for name in (*_QUARTER_ORDER, *_MONTH_ORDER) if name in names])


_PERIOD_YEAR = re.compile(r"^(.+) (20\d\d)$")


def _calendar(name: str) -> int:
    """A quarter's or month's place in the calendar year."""
    if name.endswith("кв."):
        return int(name[0]) * 3
    return MONTHS_NOMINATIVE.index(name) + 1


def _listed(names: list[str]) -> str:
    """«3 кв.», «4 кв.» -> «3, 4 кв.»; months joined by commas."""
    if names and all(name.endswith(" кв.") for name in names):
        return ", ".join(name[0] for name in names) + " кв."
    return ", ".join(names)


def across(row: Row, header: Header) -> Cell | None:
    """The one cell of a section row written across the table, if `row` is one.

    Merged, it spans columns; copied as text, its words stand in the first column with
    the others empty («Организационные меры<tab><tab><tab>»), or carry a section's number.
    """
    filled = [cell for cell in row.cells if cell.value]
    if len(filled) != 1 or filled[0].column == header.column(Field.TITLE):
        return None
    only = filled[0]
    first = min((cell.column for cell in row.cells), default=0)
    words = only.column == first and len(row.cells) >= 3 and not NUMBER.match(only.value)
    if (
        only.span > 1
        or words
        or NUMBER_AND_TITLE.match(only.value)
        or SECTION_WORD.match(only.value)
    ):
        return only
    return None


def split_number(cells: dict[Field, str]) -> tuple[str | None, str]:
    """Return the row's number and title, reading "1. Title" written in one cell."""
    number_text = collapse(cells.get(Field.NUMBER, ""))
    title = cells.get(Field.TITLE, "")
    if NUMBER.match(number_text):
        return number_text, title
    match = NUMBER_AND_TITLE.match(number_text) or (
        None if number_text else NUMBER_AND_TITLE.match(collapse(title))
    )
    if match and (not title or not number_text):
        return match[1], match[2]
    return None, title


def is_instruction(row: Row) -> bool:
    """A row of italic hints under a report's header ("перечислить мероприятия…")."""
    filled = [cell.text for cell in row.cells if cell.value]
    return bool(filled) and all(is_italic(text) for text in filled)


def has_data(cells: dict[Field, str]) -> bool:
    """Say whether any cell besides number and title is filled."""
    return any(text for name, text in cells.items() if name not in _OTHER_FIELDS)


def section_from(row: Row, header: Header, cells: dict[Field, str]) -> RawSection | None:
    """Recognise a section row: bold, or a number with a title and no other cells."""
    number, title = split_number(cells)
    title = collapse(title)
    if has_data(cells) or not title:
        return None
    title_cell = row.cell(header.column(Field.TITLE) or 0)
    bold = bool(title_cell and title_cell.is_bold)
    merged = any(cell.span > 1 for cell in row.cells) or across(row, header) is not None
    word = SECTION_WORD.match(title)
    if word:
        number, title = word[1], collapse(word[2]) or title
    if bold or merged or word or (number and number.rstrip(".").count(".") == 0):
        return RawSection(number, clean(title), row)
    return None


def continues(previous: RawActivity | None, number: str | None, cells: dict[Field, str]) -> bool:
    """Say whether an unnumbered row continues the previous activity across a page break."""
    if previous is None or number is not None:
        return False
    title = cells.get(Field.TITLE, "")
    if not title:
        return True
    return previous.ends_mid_word or bool(re.match(r"[а-яё]", title))


def is_subsection(section: RawSection, following: list[Row], header: Header) -> bool:
    """A numbered title-only row is a sub-section when the next numbered row is inside it."""
    if section.number is None:
        return False
    prefix = section.number.rstrip(".") + "."
    for row in following:
        number, _ = split_number(row_cells(row, header))
        if number:
            return number.startswith(prefix) and number.rstrip(".") != prefix.rstrip(".")
    return False


def split_stacked(row: Row, header: Header) -> list[Row]:
    """Split a row holding two activities stacked in the same cells into one row each.

    Word tables sometimes keep two activities in one row: the number cell holds «1.3» and
    «1.4» on two lines, and every other filled cell as many lines, in the same order.
    """
    column = header.column(Field.NUMBER)
    numbers = [line.strip() for line in row.text(column).split("\n") if line.strip()]
    if len(numbers) < 2 or not all(NUMBER.match(number) for number in numbers):
        return [row]
    parts = {cell.column: [x for x in cell.text.split("\n") if x.strip()] for cell in row.cells}
    if any(lines and len(lines) != len(numbers) for lines in parts.values()):
        return [row]
    return [
        Row(
            tuple(Cell(parts[c.column][i] if parts[c.column] else "", c.column) for c in row.cells),
            row.line,
            table=row.table,
            place=row.place,
        )
        for i in range(len(numbers))
    ]
