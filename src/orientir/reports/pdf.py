"""PDF of the documents: the .docx converted by LibreOffice (see `orientir.lib.office`)."""

from __future__ import annotations

from orientir.lib.office import convert
from orientir.reports.documents import ExecutionReport, PlanDocument
from orientir.reports.word import plan_docx, report_docx


def report_pdf(report: ExecutionReport) -> bytes:
    return convert(report_docx(report), ".docx")


def plan_pdf(plan: PlanDocument) -> bytes:
    return convert(plan_docx(plan), ".docx")
