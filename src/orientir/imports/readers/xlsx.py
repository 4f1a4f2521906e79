"""Read .xlsx: every sheet in order, merged cells once, lone lines above a table as paragraphs."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from orientir.imports.errors import ImportProblem
from orientir.imports.readers.grid import Cell, Grid, Row
from orientir.lib.tables import cell_text


def open_workbook(data: bytes, name: str) -> Any:
    """Open a workbook with openpyxl, turning every failure into a clear message."""
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportProblem(f"Файл {name} повреждён или не является книгой Excel.") from error
    except Exception as error:  # openpyxl raises many kinds on broken parts
        raise ImportProblem(f"Файл {name}: не удалось прочитать книгу Excel ({error}).") from error


def merged_spans(sheet: Any) -> tuple[dict[tuple[int, int], int], set[tuple[int, int]]]:
    """Return the column span of each merged range's first cell, and the hidden cells."""
    spans: dict[tuple[int, int], int] = {}
    hidden: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = merged.max_col - merged.min_col + 1
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if (row, col) != (merged.min_row, merged.min_col):
                    hidden.add((row, col))
    return spans, hidden


def sheet_rows(sheet: Any, index: int, grid: Grid) -> None:
    """Append a sheet's rows; single-cell rows before its first table row are paragraphs."""
    spans, hidden = merged_spans(sheet)
    place = f"лист «{sheet.title}»"
    in_table = False
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            key = (cell.row, cell.column)
            text = "" if key in hidden else cell_text(cell.value)
            bold = bool(text) and bool(cell.font and cell.font.b)
            cells.append(Cell(text, cell.column - 1, bold=bold, span=spans.get(key, 1)))
        filled = [cell for cell in cells if cell.text.strip()]
        if not filled:
            continue
        line = row[0].row
        if len(filled) == 1 and not in_table:
            grid.rows.append(
                Row((Cell(filled[0].text, 0, bold=filled[0].bold),), line, place=place)
            )
            continue
        in_table = True
        grid.rows.append(Row(tuple(cells), line, table=index, place=place))


def read_xlsx(data: bytes, name: str) -> Grid:
    """Read every sheet of a workbook into one Grid, sheet after sheet."""
    workbook = open_workbook(data, name)
    grid = Grid(source=name)
    for index, sheet in enumerate(workbook.worksheets, start=1):
        sheet_rows(sheet, index, grid)
    return grid
