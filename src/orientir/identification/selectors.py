"""Reads for the results pages; every queryset goes through `visible` (accounts/access.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Sum

from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.identification.method import FLAG_NAMES
from orientir.identification.models import RunSchool
from orientir.identification.words import describe
from orientir.lib.charts import Bar, bar_chart
from orientir.registry.models import AcademicYear, Municipality, Organisation
from orientir.results.models import BAND_FIELDS, MARK_FIELDS, AssessmentResult

BAND_TITLES = ("не преодолели порог", "до 50", "51–60", "61–70", "71–90", "91–99", "100")


@dataclass
class Flagged:
    row: RunSchool
    flags: list[tuple[str, str]]
    sentences: list[str]


def flagged(row: RunSchool) -> Flagged:
    sentences = describe(row.flags, row.explain, row.run.settings)
    return Flagged(row, [(f, FLAG_NAMES[f]) for f in row.flags], sentences)


@dataclass
class SchoolResults:
    school: Organisation
    tables: dict[str, list[AssessmentResult]]
    charts: Sequence[str]
    latest: Flagged | None


def school_results(user: User, school: Organisation) -> SchoolResults:
    results = list(
        visible(AssessmentResult, user)
        .filter(school=school)
        .select_related("academic_year")
        .order_by("assessment", "-academic_year__start_year", "subject", "grade")
    )
    tables: dict[str, list[AssessmentResult]] = defaultdict(list)
    series: dict[str, list[Bar]] = defaultdict(list)
    for result in results:
        tables[result.assessment].append(result)
        label = f"{result.academic_year.name} {result.subject} {result.grade or ''}".strip()
        series[result.assessment].append(Bar(label, 100 * (result.failed_share or 0)))
    charts = [
        bar_chart(f"{name}: доля не сдавших, %", bars[::-1][:12], unit="%")
        for name, bars in series.items()
    ]
    latest = (
        visible(RunSchool, user)
        .filter(school=school)
        .select_related("run__academic_year")
        .order_by("-run__created_at", "-run__pk")
        .first()
    )
    return SchoolResults(school, dict(tables), charts, flagged(latest) if latest else None)


@dataclass
class SubjectRow:
    assessment: str
    subject: str
    participants: int
    failed: int
    bands: list[tuple[int | None, float | None]] = field(default_factory=list)
    marks: list[tuple[int | None, float | None]] = field(default_factory=list)

    @property
    def failed_share(self) -> float:
        return 100 * self.failed / self.participants if self.participants else 0.0


def _with_share(total: int | None, participants: int) -> tuple[int | None, float | None]:
    if total is None or not participants:
        return (total, None)
    return (total, round(100 * total / participants, 1))


@dataclass
class MunicipalityResults:
    municipality: Municipality
    year: AcademicYear | None
    years: list[AcademicYear]
    subjects: list[SubjectRow]
    schools: Sequence[Mapping[str, Any]]
    chart: str


def municipality_results(
    user: User, municipality: Municipality, year_id: int | None
) -> MunicipalityResults:
    base = visible(AssessmentResult, user).filter(school__municipality=municipality)
    years = list(
        AcademicYear.objects.filter(pk__in=base.values("academic_year")).order_by("-start_year")
    )
    year = next((y for y in years if y.pk == year_id), years[0] if years else None)
    in_year = base.filter(academic_year=year)
    sums = {name: Sum(name) for name in ("participants", "failed", *BAND_FIELDS, *MARK_FIELDS)}
    subjects = []
    # The sums are named at run time, so the rows are plain dicts to the type checker.
    rows = cast(
        Iterable[dict[str, Any]],
        in_year.values("assessment", "subject").annotate(**sums).order_by("assessment", "subject"),
    )
    for row in rows:
        n = row["participants"] or 0
        subjects.append(
            SubjectRow(
                row["assessment"],
                row["subject"],
                n,
                row["failed"] or 0,
                [_with_share(row[b], n) for b in BAND_FIELDS],
                [_with_share(row[m], n) for m in MARK_FIELDS],
            )
        )
    schools = list(
        in_year.values("school_id", "school__short_name")
        .annotate(participants=Sum("participants"), failed=Sum("failed"))
        .order_by("school__short_name")
    )
    bars = [
        Bar(s["school__short_name"], 100 * s["failed"] / s["participants"])
        for s in schools
        if s["participants"]
    ]
    chart = bar_chart("Доля не сдавших по школам, %", bars, unit="%") if bars else ""
    return MunicipalityResults(municipality, year, years, subjects, schools, chart)
