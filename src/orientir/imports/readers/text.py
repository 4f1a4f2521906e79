"""Read plain text and Markdown: tab-separated rows, pipe tables, paragraphs between them."""

from __future__ import annotations

import re

from orientir.imports.readers.grid import Cell, Grid, Row

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


def read_text(data: bytes, name: str) -> Grid:
    """Read a .txt/.md document into a Grid.

    A line with tabs or a `| … |` line is a table row; Markdown rules are dropped.
    Consecutive other lines form one paragraph; a blank line ends it. A table starts
    a new index after a paragraph, not after blank lines (page breaks).
    """
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

    for number, line in enumerate(decode(data, name).splitlines(), start=1):
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
