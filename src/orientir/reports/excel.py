"""Pure writers of the documents as Excel workbooks: data in, bytes out."""

from __future__ import annotations

from openpyxl import Workbook

from orientir.lib import spreadsheets as xl
from orientir.reports.documents import ExecutionReport, PlanDocument, RegionReport

REPORT_HEADER = (
    "Код региона",
    "Муниципалитет",
    "Все мероприятия, запланированные в муниципальной дорожной карте",
    "Краткое описание мероприятий",
    "Дата проведения мероприятия",
    "Организация, ответственная за проведение мероприятия",
    "Целевая аудитория мероприятия",
    "Документы, подтверждающие проведение мероприятия",
)
REPORT_WIDTHS = (8, 16, 40, 45, 16, 24, 26, 50)
SUMMARY_HEADER = (
    "№",
    "Муниципалитет",
    "Запланировано мероприятий",
    "Проведено",
    "Не проведено",
    "Просрочено",
    "Подтверждено документами полностью",
    "Полнота подтверждающих документов, %",
)
SUMMARY_WIDTHS = (5, 32, 16, 12, 12, 12, 18, 18)
PLAN_HEADER = (
    "№ п/п",
    "Мероприятие",
    "Сроки",
    "Ответственные",
    "Планируемый результат",
    "Отметка об исполнении",
)
PLAN_WIDTHS = (8, 55, 18, 28, 40, 24)


def report_values(report: ExecutionReport) -> list[list[str]]:
    return [
        [
            row.region_code,
            row.municipality,
            row.activity,
            row.description,
            row.date,
            row.responsible,
            row.audience,
            "\n".join(str(e) for e in row.evidence),
        ]
        for row in report.rows
    ]


def write_report_sheet(workbook: Workbook, name: str, report: ExecutionReport) -> None:
    sheet = workbook.create_sheet(name)
    xl.landscape(sheet)
    xl.title(sheet, 1, report.title, len(REPORT_HEADER))
    end = xl.table(sheet, 3, REPORT_HEADER, report_values(report), REPORT_WIDTHS)
    if report.signature.name or report.signature.position:
        position = report.signature.position.replace("\n", " ")
        xl.put(sheet, end + 2, 3, position)
        xl.put(sheet, end + 2, 7, report.signature.name)


def report_workbook(report: ExecutionReport) -> bytes:
    """Return the municipal execution report (seed 002) as .xlsx."""
    workbook = xl.new_workbook()
    write_report_sheet(workbook, xl.sheet_name(report.municipality, set()), report)
    return xl.to_bytes(workbook)


def summary_values(region: RegionReport) -> list[list[object]]:
    rows: list[list[object]] = []
    for index, line in enumerate(region.summaries, start=1):
        percent = line.evidence_percent if line.evidence_percent is not None else "—"
        rows.append(
            [
                index,
                line.municipality,
                line.planned,
                line.carried_out,
                line.not_carried_out,
                line.overdue,
                f"{line.evidence_complete} из {line.evidence_counted}",
                percent,
            ]
        )
    names = ("planned", "carried_out", "not_carried_out", "overdue")
    totals = [sum(getattr(s, name) for s in region.summaries) for name in names]
    complete = sum(s.evidence_complete for s in region.summaries)
    counted = sum(s.evidence_counted for s in region.summaries)
    rows.append(["", "Итого", *totals, f"{complete} из {counted}", ""])
    return rows


def region_report_workbook(region: RegionReport) -> bytes:
    """Return the region's workbook: a summary sheet, then one sheet per municipality."""
    workbook = xl.new_workbook()
    taken = {"сводка"}
    sheet = workbook.create_sheet("Сводка")
    xl.landscape(sheet)
    xl.title(
        sheet,
        1,
        f"Сводка о выполнении муниципальных дорожных карт, {region.region}, "
        f"{region.year} учебный год",
        len(SUMMARY_HEADER),
    )
    end = xl.table(sheet, 3, SUMMARY_HEADER, summary_values(region), SUMMARY_WIDTHS)
    for column in range(1, len(SUMMARY_HEADER) + 1):
        sheet.cell(row=end, column=column).style = "header"
    for report in region.reports:
        write_report_sheet(workbook, xl.sheet_name(report.municipality, taken), report)
    return xl.to_bytes(workbook)


def plan_values(document: PlanDocument) -> list[list[str]]:
    return [
        [row.number, row.title, "", "", "", ""]
        if row.is_section
        else [
            row.number,
            row.title,
            row.deadline,
            row.responsible,
            row.planned_result,
            row.execution_mark,
        ]
        for row in document.rows
    ]


def write_plan_sheet(workbook: Workbook, document: PlanDocument) -> None:
    sheet = workbook.create_sheet("План мероприятий")
    xl.landscape(sheet)
    columns = len(PLAN_HEADER)
    lines = [document.approval.heading, *document.approval.lines]
    for offset, line in enumerate(lines, start=1):
        xl.put(sheet, offset, 5, line, bold=offset == 1)
        sheet.merge_cells(start_row=offset, start_column=5, end_row=offset, end_column=columns)
    top = len(lines) + 2
    xl.title(sheet, top, document.heading, columns)
    xl.title(sheet, top + 1, document.title, columns)
    values = plan_values(document)
    end = xl.table(sheet, top + 3, PLAN_HEADER, values, PLAN_WIDTHS)
    for offset, row in enumerate(document.rows, start=1):
        if row.is_section:
            for column in (1, 2):
                sheet.cell(row=top + 3 + offset, column=column).style = "header"
    signature = document.signature
    xl.put(sheet, end + 2, 2, signature.position.replace("\n", " "))
    xl.put(sheet, end + 2, 4, "____________")
    xl.put(sheet, end + 2, 5, signature.name)


def write_plan_extras(workbook: Workbook, document: PlanDocument) -> None:
    if document.passport:
        sheet = workbook.create_sheet("Паспорт")
        xl.landscape(sheet)
        xl.table(sheet, 1, ("Раздел паспорта", "Содержание"), document.passport, (32, 100))
    if document.indicators:
        sheet = workbook.create_sheet("Целевые показатели")
        xl.landscape(sheet)
        header = ("Наименование целевого показателя", "Единица измерения", *document.years)
        rows: list[list[str]] = []
        for group in document.indicators:
            rows.append([group.title, "", *("" for _ in document.years)])
            rows.extend([row.name, row.unit, *row.values] for row in group.rows)
        widths = (60, 14, *(12 for _ in document.years))
        xl.table(sheet, 1, header, rows, widths)
    if document.abbreviations:
        sheet = workbook.create_sheet("Сокращения")
        xl.table(sheet, 1, ("Сокращение", "Расшифровка"), document.abbreviations, (16, 80))


def plan_workbook(document: PlanDocument) -> bytes:
    """Return a plan as .xlsx: the activity table, then passport, indicators, abbreviations."""
    workbook = xl.new_workbook()
    write_plan_sheet(workbook, document)
    write_plan_extras(workbook, document)
    return xl.to_bytes(workbook)
