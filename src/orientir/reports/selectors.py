"""Gather each document's data in a fixed number of queries, however many rows it has.

Callers pass what they have checked the user may see (a municipality, a region, a plan);
everything read here belongs to it and is seen with it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.urls import reverse

from orientir.execution.models import Document, Execution
from orientir.execution.selectors import PlanEvidence, evidence_for_plans
from orientir.lib.russian import format_date
from orientir.plans.models import Activity, Plan
from orientir.registry.models import AcademicYear, Municipality, Organisation, Region
from orientir.reports.documents import (
    NOT_CARRIED_OUT,
    Evidence,
    ExecutionReport,
    MunicipalitySummary,
    RegionReport,
    ReportRow,
    Signature,
)


def one_line(text: str) -> str:
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())


def evidence_of(document: Document, base_url: str) -> Evidence:
    """Name a document as entered, with the checked download address of its file."""
    written = document.text if document.text and not document.title else ""
    text = written if written and not (document.number or document.date) else str(document)
    if document.file:
        path = reverse("document-download", args=[document.pk])
        return Evidence(text, base_url.rstrip("/") + path)
    return Evidence(text, document.url)


def execution_row(
    municipality: Municipality, activity: Activity, execution: Execution, base_url: str
) -> ReportRow:
    description = execution.description.strip()
    if execution.participants:
        description = f"{description} Участников: {execution.participants}.".strip()
    date = format_date(execution.date) if execution.date else execution.date_text
    return ReportRow(
        region_code=municipality.region.code,
        municipality=municipality.name,
        activity=str(activity),
        description=description,
        date=date,
        responsible=one_line(execution.responsible_text or activity.responsible_text),
        audience=one_line(execution.audience or activity.audience),
        evidence=tuple(evidence_of(d, base_url) for d in execution.documents.all()),
    )


def missing_row(municipality: Municipality, activity: Activity) -> ReportRow:
    """The row of an activity with no occurrence in the year: listed, not dropped."""
    if activity.status == Activity.Status.CANCELLED:
        description = "отменено" + (f": {activity.status_reason}" if activity.status_reason else "")
    else:
        description = NOT_CARRIED_OUT
    planned = f"плановый срок: {activity.deadline_text}" if activity.deadline_text else ""
    return ReportRow(
        region_code=municipality.region.code,
        municipality=municipality.name,
        activity=str(activity),
        description=description,
        date=planned,
        responsible=one_line(activity.responsible_text),
        audience=one_line(activity.audience),
        carried_out=False,
    )


@dataclass
class Gathered:
    """A year's road-map activities of some municipalities, with their occurrences."""

    activities: dict[int, list[Activity]]  # by municipality
    plans: list[Plan]
    signers: dict[int, Organisation]  # the municipal authority of each municipality


def gather(municipality_ids: Sequence[int], year: AcademicYear) -> Gathered:
    """Read the road maps' activities of `year`, their executions and documents; 4 queries.

    An activity belongs to the year when its deadlines are of that year, or when it was
    carried out in it (a road map of several years lists some activities once).
    """
    in_year = Q(date__isnull=True) | Q(date__range=(year.starts, year.ends))
    documents = Document.objects.order_by("date", "pk")
    executions = Execution.objects.filter(in_year).order_by("date", "pk")
    executions = executions.prefetch_related(Prefetch("documents", queryset=documents))
    activities = (
        Activity.objects.filter(
            plan__kind=Plan.Kind.ROADMAP,
            plan__municipality__in=municipality_ids,
            plan__first_year__start_year__lte=year.start_year,
            plan__last_year__start_year__gte=year.start_year,
        )
        .filter(Q(academic_year=year) | Q(executions__date__range=(year.starts, year.ends)))
        .distinct()
        .select_related("plan__last_year")
        .prefetch_related(Prefetch("executions", queryset=executions))
        .order_by("plan__title", "plan_id", "position", "pk")
    )
    by_municipality: dict[int, list[Activity]] = defaultdict(list)
    plans: dict[int, Plan] = {}
    for activity in activities:
        assert activity.plan.municipality_id is not None  # a road map's, by the filter
        by_municipality[activity.plan.municipality_id].append(activity)
        plans[activity.plan_id] = activity.plan
    signers = Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPAL_AUTHORITY, municipality__in=municipality_ids
    ).order_by("pk")
    return Gathered(
        by_municipality,
        list(plans.values()),
        {o.municipality_id: o for o in signers if o.municipality_id is not None},
    )


def build_report(
    municipality: Municipality, year: AcademicYear, gathered: Gathered, base_url: str
) -> ExecutionReport:
    report = ExecutionReport(
        region=municipality.region.name,
        region_code=municipality.region.code,
        municipality=municipality.name,
        year=year.name,
    )
    for activity in gathered.activities.get(municipality.pk, []):
        executions = list(activity.executions.all())
        for execution in executions:
            report.rows.append(execution_row(municipality, activity, execution, base_url))
        if not executions:
            report.rows.append(missing_row(municipality, activity))
    signer = gathered.signers.get(municipality.pk)
    if signer is not None:
        report.signature = Signature(
            f"Руководитель муниципального органа управления образованием\n{signer.name}",
            signer.head_name,
        )
    return report


def execution_report(
    municipality: Municipality, year: AcademicYear, base_url: str
) -> ExecutionReport:
    """Return the municipal execution report (seed 002) of `year`; four queries."""
    gathered = gather([municipality.pk], year)
    return build_report(municipality, year, gathered, base_url)


def summary(
    municipality: Municipality,
    activities: list[Activity],
    evidence: dict[int, PlanEvidence],
    today: dt.date,
) -> MunicipalitySummary:
    carried = [a for a in activities if a.executions.all()]
    scores = [evidence[a.plan_id].activities[a.pk].score for a in activities]
    counted = [s for s in scores if s.needed]
    done = sum(s.done for s in counted)
    needed = sum(s.needed for s in counted)
    return MunicipalitySummary(
        municipality=municipality.name,
        planned=len(activities),
        carried_out=len(carried),
        overdue=sum(1 for a in activities if a.is_overdue(today) and not a.executions.all()),
        evidence_complete=sum(1 for s in counted if s.complete),
        evidence_counted=len(counted),
        evidence_percent=done * 100 // needed if needed else None,
    )


def region_report(
    region: Region, year: AcademicYear, base_url: str, today: dt.date
) -> RegionReport:
    """Return every municipality's report of `year` and the summary; nine queries."""
    municipalities = list(
        Municipality.objects.filter(region=region).select_related("region").order_by("name")
    )
    gathered = gather([m.pk for m in municipalities], year)
    evidence = evidence_for_plans(gathered.plans)
    result = RegionReport(region=region.name, year=year.name)
    for municipality in municipalities:
        activities = gathered.activities.get(municipality.pk, [])
        result.reports.append(build_report(municipality, year, gathered, base_url))
        result.summaries.append(summary(municipality, activities, evidence, today))
    return result
