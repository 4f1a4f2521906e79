"""Read a table into rows of text: CSV (comma, semicolon or tab) or the first sheet of XLSX.

The one tabular reader of Ориентир: results and context files come through `read_table`, and
the document importer writes every Excel cell with `cell_text`, so a number reads the same
everywhere ("74,4", as a person writes it). Pure: bytes in, a `Table` out. Encoding and
delimiter are detected; empty lines are skipped but keep their numbers, so that a problem
names the line a person sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from orientir.lib import archives


class TableError(ValueError):
    """The file cannot be read as a table at all."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_table(data: bytes, name: str) -> Table:
    """Read the first sheet of an XLSX, or a CSV, into a header and numbered rows.

    A workbook that would unpack past the archive limits (lib/archives.py) is refused unread.
    """
    if archives.is_archive(data) or name.lower().endswith((".xlsx", ".xlsm")):
        try:
            archives.check_upload(data, name)
        except archives.ArchiveError as error:
            raise TableError(str(error)) from error
        lines = _xlsx_lines(data, name)
    else:
        lines = _csv_lines(data, name)
    filled = [(number, cells) for number, cells in lines if any(c.strip() for c in cells)]
    if not filled:
        raise TableError(f"Файл {name} пуст: нет строки заголовков.")
    (_, header), *rows = filled
    width = len(header)
    padded = [(n, (cells + [""] * width)[: max(width, len(cells))]) for n, cells in rows]
    return Table([h.strip() for h in header], padded)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise TableError(f"Файл {name}: кодировка не UTF-8 и не Windows-1251.") from error


def detect_delimiter(first_line: str) -> str:
    """The delimiter a CSV's first line uses most: semicolon, comma or tab."""
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_lines(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    text = _decode(data, name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first))
    try:
        return [(reader.line_num, [cell.strip() for cell in row]) for row in reader]
    except csv.Error as error:
        raise TableError(f"Файл {name}, строка {reader.line_num}: {error}.") from error


def cell_text(value: Any) -> str:
    """Write a spreadsheet cell's value as a person would read it: 74,4; 01.09.2020."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.12g}".replace(".", ",")
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d.%m.%Y}"
    return str(value).strip()


def _xlsx_lines(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError(f"Файл {name} повреждён или не является книгой Excel.") from error
    sheet = workbook.worksheets[0]
    lines = [
        (number, [cell_text(value) for value in row])
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    workbook.close()
    return lines
