"""Write a plan table as .txt, .docx, .xlsx or .pdf: templates, test fixtures, benchmarks.

Pure functions from a `Sample` to bytes. A section row is written bold and merged across
the table, as people write them in Word and Excel; a header may take two rows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Line:
    cells: tuple[str, ...]
    section: bool = False


@dataclass
class Sample:
    title: str
    header: tuple[str, ...]
    rows: list[Line] = field(default_factory=list)
    second_header: tuple[str, ...] | None = None

    @property
    def width(self) -> int:
        return len(self.header)

    def header_rows(self) -> list[tuple[str, ...]]:
        return [self.header] + ([self.second_header] if self.second_header else [])

    def padded(self, line: Line) -> tuple[str, ...]:
        return line.cells + ("",) * (self.width - len(line.cells))


def section_text(line: Line) -> str:
    return " ".join(part for part in line.cells if part)


def to_txt(sample: Sample) -> bytes:
    """Write tab-separated rows under a title paragraph."""
    lines = [sample.title, ""]
    lines.extend("\t".join(row) for row in sample.header_rows())
    lines.extend("\t".join(sample.padded(line)) for line in sample.rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_docx(sample: Sample) -> bytes:
    """Write a Word document: a bold title and one table, section rows merged and bold."""
    import docx

    document = docx.Document()
    document.add_paragraph().add_run(sample.title).bold = True
    table = document.add_table(rows=0, cols=sample.width)
    table.style = "Table Grid"
    for header in sample.header_rows():
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = text
    for line in sample.rows:
        cells = table.add_row().cells
        if line.section:
            merged = cells[0].merge(cells[-1])
            merged.paragraphs[0].add_run(section_text(line)).bold = True
            continue
        for cell, text in zip(cells, sample.padded(line), strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_xlsx(sample: Sample) -> bytes:
    """Write a workbook: the title in A1, the table from row 3, section rows merged and bold."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "План"
    sheet.append([sample.title])
    sheet.append([])
    for header in sample.header_rows():
        sheet.append(list(header))
    for line in sample.rows:
        if line.section:
            sheet.append([section_text(line)])
            row = sheet.max_row
            sheet.cell(row, 1).font = Font(bold=True)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=sample.width)
        else:
            sheet.append(list(sample.padded(line)))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_pdf(sample: Sample) -> bytes:
    """Write a PDF with a text layer (fpdf2, a development dependency, and DejaVu fonts)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, sample.title)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 8)
    with pdf.table(first_row_as_headings=False, line_height=4) as table:
        for header in sample.header_rows():
            table.row(list(header))
        for line in sample.rows:
            row = table.row()
            if line.section:
                pdf.set_font("DejaVu", "B", 8)
                row.cell(section_text(line), colspan=sample.width)
                pdf.set_font("DejaVu", "", 8)
                continue
            for text in sample.padded(line):
                row.cell(text)
    return bytes(pdf.output())


WRITERS = {".txt": to_txt, ".docx": to_docx, ".xlsx": to_xlsx, ".pdf": to_pdf}


def roadmap_sample(activities: int = 6, per_section: int = 3) -> Sample:
    """Return a road map of `activities` activities in sections of `per_section`."""
    sample = Sample(
        title="Дорожная карта по повышению качества образования в Лесном районе "
        "на 2018/2019 учебный год",
        header=("№ п/п", "Мероприятие", "Сроки", "Ответственные", "Результат", "Отметка"),
    )
    deadlines = ["Август 2018 года", "В течение учебного года", "до 1 ноября", "1-4 кв."]
    for index in range(activities):
        section, item = divmod(index, per_section)
        if item == 0:
            sample.rows.append(
                Line((f"{section + 1}.", f"Раздел работы номер {section + 1}"), True)
            )
        sample.rows.append(
            Line(
                (
                    f"{section + 1}.{item + 1}.",
                    f"Проведение семинара для заместителей директоров № {index + 1}",
                    deadlines[index % len(deadlines)],
                    "Карпенко Н.В. Ракова Н.В.",
                    "Повышение качества образования",
                    "",
                )
            )
        )
    return sample
