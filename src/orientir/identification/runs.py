"""Run identification over the database: load the arrays, compute, report, keep the run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction

from orientir.audit.models import record
from orientir.identification.engine import Dataset, Outcome, identify
from orientir.identification.explain import Explainer, year_name
from orientir.identification.method import Settings
from orientir.identification.models import IdentificationRun, RunSchool
from orientir.lib.stats import Labels
from orientir.registry.models import AcademicYear, Organisation, Region
from orientir.results.models import AssessmentResult, ContextIndicator, ContextValue, Direction


@dataclass
class SchoolInfo:
    pk: int
    code: str
    region_id: int


@dataclass
class Computation:
    year: int
    settings: Settings
    regions: dict[int, Region]
    schools: list[SchoolInfo]
    data: Dataset
    outcome: Outcome

    def listed(self) -> list[int]:
        """Indexes of the schools with data in the window, by region name and school code."""
        wanted = np.flatnonzero(self.outcome.has_data)
        return sorted(
            (int(i) for i in wanted),
            key=lambda i: (self.regions[self.schools[i].region_id].name, self.schools[i].code),
        )


def _arrays(rows: list[tuple[Any, ...]], columns: int) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * columns


def load_dataset(year: int, regions: list[Region], settings: Settings) -> tuple[Dataset, list[int]]:
    """Read the cells and context values of `regions` for the window and the year before."""
    first = year - settings.window_years
    results = list(
        AssessmentResult.objects.filter(
            school__region__in=regions,
            academic_year__start_year__gte=first,
            academic_year__start_year__lte=year,
        ).values_list(
            "school_id",
            "academic_year__start_year",
            "assessment",
            "subject",
            "grade",
            "participants",
            "failed",
            "mean_score",
        )
    )
    context = list(
        ContextValue.objects.filter(
            school__region__in=regions,
            academic_year__start_year__gt=first,
            academic_year__start_year__lte=year,
        ).values_list("school_id", "academic_year__start_year", "indicator__code", "value")
    )
    return _dataset(year, results, context)


def _dataset(
    year: int, results: list[tuple[Any, ...]], context: list[tuple[Any, ...]]
) -> tuple[Dataset, list[int]]:
    schools, assessments, subjects, indicators = Labels(), Labels(), Labels(), Labels()
    school, years, assessment, subject, grade, n, failed, mean = _arrays(results, 8)
    c_school, c_year, c_code, c_value = _arrays(context, 4)
    cell_school = np.array([schools(pk) for pk in school], dtype=np.int64)
    ctx_school = np.array([schools(pk) for pk in c_school], dtype=np.int64)
    codes = [indicators(code) for code in c_code]
    adverse = dict(ContextIndicator.objects.values_list("code", "direction"))
    data = Dataset(
        year=year,
        school_region=np.zeros(len(schools.index), dtype=np.int64),  # filled by the caller
        assessments=[],
        subjects=[],
        cell_school=cell_school,
        cell_year=np.array(years, dtype=np.int64),
        cell_assessment=np.array([assessments(a) for a in assessment], dtype=np.int64),
        cell_subject=np.array([subjects(" ".join(s.split())) for s in subject], dtype=np.int64),
        cell_grade=np.array([g or 0 for g in grade], dtype=np.int64),
        cell_n=np.array(n, dtype=np.int64),
        cell_failed=np.array(failed, dtype=np.int64),
        cell_mean=np.array([np.nan if m is None else m for m in mean], dtype=np.float64),
        indicators=indicators.names(),
        indicator_adverse=np.array(
            [adverse.get(code) == Direction.ADVERSE for code in indicators.names()], dtype=bool
        ),
        ctx_school=ctx_school,
        ctx_year=np.array(c_year, dtype=np.int64),
        ctx_indicator=np.array(codes, dtype=np.int64),
        ctx_value=np.array(c_value, dtype=np.float64),
    )
    data.assessments, data.subjects = assessments.names(), subjects.names()
    return data, schools.names()


def compute(year: int, regions: list[Region], settings: Settings) -> Computation:
    """Run the method for the regions (each on its own) and keep what the report needs."""
    data, pks = load_dataset(year, regions, settings)
    found = Organisation.objects.filter(pk__in=pks).values_list("pk", "code", "region_id")
    info = {pk: SchoolInfo(pk, code, region_id) for pk, code, region_id in found}
    schools = [info[pk] for pk in pks]
    data.school_region = np.array([s.region_id for s in schools], dtype=np.int64)
    outcome = identify(data, settings)
    return Computation(year, settings, {r.pk: r for r in regions}, schools, data, outcome)


def report(computation: Computation) -> dict[str, Any]:
    """The document `orientir identify --format json` prints (CONTRACTS.md)."""
    explainer = Explainer(computation.data, computation.outcome)
    entries = []
    for i in computation.listed():
        school = computation.schools[i]
        entries.append(
            {
                "school": school.code,
                "region": computation.regions[school.region_id].name,
                "flags": explainer.flags(i),
                "explain": explainer.explain(i),
            }
        )
    return {
        "year": year_name(computation.year),
        "settings": computation.settings.as_json(),
        "schools": entries,
    }


def data_summary(computation: Computation, region_id: int) -> dict[str, Any]:
    """Counts of the data read for one region: rows per assessment and year, context rows."""
    data = computation.data
    in_region = data.school_region == region_id
    cells = in_region[data.cell_school]
    per_cell = Counter(
        (data.assessments[a], year_name(y))
        for a, y in zip(data.cell_assessment[cells], data.cell_year[cells], strict=True)
    )
    results: dict[str, dict[str, int]] = {}
    for (assessment, year), count in sorted(per_cell.items()):
        results.setdefault(assessment, {})[year] = count
    contexts = Counter(year_name(int(y)) for y in data.ctx_year[in_region[data.ctx_school]])
    used = in_region[computation.outcome.cells.school]
    return {
        "results": results,
        "context": dict(sorted(contexts.items())),
        "cells_in_use": int(used.sum()),
        "schools": int((computation.outcome.has_data & in_region).sum()),
    }


class RunRefused(ValueError):
    """A run that would mean nothing is not kept; the message is Russian."""


def has_results(computation: Computation, region_id: int) -> bool:
    """Whether any school of the region has results in the run's own year."""
    data = computation.data
    in_region = data.school_region[data.cell_school] == region_id
    return bool((in_region & (data.cell_year == computation.year)).any())


@transaction.atomic
def identification_run(
    *, computation: Computation, region: Region, actor: Any
) -> IdentificationRun:
    """Keep one region's run: settings, the data read, each school's flags and explanation.

    A year without any results in the region is refused: its flags would only repeat earlier
    years and the run would look like an identification nobody could have made.
    """
    if not has_results(computation, region.pk):
        raise RunRefused(
            f"Учебный год {year_name(computation.year)}: в регионе «{region.name}» нет "
            "результатов оценочных процедур за этот год — расчёт не сохранён."
        )
    year = AcademicYear.objects.get_or_create(start_year=computation.year)[0]
    run = IdentificationRun.objects.create(
        region=region,
        academic_year=year,
        settings=computation.settings.as_json(),
        data=data_summary(computation, region.pk),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    explainer = Explainer(computation.data, computation.outcome)
    rows = [
        RunSchool(
            run=run,
            school_id=computation.schools[i].pk,
            flags=explainer.flags(i),
            explain=explainer.explain(i),
        )
        for i in computation.listed()
        if computation.schools[i].region_id == region.pk
    ]
    RunSchool.objects.bulk_create(rows, batch_size=500)
    record(
        actor=actor,
        action="identification.run",
        obj=run,
        changes={"schools": len(rows), "settings": run.settings},
    )
    return run
