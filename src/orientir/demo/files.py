"""Write the small files the demo attaches as evidence, DOCX and PNG, as bytes.

Pure functions from text to bytes; nothing here touches the database or the storage.

The Word files are put together by hand, four XML parts in a zip, because python-docx
takes some 20 ms to open its template and save a document, and the demo writes a thousand
of them: that alone would be twenty seconds of a build that should take a few. Photos are
PNG for the same reason and because a PNG needs nothing but zlib. There is no PDF: without
an embedded font, which no runtime dependency provides, Chrome's viewer draws no Cyrillic.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

# --- DOCX ------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # the same bytes from the same text, build after build

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{W}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" '
    'w:eastAsia="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/>'
    '<w:lang w:val="ru-RU"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "</w:style>"
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr>'
    "<w:tblBorders>"
    + "".join(_BORDER.format(side=s) for s in ("top", "left", "bottom", "right"))
    + "".join(_BORDER.format(side=s) for s in ("insideH", "insideV"))
    + "</w:tblBorders></w:tblPr></w:style></w:styles>"
)
CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator></cp:coreProperties>"
)
# A4 with the margins of Russian office paperwork: 30 mm left, 15 mm right, 20 mm top/bottom.
SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" '
    'w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
)


@dataclass(frozen=True)
class Para:
    """A paragraph: `align` is left, center, right or both; `indent` is a first-line indent."""

    text: str
    bold: bool = False
    align: str = "left"
    indent: bool = False
    before: int = 0  # space before, in points


@dataclass(frozen=True)
class Table:
    """A bordered table; the first row is the header, set in bold."""

    rows: Sequence[Sequence[str]]
    widths: Sequence[int]  # column widths in twentieths of a point


Block = Para | Table


def _run(text: str, bold: bool = False, size: int | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    parts = []
    for index, line in enumerate(text.split("\n")):
        if index:
            parts.append("<w:br/>")
        parts.append(f'<w:t xml:space="preserve">{escape(line)}</w:t>')
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{''.join(parts)}</w:r>"


def _paragraph(para: Para, size: int | None = None) -> str:
    props = f'<w:jc w:val="{para.align}"/>' if para.align != "left" else ""
    if para.indent:
        props += '<w:ind w:firstLine="709"/>'
    if para.before:
        props += f'<w:spacing w:before="{para.before * 20}"/>'
    props = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{props}{_run(para.text, para.bold, size)}</w:p>"


def _table(table: Table) -> str:
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in table.widths)
    rows = []
    for index, row in enumerate(table.rows):
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            + _paragraph(Para(cell, bold=index == 0), size=24)
            + "</w:tc>"
            for cell, width in zip(row, table.widths, strict=True)
        )
        rows.append(f"<w:tr>{cells}</w:tr>")
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl><w:p/>"
    )


def docx_bytes(blocks: Sequence[Block], *, title: str, creator: str) -> bytes:
    """Write paragraphs and tables into a Word document and return the .docx file."""
    body = "".join(_table(b) if isinstance(b, Table) else _paragraph(b) for b in blocks)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{body}{SECTION}</w:body></w:document>'
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": STYLES,
        "docProps/core.xml": CORE.format(title=escape(title), creator=escape(creator)),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), content.encode(), 8)
    return buffer.getvalue()


# --- PNG -------------------------------------------------------------------------------

Colour = tuple[int, int, int]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(rows: Sequence[bytes], width: int) -> bytes:
    """Pack RGB rows of `width` pixels into a PNG file."""
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(raw, 6))
        + _png_chunk(b"IEND", b"")
    )


def _mix(a: Colour, b: Colour, share: float) -> Colour:
    return (
        round(a[0] + (b[0] - a[0]) * share),
        round(a[1] + (b[1] - a[1]) * share),
        round(a[2] + (b[2] - a[2]) * share),
    )


def classroom_photo(seed: int, width: int = 480, height: int = 320) -> bytes:
    """Draw a stylised photo of a seminar: a wall, a screen, a floor and rows of people.

    Only rectangles, so that rows are built by slicing and a photo costs milliseconds.
    """
    rng = random.Random(seed)
    wall = rng.choice(((226, 222, 205), (214, 226, 232), (236, 226, 214), (222, 230, 214)))
    floor = rng.choice(((150, 110, 80), (120, 120, 125), (170, 140, 100)))
    horizon = int(height * rng.uniform(0.55, 0.65))
    screen_left = rng.randint(width // 5, width // 2)
    screen = (screen_left, screen_left + width // 3, height // 8, height // 8 + height // 4)
    people = []
    for depth in range(3):
        top = horizon - 30 + depth * 45
        for _ in range(rng.randint(5, 8)):
            left = rng.randint(0, width - 30)
            shirt = (rng.randint(30, 220), rng.randint(30, 200), rng.randint(40, 220))
            hair = rng.choice(((60, 40, 30), (120, 90, 60), (200, 170, 110), (40, 40, 40)))
            people.append((left, top, shirt, hair))
    rows = []
    for y in range(height):
        base = _mix(wall, (255, 255, 255), y / height * 0.3) if y < horizon else floor
        row = bytearray(bytes(base) * width)
        if screen[2] <= y < screen[3]:
            glow = (250, 250, 252) if (y - screen[2]) % 14 > 2 else (90, 120, 170)
            row[screen[0] * 3 : screen[1] * 3] = bytes(glow) * (screen[1] - screen[0])
        for left, top, shirt, hair in people:
            if top <= y < top + 12:
                row[(left + 6) * 3 : (left + 18) * 3] = (
                    bytes(hair if y < top + 4 else (232, 196, 170)) * 12
                )
            elif top + 12 <= y < top + 40:
                row[left * 3 : (left + 24) * 3] = bytes(shirt) * 24
        rows.append(bytes(row))
    return png_bytes(rows, width)
