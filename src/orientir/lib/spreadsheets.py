"""Spreadsheet primitives for official tables, over openpyxl; nothing of the domain."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
BOLD = Font(name=FONT, size=11, bold=True)
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


# Named once per workbook: giving each of many thousand cells its own Font and Border
# objects makes openpyxl hash them all, which took most of a big workbook's time.
def _named_styles() -> list[NamedStyle]:
    return [
        NamedStyle("text", font=Font(name=FONT, size=11), alignment=WRAP),
        NamedStyle("bold", font=BOLD, alignment=WRAP),
        NamedStyle("cell", font=Font(name=FONT, size=11), alignment=WRAP, border=BORDER),
        NamedStyle(
            "header",
            font=BOLD,
            fill=HEADER_FILL,
            border=BORDER,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        ),
        NamedStyle(
            "centre",
            font=BOLD,
            alignment=Alignment(wrap_text=True, horizontal="center", vertical="center"),
        ),
    ]


def put(
    sheet: Worksheet, row: int, column: int, value: Any, *, bold: bool = False, style: str = ""
) -> Any:
    """Write a value; text that Excel would take for a formula stays text."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"
    cell.style = style or ("bold" if bold else "text")
    return cell


def table(
    sheet: Worksheet,
    top: int,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
) -> int:
    """Write a bordered table with a shaded header that prints on every page; return its end."""
    for column, (label, width) in enumerate(zip(header, widths, strict=True), start=1):
        put(sheet, top, column, label, style="header")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            put(sheet, top + offset, column, value, style="cell")
    sheet.print_title_rows = f"{top}:{top}"
    sheet.freeze_panes = sheet.cell(row=top + 1, column=1)
    return top + len(rows)


def landscape(sheet: Worksheet) -> None:
    """Print on A4 landscape, as wide as the page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "&P"


def title(sheet: Worksheet, row: int, text: str, columns: int, *, bold: bool = True) -> None:
    """Write a line across `columns` columns, centred."""
    put(sheet, row, 1, text, style="centre" if bold else "text")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet.row_dimensions[row].height = 15 * max(1, len(text) // 120 + 1)


def sheet_name(name: str, taken: set[str]) -> str:
    """Return a sheet name Excel accepts (31 characters, no []:*?/\\), unique in `taken`."""
    base = _SHEET_NAME.sub(" ", name).strip()[:31] or "Лист"
    found, n = base, 2
    while found.lower() in taken:
        suffix = f" ({n})"
        found, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(found.lower())
    return found


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for style in _named_styles():
        workbook.add_named_style(style)
    return workbook


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
