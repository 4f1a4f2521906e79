"""The intermediate form every reader produces: rows of cells with their source position."""

from __future__ import annotations

from dataclasses import dataclass, field

from orientir.lib.textclean import clean, is_bold


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Cell:
    """One cell as written (markup kept), with its 0-based column and formatting."""

    text: str
    column: int
    bold: bool = False
    span: int = 1

    @property
    def value(self) -> str:
        """The cell's plain words."""
        return clean(self.text)

    @property
    def is_bold(self) -> bool:
        return self.bold or is_bold(self.text)


@dataclass(frozen=True)
class Row:
    """A table row, or a paragraph outside tables (`table` is None, one cell).

    `line` counts rows in the source unit that `place` names ("лист «План»", "таблица 2",
    "страница 3"); a plain text file has no place and counts its lines.
    """

    cells: tuple[Cell, ...]
    line: int
    table: int | None = None
    place: str | None = None

    @property
    def is_paragraph(self) -> bool:
        return self.table is None

    @property
    def values(self) -> list[str]:
        return [cell.value for cell in self.cells]

    @property
    def is_empty(self) -> bool:
        return not any(self.values)

    def cell(self, column: int) -> Cell | None:
        """Return the cell at `column`, or None when the row is shorter."""
        for cell in self.cells:
            if cell.column == column:
                return cell
        return None

    def text(self, column: int | None) -> str:
        """Return the raw text at `column` ('' when absent)."""
        found = None if column is None else self.cell(column)
        return found.text if found else ""

    def where(self, column: int | None = None) -> str:
        """Name this row (and a cell) in Russian for messages."""
        parts = []
        if self.place:
            parts.append(self.place)
        parts.append(f"строка {self.line}")
        if column is not None:
            parts.append(f"ячейка {column_letter(column)}")
        return ", ".join(parts)


@dataclass
class Grid:
    """A whole document as rows in reading order."""

    source: str
    rows: list[Row] = field(default_factory=list)
    # what the reader itself says to check (a scan was recognised), shown before the rest
    warnings: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return any(not row.is_empty for row in self.rows)
