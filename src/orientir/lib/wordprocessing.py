"""Word-processing primitives for official documents, over python-docx; nothing of the domain.

What python-docx has no call for is written here as the few XML elements Word expects: a
PAGE field in the footer, a table header repeated on every page (`w:tblHeader`) and rows
kept whole across a page break (`w:cantSplit`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

# Times New Roman is what Word documents of ministries use; LibreOffice substitutes the
# metric-compatible Liberation Serif (Debian's fonts-liberation), so pages break alike.
SERIF = "Times New Roman"
A4_SHORT, A4_LONG = Cm(21.0), Cm(29.7)

Align = WD_ALIGN_PARAGRAPH


def new_document(*, landscape: bool = True, font: str = SERIF, size: float = 12) -> Any:
    """Return an empty A4 document (landscape by default) in a serif font, page numbers below."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    )
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(1.5)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = font
        style.font.size = Pt(size)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), font)
    normal = document.styles["Normal"].paragraph_format
    normal.space_after, normal.space_before = Pt(0), Pt(0)
    add_page_numbers(section)
    return document


def add_page_numbers(section: Any) -> None:
    """Put the page number, as a PAGE field Word and LibreOffice fill in, centred below."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = Align.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind is None:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
            if kind == "separate":
                placeholder = OxmlElement("w:t")
                placeholder.text = "1"
                run._r.append(placeholder)


def paragraph(
    document: Any,
    text: str = "",
    *,
    bold: bool = False,
    size: float | None = None,
    align: Any = None,
    space_after: float = 0,
    keep_with_next: bool = False,
) -> Any:
    """Add a paragraph; line breaks in `text` stay line breaks."""
    found = document.add_paragraph()
    write(found, text, bold=bold, size=size)
    if align is not None:
        found.alignment = align
    found.paragraph_format.space_after = Pt(space_after)
    found.paragraph_format.keep_with_next = keep_with_next
    return found


def write(target: Any, text: str, *, bold: bool = False, size: float | None = None) -> None:
    """Write `text` into a paragraph as one run per line, joined by line breaks."""
    for index, line in enumerate(text.split("\n")):
        run = target.add_run(line)
        run.bold = bold or None
        if size is not None:
            run.font.size = Pt(size)
        if index:
            run._r.insert(0, OxmlElement("w:br"))


def table(
    document: Any,
    header: Sequence[str],
    widths_cm: Sequence[float],
    *,
    size: float = 10,
) -> Any:
    """Add a bordered table whose first row is its header, repeated on every page."""
    found = grid(document, widths_cm)
    row = found.add_row()
    repeat_as_header(row)
    fill_row(row, header, widths_cm, bold=True, size=size, align=Align.CENTER)
    return found


def grid(document: Any, widths_cm: Sequence[float]) -> Any:
    """Add an empty bordered table of fixed column widths."""
    found = document.add_table(rows=0, cols=len(widths_cm))
    found.style = document.styles["Table Grid"]
    found.alignment = WD_TABLE_ALIGNMENT.CENTER
    found.autofit = False
    for index, width in enumerate(widths_cm):
        found.columns[index].width = Cm(width)
    return found


def add_row(
    found: Any,
    values: Sequence[str],
    widths_cm: Sequence[float],
    *,
    bold: bool = False,
    size: float = 10,
    merge: bool = False,
) -> Any:
    """Add a row kept whole on one page; with `merge` its one value spans the whole row."""
    row = found.add_row()
    keep_whole(row)
    if merge:
        first, *rest = row._tr.tc_lst
        for tc in rest:
            row._tr.remove(tc)
        first.grid_span = len(widths_cm)
        first.width = Cm(sum(widths_cm))
        write(_Cell(first, found).paragraphs[0], values[0], bold=bold, size=size)
        return row
    fill_row(row, values, widths_cm, bold=bold, size=size)
    return row


def fill_row(
    row: Any,
    values: Sequence[str],
    widths_cm: Sequence[float],
    *,
    bold: bool = False,
    size: float = 10,
    align: Any = None,
) -> None:
    # The row's own cells: `row.cells` walks the whole table, quadratic over a long one.
    cells = [_Cell(tc, row.table) for tc in row._tr.tc_lst]
    for cell, value, width in zip(cells, values, widths_cm, strict=True):
        cell.width = Cm(width)
        target = cell.paragraphs[0]
        write(target, value, bold=bold, size=size)
        if align is not None:
            target.alignment = align


def _row_property(row: Any, name: str) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    properties.append(element)


def repeat_as_header(row: Any) -> None:
    """Mark a row as the table's header, which Word repeats at the top of each page."""
    _row_property(row, "w:tblHeader")
    keep_whole(row)


def keep_whole(row: Any) -> None:
    """Forbid a page break inside the row (a row taller than a page still breaks)."""
    _row_property(row, "w:cantSplit")


def borderless(found: Any) -> None:
    """Take the borders off a table used only to place blocks side by side."""
    properties = found._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def signature_line(document: Any, name: str) -> Any:
    """Add «____________  name» under a signer's position: the name at the right edge."""
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    found = document.add_paragraph()
    stops = found.paragraph_format.tab_stops
    stops.add_tab_stop(int(width * 0.6), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    found.add_run(f"\t____________________\t{name}")
    return found


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
