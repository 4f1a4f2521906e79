"""Write the downloadable templates of results and context files (COLUMNS.md)."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Font

from orientir.results.columns import CONTEXT_COLUMNS, RESULT_COLUMNS, RUSSIAN_HEADERS

EXAMPLES = {
    "results": [
        "Краснодарский край",
        "Усть-Лабинский район",
        "23-0104",
        "МКОУ СОШ № 4",
        "2017/2018",
        "ЕГЭ",
        "Русский язык",
        11,
        20,
        0,
        68.5,
    ],
    "context": [
        "Краснодарский край",
        "Усть-Лабинский район",
        "23-0104",
        "МКОУ СОШ № 4",
        "2017/2018",
        "transported_share",
        0.18,
        "adverse",
    ],
}


def template_workbook(kind: str) -> bytes:
    """An XLSX with the Russian headers, one example row, and the English names below."""
    columns = RESULT_COLUMNS if kind == "results" else CONTEXT_COLUMNS
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Результаты" if kind == "results" else "Контекст"
    sheet.append([RUSSIAN_HEADERS[name] for name in columns])
    sheet.append(EXAMPLES[kind])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    names = book.create_sheet("Столбцы")
    names.append(["Заголовок", "Английское имя", "Другие допустимые заголовки"])
    for name, aliases in columns.items():
        names.append([RUSSIAN_HEADERS[name], name, ", ".join(aliases)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
