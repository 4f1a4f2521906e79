"""Read plain text and Markdown: tab-separated rows, pipe tables, paragraphs between them.

A Word table copied as a cell a line (each indented by a tab, rows between blank lines)
is read back into rows of cells.
"""

from __future__ import annotations

import re
from collections import Counter

from orientir.imports.readers.grid import Cell, Grid, Row
from orientir.lib.russian import MONTH_PATTERN

_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*[|\t])+\s*:?-{0,}:?\s*\|?\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def is_separator(line: str) -> bool:
    """Say whether `line` is a Markdown table rule (`|---|---|` or `---<tab>---`)."""
    return bool(_SEPARATOR.match(line)) and set(line) <= set("|-:\t ")


def split_pipe_row(line: str) -> list[str]:
    """Split `| a | b |` into its cells, honouring `\\|` escapes."""
    body = line.strip()[1:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [cell.replace("\\|", "|").strip() for cell in cells]


def table_cells(line: str) -> list[str] | None:
    """Return the cells of a table line, or None when the line is a paragraph."""
    if _PIPE_ROW.match(line) and line.count("|") >= 3:
        return split_pipe_row(line)
    if "\t" in line:
        return line.split("\t")
    return None


def decode(data: bytes, name: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else Windows-1251."""
    from orientir.imports.errors import ImportProblem

    if b"\x00" in data[:4096]:
        raise ImportProblem(f"Файл {name}: это не текстовый файл (в нём двоичные данные).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1251")
        except UnicodeDecodeError as error:
            raise ImportProblem(
                f"Файл {name}: не удалось прочитать текст (кодировка не UTF-8 и не Windows-1251)."
            ) from error


_DEADLINE_START = re.compile(
    rf"^(до|с|в\s+течение|по|еже\w+|постоянно|{MONTH_PATTERN}\w*)(\s|$)", re.I
)
_CELL_LINE = re.compile(r"^\t[^\t]*$")
_STACKED_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")


def cell_blocks(lines: list[str]) -> list[tuple[int, list[str]]] | None:
    """Split a copy of a Word table written a cell a line into its rows.

    Returns (first line number, lines) for each block of lines between blank lines, or
    None when the text is not such a copy: it needs at least three blocks of three or more
    cell lines, every block of them wholly indented, and no tab-separated row.
    """
    if any(re.search(r"[^\t]\t", line) for line in lines):
        return None
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip(" \r") == "":
            if current:
                blocks.append((number - len(current), current))
            current = []
        else:
            current.append(line)
    tables = [lines for _, lines in blocks if all(_CELL_LINE.match(line) for line in lines)]
    mixed = any(
        any(_CELL_LINE.match(line) for line in lines)
        and not all(_CELL_LINE.match(x) for x in lines)
        for _, lines in blocks
    )
    if mixed or sum(1 for lines in tables if len(lines) >= 3) < 3:
        return None
    return blocks


def block_cells(lines: list[str], width: int) -> tuple[Cell, ...]:
    """One row's cells; a block of two rows stacked in the same cells keeps them together."""
    texts = [line[1:].strip() for line in lines]
    if len(texts) == 1 and width > 1:  # a section written across the table
        return (Cell(texts[0], 0, span=width),)
    stacked, rest = divmod(len(texts), width)
    if stacked > 1 and not rest and all(_STACKED_NUMBER.match(t) for t in texts[:stacked]):
        texts = ["\n".join(texts[i * stacked : (i + 1) * stacked]) for i in range(width)]
    elif len(texts) > width:
        texts = fold_continuations(texts, width)
    return tuple(Cell(text, column) for column, text in enumerate(texts))


def fold_continuations(texts: list[str], width: int) -> list[str]:
    """Put a cell's second line back into it, when that makes the row as wide as the table.

    A cell of two paragraphs gives two lines: the second goes on the first when it starts
    with a small letter or the first ends with a comma, a hyphen or a conjunction.
    """
    folded: list[str] = []
    for index, text in enumerate(texts):
        excess = len(folded) + len(texts) - index - width
        if folded and excess > 0 and _continues(folded[-1], text):
            folded[-1] += "\n" + text
        else:
            folded.append(text)
    return folded if len(folded) == width else texts


def _continues(before: str, text: str) -> bool:
    # A mark («х», «+»), an empty cell or a deadline («январь 2026 г.») is a cell of its own.
    if len(text) <= 2 or _DEADLINE_START.match(text):
        return False
    return text[:1].islower() or bool(re.search(r"([,;\-–]|\bи)$", before))


def read_cell_lines(blocks: list[tuple[int, list[str]]], name: str) -> Grid:
    """Rows from a cell-a-line copy: indented blocks are table rows, the rest paragraphs."""
    grid = Grid(source=name)
    sizes = Counter(len(lines) for _, lines in blocks if _CELL_LINE.match(lines[0]))
    width = max(sizes, key=lambda size: (sizes[size], -size))
    for number, lines in blocks:
        if _CELL_LINE.match(lines[0]):
            grid.rows.append(Row(block_cells(lines, width), number, table=0))
        else:
            grid.rows.append(Row((Cell("\n".join(lines), 0),), number))
    return grid


def read_text(data: bytes, name: str) -> Grid:
    """Read a .txt/.md document into a Grid.

    A line with tabs or a `| … |` line is a table row; Markdown rules are dropped.
    Consecutive other lines form one paragraph; a blank line ends it. A table starts
    a new index after a paragraph, not after blank lines (page breaks).
    """
    text = decode(data, name)
    blocks = cell_blocks(text.splitlines())
    if blocks is not None:
        return read_cell_lines(blocks, name)
    grid = Grid(source=name)
    paragraph: list[str] = []
    paragraph_line = 0
    table = -1
    in_table = False

    def flush() -> None:
        if paragraph:
            cell = Cell("\n".join(paragraph), 0)
            grid.rows.append(Row((cell,), paragraph_line))
            paragraph.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if is_separator(line):
            continue
        cells = table_cells(line)
        if cells is None:
            if not line.strip():
                flush()
                continue
            if not paragraph:
                paragraph_line = number
            paragraph.append(line)
            in_table = False
            continue
        flush()
        if not in_table:
            table, in_table = table + 1, True
        row_cells = tuple(Cell(text, column) for column, text in enumerate(cells))
        grid.rows.append(Row(row_cells, number, table=table))
    flush()
    return grid
