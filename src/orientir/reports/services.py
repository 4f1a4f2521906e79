"""Give out a document: check who asks, build it, write the export to the audit log.

Views and the `orientir export` command call these; `actor` None is the command line,
which runs with the operator's rights (as `orientir import` does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from orientir.accounts import rules
from orientir.accounts.access import visible
from orientir.audit.models import record
from orientir.lib.office import OfficeMissing, convert
from orientir.plans.models import Plan
from orientir.registry.models import AcademicYear, Municipality, Region
from orientir.reports import analysis, collection, excel, pdf, word
from orientir.reports.documents import ExecutionReport, PlanDocument
from orientir.reports.plan_selectors import plan_document
from orientir.reports.selectors import execution_report, region_report
from orientir.results.models import AssessmentResult

FORMATS = ("xlsx", "docx", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class ExportProblem(Exception):
    """A request for a document that cannot be met, with its Russian reason."""


@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.name.rsplit(".", 1)[-1]]


def check_format(fmt: str, allowed: tuple[str, ...] = FORMATS) -> str:
    if fmt not in allowed:
        raise ExportProblem(f"Формат «{fmt}» не поддерживается: допустимы {', '.join(allowed)}.")
    return fmt


def base_url() -> str:
    return str(settings.ORIENTIR_BASE_URL)


def _check(name: str, actor: Any, obj: Any) -> None:
    if actor is not None:
        rules.check(name, actor, obj)


def _render[T](data: T, fmt: str, writers: dict[str, Callable[[T], bytes]]) -> bytes:
    try:
        return writers[fmt](data)
    except OfficeMissing as error:
        raise ExportProblem(str(error)) from error


REPORT_WRITERS: dict[str, Callable[[ExecutionReport], bytes]] = {
    "xlsx": excel.report_workbook,
    "docx": word.report_docx,
    "pdf": pdf.report_pdf,
}
PLAN_WRITERS: dict[str, Callable[[PlanDocument], bytes]] = {
    "xlsx": excel.plan_workbook,
    "docx": word.plan_docx,
    "pdf": pdf.plan_pdf,
}


def report_export(
    *, actor: Any, municipality: Municipality, year: AcademicYear, fmt: str, url: str = ""
) -> ExportFile:
    """Return the municipal execution report of `year` as `fmt`, and audit it."""
    _check("export", actor, municipality)
    report = execution_report(municipality, year, url or base_url())
    data = _render(report, check_format(fmt), REPORT_WRITERS)
    changes = {"year": year.name, "format": fmt, "rows": len(report.rows)}
    record(actor=actor, action="report.export", obj=municipality, changes=changes)
    name = f"Отчёт о выполнении дорожной карты — {municipality.name} — {year.name}"
    return ExportFile(f"{name.replace('/', '-')}.{fmt}", data)


def plan_export(*, actor: Any, plan: Plan, fmt: str) -> ExportFile:
    """Return `plan` as a document in `fmt`, and audit it."""
    _check("export", actor, plan)
    document = plan_document(plan)
    data = _render(document, check_format(fmt), PLAN_WRITERS)
    changes = {"format": fmt, "activities": sum(1 for r in document.rows if not r.is_section)}
    record(actor=actor, action="plan.export", obj=plan, plan=plan, changes=changes)
    return ExportFile(f"{plan.get_kind_display().capitalize()} № {plan.pk}.{fmt}", data)


def to_pdf(docx: bytes) -> bytes:
    """Convert a .docx of ours to PDF, or say in Russian why it cannot be done."""
    try:
        return convert(docx, ".docx")
    except OfficeMissing as error:
        raise ExportProblem(str(error)) from error


def region_report_file(region: Region, year: AcademicYear, url: str, today: dt.date) -> bytes:
    """Build the region's workbook (what a background task would run, without the audit)."""
    return excel.region_report_workbook(region_report(region, year, url, today))


def region_report_export(
    *, actor: Any, region: Region, year: AcademicYear, today: dt.date, url: str = ""
) -> ExportFile:
    """Return the region's summary workbook of `year`, and audit it."""
    _check("export_region_report", actor, region)
    data = region_report_file(region, year, url or base_url(), today)
    record(actor=actor, action="region_report.export", obj=region, changes={"year": year.name})
    return ExportFile(region_report_name(region, year), data)


def region_report_name(region: Region, year: AcademicYear) -> str:
    name = f"Сводный отчёт о выполнении дорожных карт — {region.name} — {year.name}"
    return f"{name.replace('/', '-')}.xlsx"


def collection_export(
    *, actor: Any, region: Region, year: AcademicYear, fmt: str, today: dt.date, url: str = ""
) -> ExportFile:
    """Return the methodological collection of `year` as .docx or PDF, and audit it."""
    _check("compile_collection", actor, region)
    check_format(fmt, ("docx", "pdf"))
    found = collection.collection_document(region, year, url or base_url(), today)
    data = collection.collection_docx(found)
    if fmt == "pdf":
        data = to_pdf(data)
    changes = {"year": year.name, "format": fmt, "municipalities": len(found.entries)}
    record(actor=actor, action="collection.export", obj=region, changes=changes)
    return ExportFile(collection.collection_name(region, year, fmt), data)


def results_analysis_export(
    *, actor: Any, fmt: str, municipality: Municipality | None = None, school: Any = None
) -> ExportFile:
    """Return the results analysis of a school, or of a municipality's schools; audit it."""
    target = school if school is not None else municipality
    assert target is not None, "a school or a municipality"
    _check("export", actor, target)
    check_format(fmt, ("docx", "pdf"))
    results = AssessmentResult.objects.all() if actor is None else visible(AssessmentResult, actor)
    if school is not None:
        results, name = results.filter(school=school), school.short_name or school.name
    else:
        results, name = results.filter(school__municipality=municipality), target.name
    found = analysis.results_analysis(name, results)
    if not found.lines:
        raise ExportProblem(f"Результаты оценочных процедур ({name}) не загружены: анализа нет.")
    data = analysis.analysis_docx(found)
    if fmt == "pdf":
        data = to_pdf(data)
    changes = {"format": fmt, "years": found.years, "lines": len(found.lines)}
    record(actor=actor, action="results_analysis.export", obj=target, changes=changes)
    return ExportFile(f"Анализ результатов — {name.replace('/', '-')}.{fmt}", data)
