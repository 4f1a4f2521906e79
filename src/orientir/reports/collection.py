"""The methodological collection (seed 000, item 13): the region's book of municipal models.

A title page, a table of contents, a section per municipality from its own description of
its model of work (`ModelDescription`, in the markup of `markup.py`), and the region's
summary table of the year from the region's report. The reads are a fixed number of queries;
the writer is a pure function from the data to .docx bytes; PDF is that file through
LibreOffice (`services.to_pdf`), as every document of Ориентир.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from orientir.lib import wordprocessing as wp
from orientir.registry.models import AcademicYear, Municipality, Organisation, Region
from orientir.reports.excel import SUMMARY_HEADER, summary_values
from orientir.reports.markup import Block, parse
from orientir.reports.models import ModelDescription
from orientir.reports.selectors import region_report

SUMMARY_WIDTHS = (0.8, 3.6, 1.8, 1.6, 1.6, 1.6, 2.2, 2.0)
MISSING = "Описание модели муниципалитет не представил."


@dataclass
class Entry:
    municipality: str
    blocks: list[Block] | None  # None: not written


@dataclass
class Collection:
    region: str
    year: str
    ministry: str
    entries: list[Entry] = field(default_factory=list)
    summary: list[list[object]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return (
            "Модели работы муниципалитетов по повышению качества образования в школах "
            "с низкими результатами обучения и школах, функционирующих "
            "в неблагоприятных социальных условиях"
        )


def descriptions(region: Region, year: AcademicYear) -> dict[int, ModelDescription]:
    found = ModelDescription.objects.filter(municipality__region=region, academic_year=year)
    return {d.municipality_id: d for d in found}


def collection_document(region: Region, year: AcademicYear, url: str, today: dt.date) -> Collection:
    """Gather the collection of `year`: every municipality of `region`, written or not."""
    written = descriptions(region, year)
    ministry = (
        Organisation.objects.filter(region=region, kind=Organisation.Kind.MINISTRY)
        .values_list("name", flat=True)
        .first()
    )
    found = Collection(region=region.name, year=year.name, ministry=ministry or region.name)
    for municipality in Municipality.objects.filter(region=region).order_by("name", "pk"):
        description = written.get(municipality.pk)
        blocks = parse(description.text) if description else None
        found.entries.append(Entry(municipality.name, blocks))
    found.summary = summary_values(region_report(region, year, url, today))
    return found


def _serif_headings(document: Any) -> None:
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Title", 18)):
        style = document.styles[name]
        style.font.name, style.font.size = wp.SERIF, Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in (
            "w:ascii",
            "w:hAnsi",
            "w:cs",
            "w:eastAsia",
            "w:asciiTheme",
            "w:hAnsiTheme",
        ):
            fonts.attrib.pop(qn(attribute), None)
            if not attribute.endswith("Theme"):
                fonts.set(qn(attribute), wp.SERIF)


def _page_break(document: Any) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _title_page(document: Any, found: Collection) -> None:
    wp.paragraph(document, found.ministry, align=wp.Align.CENTER, space_after=120)
    wp.paragraph(document, "МЕТОДИЧЕСКИЙ СБОРНИК", bold=True, size=18, align=wp.Align.CENTER)
    wp.paragraph(document, found.title, size=14, align=wp.Align.CENTER, space_after=120)
    wp.paragraph(document, f"{found.region}\n{found.year} учебный год", align=wp.Align.CENTER)
    _page_break(document)


def _field(paragraph: Any, instruction: str, cached: list[str]) -> None:
    """A field (here the table of contents) with its last result written out.

    Word refreshes it on opening (`w:updateFields`), with page numbers; LibreOffice shows
    the written result, so the PDF lists the sections too.
    """
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    run._r.append(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    for index, line in enumerate(cached):
        result = paragraph.add_run(line)
        if index:
            result._r.insert(0, OxmlElement("w:br"))
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _contents(document: Any, found: Collection) -> None:
    wp.paragraph(document, "СОДЕРЖАНИЕ", bold=True, align=wp.Align.CENTER, space_after=12)
    names = [entry.municipality for entry in found.entries] + ["Сводная таблица"]
    _field(document.add_paragraph(), 'TOC \\o "1-1" \\h \\z \\u', names)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    _page_break(document)


WRITERS: dict[str, Callable[[Any, str], Any]] = {
    "heading": lambda d, t: d.add_paragraph(t, style="Heading 2"),
    "item": lambda d, t: d.add_paragraph(t, style="List Bullet"),
    "paragraph": lambda d, t: wp.paragraph(d, t, space_after=6),
}


def _entry(document: Any, entry: Entry) -> None:
    document.add_paragraph(entry.municipality, style="Heading 1")
    if entry.blocks is None:
        wp.paragraph(document, MISSING, space_after=6).runs[0].italic = True
    for block in entry.blocks or []:
        found = WRITERS[block.kind](document, block.text)
        if block.kind == "paragraph":
            found.paragraph_format.first_line_indent = Pt(28)
            found.alignment = wp.Align.JUSTIFY


def collection_docx(found: Collection) -> bytes:
    """Return the collection as .docx: A4 portrait, serif, a section per municipality."""
    document = wp.new_document(landscape=False, size=14)
    _serif_headings(document)
    _title_page(document, found)
    _contents(document, found)
    for entry in found.entries:
        _entry(document, entry)
        _page_break(document)
    document.add_paragraph("Сводная таблица", style="Heading 1")
    wp.paragraph(
        document,
        f"Выполнение муниципальных дорожных карт, {found.region}, {found.year} учебный год",
        space_after=6,
    )
    table = wp.table(document, SUMMARY_HEADER, SUMMARY_WIDTHS, size=9)
    for row in found.summary:
        wp.add_row(table, [str(v) for v in row], SUMMARY_WIDTHS, size=9)
    return wp.to_bytes(document)


def collection_name(region: Region, year: AcademicYear, fmt: str) -> str:
    name = f"Методический сборник — {region.name} — {year.name}".replace("/", "-")
    return f"{name}.{fmt}"
