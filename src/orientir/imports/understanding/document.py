"""Understand a Grid: find its tables by their headers and read the plan, passport, indicators."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orientir.imports.errors import HeaderNotFound
from orientir.imports.readers.grid import Grid, Row
from orientir.imports.schema import ParsedDocument, ParsedIndicator, ParsedSection
from orientir.imports.understanding import meta
from orientir.imports.understanding.activities import (
    NUMBER_AND_TITLE,
    SECTION_WORD,
    RawActivity,
    RawSection,
    continues,
    has_data,
    is_instruction,
    is_subsection,
    row_cells,
    section_from,
    split_number,
    split_stacked,
)
from orientir.imports.understanding.build import build_activity
from orientir.imports.understanding.glossary import Glossary, glossary_from_grid
from orientir.imports.understanding.headers import (
    Field,
    Header,
    TableKind,
    detect_header,
    is_number_row,
    merge_two_row_header,
    with_number_column,
)
from orientir.imports.understanding.passport import LABELS, PassportReader
from orientir.lib.textclean import clean, is_bold

KINDS = ("regional_plan", "roadmap", "school_programme", "report")
_REPORT_FIELDS = {Field.DESCRIPTION, Field.AUDIENCE, Field.DOCUMENTS, Field.DATE}
_DEADLINE_FIELDS = {
    Field.DEADLINE,
    Field.DEADLINE_OR_MARK,
    Field.DEADLINE_START,
    Field.DEADLINE_END,
    Field.DATE,
}


@dataclass
class Scan:
    """What has been read so far, row by row."""

    grid: Grid
    plan: Header | None = None
    table: Header | None = None
    heading: str | None = None
    raws: list[RawActivity | RawSection] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    passport: PassportReader = field(default_factory=PassportReader)
    region_code: str | None = None
    municipality: str | None = None
    skip: set[int] = field(default_factory=set)

    @property
    def last_activity(self) -> RawActivity | None:
        last = self.raws[-1] if self.raws else None
        return last if isinstance(last, RawActivity) else None

    @property
    def section(self) -> str | None:
        for item in reversed(self.raws):
            if isinstance(item, RawSection):
                return item.number or item.title
        return None


def is_heading(row: Row) -> bool:
    """A heading paragraph: Markdown `#`, bold, or a short line in capitals."""
    text = row.cells[0].text.strip() if row.cells else ""
    plain = clean(text)
    if text.startswith("#") or row.cells[0].bold or is_bold(text):
        return True
    return (
        0 < len(plain.split()) <= 8 and plain.upper() == plain and any(c.isalpha() for c in plain)
    )


def understand(
    grid: Grid,
    *,
    kind: str | None = None,
    year: str | None = None,
    glossary: Glossary | None = None,
) -> ParsedDocument:
    """Read a document's plan, sections, activities, passport and indicators from its Grid.

    Raises HeaderNotFound (an ImportProblem) when no table has a recognisable header.
    """
    glossary = glossary or Glossary()
    glossary.extend(glossary_from_grid(grid))
    scan = Scan(grid)
    for index, row in enumerate(grid.rows):
        if index not in scan.skip:
            read_row(scan, index, row)
    if scan.plan is None:
        raise HeaderNotFound(
            f"Файл {grid.source}: не найдена строка заголовка таблицы мероприятий "
            "(ожидались столбцы «№», «Мероприятие», «Сроки», «Ответственные»…)."
        )
    return assemble(scan, kind=kind, year=year, glossary=glossary)


def read_row(scan: Scan, index: int, row: Row) -> None:
    """Dispatch one row by what it is and which table it is in."""
    if row.is_paragraph:
        heading = is_heading(row)
        if heading:
            scan.heading = row.values[0] if row.values else None
        if scan.plan is None:
            scan.passport.paragraph(row, heading)
        elif scan.table is scan.plan and inside_plan(scan, index):
            section = section_line(row)
            if section is not None:
                scan.raws.append(section)
                return
        if scan.table and scan.table.kind != TableKind.ACTIVITIES:
            scan.table = None
        return
    if row.is_empty:
        return
    header = detect_header(row)
    if header is not None:
        take_header(scan, index, header)
        return
    lone = [value for value in row.values if value]
    if len(lone) == 1 and (scan.table is None or scan.table.kind == TableKind.EXAMS):
        scan.heading = lone[0]  # a spreadsheet's line between tables
        return
    if scan.table is None:
        if scan.plan is None and not scan.passport.table_row(row):
            scan.warnings.append(f"{row.where()}: строка вне таблицы мероприятий пропущена")
        return
    if scan.table.kind == TableKind.INDICATORS:
        read_indicator(scan, row)
    elif scan.table.kind == TableKind.ACTIVITIES and scan.table is scan.plan:
        if is_number_row(row):  # the column numbers Word repeats on each page
            return
        for part in split_stacked(row, scan.plan):
            read_activity_row(scan, index, part)


def inside_plan(scan: Scan, index: int) -> bool:
    """Say whether the next row with text is a row of the plan's table, not a new header."""
    for row in scan.grid.rows[index + 1 : index + 5]:
        if row.is_empty:
            continue
        return not row.is_paragraph and detect_header(row) is None
    return False


def section_line(row: Row) -> RawSection | None:
    """A section written across a text copy's table as a line of its own («2. Кадры»)."""
    text = row.values[0] if row.values else ""
    if "\n" in row.cells[0].text.strip() or len(text) > 200:
        return None
    word = SECTION_WORD.match(text)
    if word:
        return RawSection(word[1], clean(word[2]) or text, row)
    numbered = NUMBER_AND_TITLE.match(text)
    return RawSection(numbered[1], clean(numbered[2]), row) if numbered else None


def take_header(scan: Scan, index: int, header: Header) -> None:
    """Start a table: the plan's own, a repeat of it, indicators, exams or another one."""
    row = header.row
    if header.kind == TableKind.EXAMS:
        scan.table = header
        scan.warnings.append(
            f"{row.where()}: таблица результатов экзаменов «{labels(header)}» "
            "распознана и пропущена"
        )
        return
    if header.kind == TableKind.INDICATORS:
        scan.table = header
        return
    header = read_header_rows(scan, index, header)
    if scan.plan is None:
        scan.plan = scan.table = header
    elif header.signature == scan.plan.signature:
        scan.table = scan.plan
    else:
        scan.table = header
        scan.warnings.append(
            f"{row.where()}: таблица со столбцами «{labels(header)}» "
            "не относится к плану мероприятий — пропущена"
        )


def read_header_rows(scan: Scan, index: int, header: Header) -> Header:
    """Take in the rows a header spans (up to three), then the row of column numbers."""
    below = index + 1
    while below < len(scan.grid.rows) and below - index < 3:
        merged = merge_two_row_header(header, scan.grid.rows[below])
        if merged is None:
            break
        header = merged
        scan.skip.add(below)
        below += 1
    if below < len(scan.grid.rows) and is_number_row(scan.grid.rows[below]):
        scan.skip.add(below)
    table = [row for row in scan.grid.rows[below : below + 30] if not row.is_paragraph]
    return with_number_column(header, table)


def labels(header: Header) -> str:
    return ", ".join(label for label in header.labels if label)[:80]


def read_indicator(scan: Scan, row: Row) -> None:
    """Read one target indicator: name, unit and a value per academic year."""
    assert scan.table is not None
    name = clean(row.text(scan.table.column(Field.TITLE)))
    if not name:
        return
    unit = clean(row.text(scan.table.column(Field.RESULT))) or None
    values = {year: number(clean(row.text(col))) for year, col in scan.table.years.items()}
    if unit is None and not any(value is not None for value in values.values()):
        scan.heading = name  # a group's heading inside the sheet, between its tables
        return
    group = re.sub(r"^[\dIVX.\s]+", "", scan.heading or "").strip(" .:") or None
    scan.indicators.append(ParsedIndicator(group, name, unit, values))


def number(text: str) -> float | None:
    """Read "4,1" or "100 %" as a number; None when the cell holds none."""
    match = re.search(r"-?\d+(?:[.,]\d+)?", text.replace(" ", ""))
    return float(match[0].replace(",", ".")) if match else None


def read_activity_row(scan: Scan, index: int, row: Row) -> None:
    """Read a row of the plan: a section, an activity, or the rest of one split by a page."""
    assert scan.plan is not None
    if is_instruction(row):
        scan.warnings.append(f"{row.where()}: строка с подсказками к заполнению пропущена")
        return
    cells = row_cells(row, scan.plan)
    number, title = split_number(cells)
    section = section_from(row, scan.plan, cells)
    if section is None and number and title and not has_data(cells):
        candidate = RawSection(number, clean(title), row)
        if is_subsection(candidate, scan.grid.rows[index + 1 : index + 40], scan.plan):
            section = candidate
    if section is not None:
        scan.raws.append(section)
        return
    previous = scan.last_activity
    if continues(previous, number, cells):
        assert previous is not None
        cells.pop(Field.NUMBER, None)
        previous.extend(cells)
        return
    cells[Field.TITLE] = title
    cells.pop(Field.NUMBER, None)
    scan.raws.append(RawActivity(number, scan.section, row, cells))


def assemble(
    scan: Scan, *, kind: str | None, year: str | None, glossary: Glossary
) -> ParsedDocument:
    """Put the pieces together: title, kind, years, sections, activities, warnings."""
    assert scan.plan is not None
    paragraphs = meta.leading_paragraphs(scan.grid, scan.plan.row)
    title = meta.find_title(paragraphs)
    years = [year] if year else meta.academic_years(title, paragraphs)
    is_report = len(_REPORT_FIELDS & scan.plan.signature) >= 2
    passport = scan.passport.fields
    document = ParsedDocument(
        kind=kind
        or meta.guess_kind(
            title, is_report, bool(passport), meta.front_lines(scan.grid, scan.plan.row)
        ),
        title=title,
        academic_years=years,
        indicators=scan.indicators,
        warnings=list(scan.warnings),
        passport=passport,
        approval_text=meta.approval_text(paragraphs),
        columns=understood_columns(scan.plan),
    )
    if not years:
        document.warnings.append(
            "не удалось определить учебный год плана — даты сроков не вычислены (укажите --year)"
        )
    add_items(document, scan, glossary)
    if not (_DEADLINE_FIELDS & scan.plan.signature or scan.plan.periods):
        document.warnings.insert(
            0,
            f"в таблице мероприятий не найден столбец сроков (столбцы: «{labels(scan.plan)}») — "
            "сроки мероприятий не прочитаны",
        )
    if passport:
        names = ", ".join(LABELS[name] for name in passport)
        document.warnings.insert(0, f"паспорт дорожной карты: распознаны поля: {names}")
    return document


def understood_columns(header: Header) -> list[tuple[str, str]]:
    """Each understood column as (field, header as written); a grid's columns as one deadline."""
    found = [
        (column, str(name), header.labels[column] if column < len(header.labels) else "")
        for name, column in header.columns.items()
    ]
    if header.periods:
        grid = ", ".join(header.labels[column] for column in sorted(header.periods))
        found.append((min(header.periods), str(Field.DEADLINE), grid))
    return [(name, label) for _, name, label in sorted(found)]


def plan_years(document: ParsedDocument) -> tuple[int, int] | None:
    """The first and last academic year (their start years) the document names, if any:
    the span of «весь период реализации», as the plan stores it."""
    starts = sorted(int(name[:4]) for name in document.academic_years if name[:4].isdigit())
    return (starts[0], starts[-1]) if starts else None


def add_items(document: ParsedDocument, scan: Scan, glossary: Glossary) -> None:
    """Build sections and activities in document order."""
    is_report = document.kind == "report"
    for item in scan.raws:
        if isinstance(item, RawSection):
            document.sections.append(ParsedSection(item.number, item.title))
            continue
        document.region_code = (
            document.region_code or clean(item.cells.get(Field.REGION_CODE, "")) or None
        )
        document.municipality = (
            document.municipality or clean(item.cells.get(Field.MUNICIPALITY, "")) or None
        )
        activity, warnings = build_activity(
            item,
            year=document.start_year,
            plan_years=plan_years(document),
            glossary=glossary,
            is_report=is_report,
        )
        document.activities.append(activity)
        document.warnings.extend(f"{item.row.where()}: {warning}" for warning in warnings)
