"""Read .pdf with a text layer: tables found by their ruling lines, lines of text between them.

Every page is read top to bottom: a table becomes table rows (a cell is bold when all its
letters are set in a bold font), and each line of text outside tables a paragraph. A PDF
without any text (a scan) cannot be read and says so.
"""

from __future__ import annotations

import io
import itertools
from typing import Any

from orientir.imports.errors import ImportProblem
from orientir.imports.readers.grid import Cell, Grid, Row


def open_pdf(data: bytes, name: str) -> Any:
    """Open a PDF with pdfplumber, turning every failure into a clear message."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: a broken file fails here
    except Exception as error:  # pdfminer raises many kinds on broken or encrypted files
        text = f"{type(error).__name__} {error}".lower()
        if "password" in text or "encrypt" in text:
            raise ImportProblem(
                f"Файл {name} защищён паролем: снимите защиту и загрузите его снова."
            ) from error
        raise ImportProblem(f"Файл {name} повреждён или не является документом PDF.") from error
    return pdf


def is_bold_font(char: dict[str, Any]) -> bool:
    font = str(char.get("fontname", "")).lower()
    return "bold" in font or "black" in font or "heavy" in font


def cell_is_bold(page: Any, bbox: tuple[float, float, float, float]) -> bool:
    """Say whether every letter inside `bbox` is bold."""
    x0, top, x1, bottom = bbox
    chars = [
        char
        for char in page.chars
        if x0 <= char["x0"] < x1 and top <= char["top"] < bottom and char["text"].strip()
    ]
    return bool(chars) and all(is_bold_font(char) for char in chars)


def cell_text(page: Any, bbox: tuple[float, float, float, float]) -> str:
    """A cell's text: the letters whose middle is inside it.

    A letter's box reaches above its line by the font's ascent, so a crop alone would take
    the first line of the row below when a table has no cell padding.
    """
    x0, top, x1, bottom = bbox

    def inside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        middle_x, middle_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return x0 <= middle_x < x1 and top <= middle_y < bottom

    lines = page.filter(inside).crop(bbox).extract_text_lines(return_chars=False)
    return join_wrapped(lines, bbox)


def join_wrapped(lines: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> str:
    """Join the lines a cell wrapped; keep a break where a paragraph ended.

    A line ends a paragraph when the next line's first word would have fitted after it,
    within the cell's right edge less the padding its text keeps on the left.
    """
    if not lines:
        return ""
    padding = max(0.0, min(line["x0"] for line in lines) - bbox[0])
    right = bbox[2] - padding
    text = lines[0]["text"]
    for before, line in itertools.pairwise(lines):
        words = line["text"].split()
        letter = (line["x1"] - line["x0"]) / max(1, len(line["text"]))
        fits = before["x1"] + letter * (len(words[0]) + 1) if words else before["x1"]
        if fits < right - letter:
            text += "\n" + line["text"]
        elif text.endswith("-"):
            text += line["text"]
        else:
            text += " " + line["text"]
    return text


def table_rows(page: Any, table: Any, index: int, place: str) -> list[tuple[float, Row]]:
    """Read one table's rows, keeping where each row starts on the page."""
    found: list[tuple[float, Row]] = []
    for number, row in enumerate(table.rows, start=1):
        cells: list[Cell] = []
        for column, bbox in enumerate(row.cells):
            if bbox is None:  # covered by a merged cell to its left
                cells.append(Cell("", column))
                continue
            span = 1 + next(
                (i for i, other in enumerate(row.cells[column + 1 :]) if other is not None),
                len(row.cells) - column - 1,
            )
            text = cell_text(page, bbox)
            bold = bool(text.strip()) and cell_is_bold(page, bbox)
            cells.append(Cell(text, column, bold=bold, span=span))
        found.append((row.bbox[1], Row(tuple(cells), number, table=index, place=place)))
    return found


def inside(line: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    middle = (line["top"] + line["bottom"]) / 2
    return any(top <= middle <= bottom and x0 <= line["x0"] < x1 for x0, top, x1, bottom in boxes)


def text_lines(page: Any, boxes: list[Any], place: str) -> list[tuple[float, Row]]:
    """Read the lines of text outside tables as paragraphs."""
    found: list[tuple[float, Row]] = []
    for line in page.extract_text_lines(return_chars=True):
        if inside(line, boxes) or not line["text"].strip():
            continue
        bold = all(is_bold_font(char) for char in line["chars"] if char["text"].strip())
        number = len(found) + 1
        found.append((line["top"], Row((Cell(line["text"], 0, bold=bold),), number, place=place)))
    return found


def read_page(page: Any, grid: Grid, first_table: int) -> int:
    """Append one page's rows in reading order; return how many tables it had."""
    place = f"страница {page.page_number}"
    tables = page.find_tables()
    items: list[tuple[float, Row]] = []
    for offset, table in enumerate(tables):
        items.extend(table_rows(page, table, first_table + offset, place))
    items.extend(text_lines(page, [table.bbox for table in tables], place))
    items.sort(key=lambda item: item[0])
    grid.rows.extend(row for _, row in items)
    return len(tables)


def read_pdf(data: bytes, name: str) -> Grid:
    """Read every page of a PDF's text layer into one Grid."""
    grid = Grid(source=name)
    with open_pdf(data, name) as pdf:
        if not any(page.chars for page in pdf.pages):
            raise ImportProblem(
                f"Файл {name}: в PDF нет текстового слоя (похоже на скан). Распознайте текст "
                "или загрузите исходный документ .docx/.xlsx."
            )
        tables = 1
        try:
            for page in pdf.pages:
                tables += read_page(page, grid, tables)
        except ImportProblem:
            raise
        except Exception as error:  # a damaged page's content stream
            raise ImportProblem(
                f"Файл {name}: не удалось прочитать страницу PDF ({error})."
            ) from error
    return grid
