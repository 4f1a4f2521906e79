"""Pure writers of the documents as Word files: data in, bytes out.

A4 landscape, Times New Roman, page numbers below, each table's header repeated on every
page and no row split across pages (`orientir.lib.wordprocessing`). A plan is laid out so
that `orientir import` reads it back: its title first, the passport and indicators before
the activity table, sections as bold rows across the table.
"""

from __future__ import annotations

from typing import Any

from docx.shared import Cm

from orientir.lib import wordprocessing as wp
from orientir.reports.documents import (
    Approval,
    ExecutionReport,
    PlanDocument,
    Signature,
)
from orientir.reports.excel import PLAN_HEADER, REPORT_HEADER

REPORT_WIDTHS = (1.6, 3.0, 4.3, 4.5, 2.3, 3.0, 2.9, 4.1)
PLAN_WIDTHS = (1.6, 7.7, 3.2, 4.2, 5.4, 3.6)
PASSPORT_WIDTHS = (6.0, 19.7)
APPROVAL_INDENT = Cm(17.0)


def signature(document: Any, signed: Signature) -> None:
    """The signature: the position at the left, then a blank for the hand and the name.

    Paragraphs with tab stops, not a table: a reader of the document (`orientir import`)
    takes a table after the plan's for more of its rows.
    """
    if not (signed.position or signed.name):
        return
    wp.paragraph(document, "", space_after=12)
    for line in signed.position.split("\n"):
        found = wp.paragraph(document, line, keep_with_next=True)
        found.paragraph_format.right_indent = Cm(12)
    wp.signature_line(document, signed.name)


def report_docx(report: ExecutionReport) -> bytes:
    """Return the municipal execution report (seed 002) as .docx."""
    document = wp.new_document()
    wp.paragraph(document, report.title, bold=True, align=wp.Align.CENTER, space_after=12)
    found = wp.table(document, REPORT_HEADER, REPORT_WIDTHS, size=9)
    for row in report.rows:
        evidence = "\n".join(str(e) for e in row.evidence)
        values = (
            row.region_code,
            row.municipality,
            row.activity,
            row.description,
            row.date,
            row.responsible,
            row.audience,
            evidence,
        )
        wp.add_row(found, values, REPORT_WIDTHS, size=9)
    signature(document, report.signature)
    return wp.to_bytes(document)


def approval_block(document: Any, approval: Approval) -> None:
    """The block at the top right, as paragraphs (a reader finds the title after it)."""
    for index, line in enumerate((approval.heading, *approval.lines)):
        found = wp.paragraph(document, line, bold=index == 0)
        found.paragraph_format.left_indent = APPROVAL_INDENT
    wp.paragraph(document, "", space_after=12)


def passport_table(document: Any, passport: list[tuple[str, str]]) -> None:
    wp.paragraph(document, "ПАСПОРТ", bold=True, align=wp.Align.CENTER, space_after=6)
    found = wp.grid(document, PASSPORT_WIDTHS)
    for label, value in passport:  # long fields may run over a page, as in seed 004
        wp.fill_row(found.add_row(), (label, value), PASSPORT_WIDTHS, size=11)
    wp.paragraph(document, "", space_after=6)


def indicator_table(document: Any, plan: PlanDocument) -> None:
    wp.paragraph(document, "Целевые показатели", bold=True, align=wp.Align.CENTER, space_after=6)
    header = ("Наименование целевого показателя", "Единица измерения", *plan.years)
    year_width = 2.6
    widths = (25.7 - 2.8 - year_width * len(plan.years), 2.8, *(year_width for _ in plan.years))
    found = wp.table(document, header, widths, size=10)
    for group in plan.indicators:
        wp.add_row(found, (group.title,), widths, bold=True, merge=True)
        for row in group.rows:
            wp.add_row(found, (row.name, row.unit, *row.values), widths)
    wp.paragraph(document, "", space_after=6)


def activity_table(document: Any, plan: PlanDocument) -> None:
    found = wp.table(document, PLAN_HEADER, PLAN_WIDTHS, size=10)
    for row in plan.rows:
        if row.is_section:
            wp.add_row(
                found, (f"{row.number} {row.title}".strip(),), PLAN_WIDTHS, bold=True, merge=True
            )
            continue
        values = (
            row.number,
            row.title,
            row.deadline,
            row.responsible,
            row.planned_result,
            row.execution_mark,
        )
        wp.add_row(found, values, PLAN_WIDTHS)


def abbreviations(document: Any, found: list[tuple[str, str]]) -> None:
    if not found:
        return
    wp.paragraph(document, "", space_after=6)
    wp.paragraph(document, "Сокращения:", space_after=3)
    for index, (word, meaning) in enumerate(found, start=1):
        end = "." if index == len(found) else ";"
        wp.paragraph(document, f"{index}) {meaning} – {word}{end}")


def plan_docx(plan: PlanDocument) -> bytes:
    """Return a plan as .docx in the seeds' layout, ready to sign."""
    document = wp.new_document()
    approval_block(document, plan.approval)
    wp.paragraph(document, plan.heading, bold=True, size=14, align=wp.Align.CENTER)
    wp.paragraph(document, plan.title, bold=True, align=wp.Align.CENTER, space_after=12)
    if plan.passport:
        passport_table(document, plan.passport)
    if plan.indicators:
        indicator_table(document, plan)
    wp.paragraph(
        document,
        "План мероприятий",
        bold=True,
        align=wp.Align.CENTER,
        space_after=6,
        keep_with_next=True,
    )
    activity_table(document, plan)
    abbreviations(document, plan.abbreviations)
    signature(document, plan.signature)
    return wp.to_bytes(document)
