"""Read .docx: paragraphs and tables in body order, merged cells once, nested tables after."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from orientir.imports.errors import ImportProblem
from orientir.imports.readers.grid import Cell, Grid, Row

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_document(data: bytes, name: str) -> Any:
    """Open a .docx with python-docx, turning every failure into a clear message."""
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportProblem(f"Файл {name} повреждён или не является документом Word.") from error
    except Exception as error:  # lxml and python-docx raise many kinds on broken parts
        raise ImportProblem(
            f"Файл {name}: не удалось прочитать документ Word ({error})."
        ) from error


def paragraph_text(element: Any) -> tuple[str, bool]:
    """Return a `w:p`'s text and whether every run with text in it is bold."""
    texts: list[str] = []
    bold = True
    for run in element.iter(f"{_W}r"):
        text = "".join(
            node.text or ("\n" if node.tag == f"{_W}br" else "\t" if node.tag == f"{_W}tab" else "")
            for node in run
            if node.tag in (f"{_W}t", f"{_W}br", f"{_W}tab")
        )
        if text.strip():
            properties = run.find(f"{_W}rPr")
            is_bold = properties is not None and properties.find(f"{_W}b") is not None
            if is_bold:
                value = properties.find(f"{_W}b").get(f"{_W}val")  # type: ignore[union-attr]
                is_bold = value not in ("0", "false")
            bold = bold and is_bold
        texts.append(text)
    joined = "".join(texts)
    return joined, bold and bool(joined.strip())


def is_heading(element: Any) -> bool:
    style = element.find(f"{_W}pPr/{_W}pStyle")
    value = style.get(f"{_W}val", "") if style is not None else ""
    return value.lower().startswith(("heading", "title", "заголовок"))


class DocxReader:
    """Walk the body, numbering tables and their rows as Word shows them."""

    def __init__(self, name: str) -> None:
        self.grid = Grid(source=name)
        self.tables = 0
        self.paragraphs = 0

    def body(self, body: Any) -> None:
        for element in body.iterchildren():
            if element.tag == f"{_W}p":
                self.paragraph(element)
            elif element.tag == f"{_W}tbl":
                self.table(element)

    def paragraph(self, element: Any) -> None:
        self.paragraphs += 1
        text, bold = paragraph_text(element)
        if text.strip():
            cell = Cell(text, 0, bold=bold or is_heading(element))
            self.grid.rows.append(Row((cell,), self.paragraphs))

    def table(self, element: Any) -> None:
        self.tables += 1
        index = self.tables
        nested: list[Any] = []
        for number, tr in enumerate(element.iterchildren(f"{_W}tr"), start=1):
            cells = self.row_cells(tr, nested)
            place = f"таблица {index}"
            self.grid.rows.append(Row(tuple(cells), number, table=index, place=place))
        for inner in nested:
            self.table(inner)

    def row_cells(self, tr: Any, nested: list[Any]) -> list[Cell]:
        """Read a row's cells; a vertically merged continuation is empty, a span counts once."""
        cells: list[Cell] = []
        column = 0
        for tc in tr.iterchildren(f"{_W}tc"):
            properties = tc.find(f"{_W}tcPr")
            span_node = properties.find(f"{_W}gridSpan") if properties is not None else None
            span = int(span_node.get(f"{_W}val", "1")) if span_node is not None else 1
            merge = properties.find(f"{_W}vMerge") if properties is not None else None
            continued = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            texts, bolds = [], []
            for child in tc.iterchildren():
                if child.tag == f"{_W}p":
                    text, bold = paragraph_text(child)
                    texts.append(text)
                    bolds.append(bold or not text.strip())
                elif child.tag == f"{_W}tbl":
                    nested.append(child)
            text = "" if continued else "\n".join(texts).strip("\n")
            cells.append(Cell(text, column, bold=bool(text.strip()) and all(bolds), span=span))
            # Covered columns stay as empty cells, so a cell's index is its column.
            cells.extend(Cell("", column + extra) for extra in range(1, span))
            column += span
        return cells


def read_docx(data: bytes, name: str) -> Grid:
    """Read a .docx into a Grid: body paragraphs and table rows in reading order."""
    document = open_document(data, name)
    reader = DocxReader(name)
    reader.body(document.element.body)
    return reader.grid
