"""Run identification over the database: load the arrays, compute, report, keep the run."""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import Any, TextIO

import numpy as np
from django.db import transaction

from orientir.audit.models import record
from orientir.identification.document import write_document
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
        return list(self._listed)

    # Both are made once for the run: a national run keeps a run for each of 85 regions,
    # and each would otherwise sort and group the whole country again.
    @cached_property
    def _listed(self) -> tuple[int, ...]:
        wanted = np.flatnonzero(self.outcome.has_data)
        return tuple(
            sorted(
                (int(i) for i in wanted),
                key=lambda i: (self.regions[self.schools[i].region_id].name, self.schools[i].code),
            )
        )

    @cached_property
    def explainer(self) -> Explainer:
        return Explainer(self.data, self.outcome)


CHUNK_ROWS = 10_000  # rows fetched and turned into numbers at a time
RESULT_FIELDS = (
    "school_id",
    "academic_year__start_year",
    "grade",
    "participants",
    "failed",
    "mean_score",
    "assessment",
    "subject",
)
# Failing cells are explained in this order; the id last makes the order of schools (and so
# of every sum) the same from one run to the next, whatever plan the database chooses.
RESULT_ORDER = ("academic_year__start_year", "assessment", "subject", "grade", "pk")
CONTEXT_FIELDS = ("school_id", "academic_year__start_year", "indicator_id", "value")


def load_dataset(year: int, regions: list[Region], settings: Settings) -> tuple[Dataset, list[int]]:
    """Read the cells and context values of `regions` for the window and the year before.

    The country has millions of rows: they are streamed from the database (a server-side
    cursor on PostgreSQL) a chunk at a time into compact arrays, as the files are read,
    never held as one Python tuple per row.
    """
    first = year - settings.window_years
    results = (
        AssessmentResult.objects.filter(
            school__region__in=regions,
            academic_year__start_year__gte=first,
            academic_year__start_year__lte=year,
        )
        .order_by(*RESULT_ORDER)
        .values_list(*RESULT_FIELDS)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    context = (
        ContextValue.objects.filter(
            school__region__in=regions,
            academic_year__start_year__gt=first,
            academic_year__start_year__lte=year,
        )
        .order_by("pk")  # indicators are explained in the order they were imported
        .values_list(*CONTEXT_FIELDS)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    indicators = ContextIndicator.objects.values_list("pk", "code", "direction")
    return _dataset(year, results, context, {pk: (code, d) for pk, code, d in indicators})


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk


class _Names(dict[Any, int]):
    """The label of each raw value as it comes, given to the value `name(raw)` it stands for."""

    def __init__(self, labels: Labels, name: Callable[[Any], Any]) -> None:
        super().__init__()
        self.labels, self.name = labels, name

    def __missing__(self, raw: Any) -> int:
        value = self[raw] = self.labels(self.name(raw))
        return value


def _dataset(
    year: int,
    results: Iterable[tuple[Any, ...]],
    context: Iterable[tuple[Any, ...]],
    indicator_of: dict[int, tuple[str, str]],
) -> tuple[Dataset, list[int]]:
    """Fill the dataset's columns chunk by chunk; number the schools as they first come."""
    schools, assessments, subjects, indicators = Labels(), Labels(), Labels(), Labels()
    school_of = _Names(schools, lambda pk: pk)
    cells = _result_columns(
        results,
        school_of,
        _Names(assessments, lambda raw: raw),
        _Names(subjects, lambda raw: " ".join(raw.split())),
    )
    ctx = _context_columns(context, school_of, _Names(indicators, lambda pk: indicator_of[pk][0]))
    names = indicators.names()
    directions = {code: direction for code, direction in indicator_of.values()}
    data = Dataset(
        year=year,
        school_region=np.zeros(len(schools.index), dtype=np.int64),  # filled by the caller
        assessments=assessments.names(),
        subjects=subjects.names(),
        cell_school=_ints(cells[0]),
        cell_year=_ints(cells[1]),
        cell_grade=_ints(cells[2]),
        cell_n=_ints(cells[3]),
        cell_failed=_ints(cells[4]),
        cell_mean=np.frombuffer(cells[5], dtype=np.float64),
        cell_assessment=_ints(cells[6]),
        cell_subject=_ints(cells[7]),
        indicators=names,
        indicator_adverse=np.array(
            [directions.get(code) == Direction.ADVERSE for code in names], dtype=bool
        ),
        ctx_school=_ints(ctx[0]),
        ctx_year=_ints(ctx[1]),
        ctx_indicator=_ints(ctx[2]),
        ctx_value=np.frombuffer(ctx[3], dtype=np.float64),
    )
    return data, schools.names()


def _result_columns(
    rows: Iterable[tuple[Any, ...]], school_of: _Names, assessment_of: _Names, subject_of: _Names
) -> list[array[Any]]:
    """The columns of RESULT_FIELDS as numbers: labels for schools and names, NaN for no mean."""
    columns: list[array[Any]] = [array("q") for _ in RESULT_FIELDS]
    columns[5] = array("d")
    school, year, grade, n, failed, mean, assessment, subject = columns
    nan = math.nan
    for chunk in _chunks(iter(rows)):
        c_school, c_year, c_grade, c_n, c_failed, c_mean, c_assessment, c_subject = zip(
            *chunk, strict=True
        )
        school.extend(map(school_of.__getitem__, c_school))
        year.extend(c_year)
        grade.extend([0 if g is None else g for g in c_grade])
        n.extend(c_n)
        failed.extend(c_failed)
        mean.extend([nan if m is None else m for m in c_mean])
        assessment.extend(map(assessment_of.__getitem__, c_assessment))
        subject.extend(map(subject_of.__getitem__, c_subject))
    return columns


def _context_columns(
    rows: Iterable[tuple[Any, ...]], school_of: _Names, code_of: _Names
) -> list[array[Any]]:
    """The columns of CONTEXT_FIELDS as numbers: labels for schools and indicators."""
    columns: list[array[Any]] = [array("q"), array("q"), array("q"), array("d")]
    school, year, indicator, value = columns
    for chunk in _chunks(iter(rows)):
        c_school, c_year, c_indicator, c_value = zip(*chunk, strict=True)
        school.extend(map(school_of.__getitem__, c_school))
        year.extend(c_year)
        indicator.extend(map(code_of.__getitem__, c_indicator))
        value.extend(c_value)
    return columns


def _ints(column: array[int]) -> np.ndarray:
    return np.frombuffer(column, dtype=np.int64)


def compute(year: int, regions: list[Region], settings: Settings) -> Computation:
    """Run the method for the regions (each on its own) and keep what the report needs."""
    data, pks = load_dataset(year, regions, settings)
    found = Organisation.objects.filter(pk__in=pks).values_list("pk", "code", "region_id")
    info = {pk: SchoolInfo(pk, code, region_id) for pk, code, region_id in found}
    schools = [info[pk] for pk in pks]
    data.school_region = np.array([s.region_id for s in schools], dtype=np.int64)
    outcome = identify(data, settings)
    return Computation(year, settings, {r.pk: r for r in regions}, schools, data, outcome)


def _entry(computation: Computation, explainer: Explainer, i: int) -> dict[str, Any]:
    school = computation.schools[i]
    return {
        "school": school.code,
        "region": computation.regions[school.region_id].name,
        "flags": explainer.flags(i),
        "explain": explainer.explain(i),
    }


def report(computation: Computation) -> dict[str, Any]:
    """The document `orientir identify --format json` prints (CONTRACTS.md), all at once."""
    explainer = computation.explainer
    return {
        "year": year_name(computation.year),
        "settings": computation.settings.as_json(),
        "schools": [_entry(computation, explainer, i) for i in computation.listed()],
    }


def write_report(computation: Computation, stream: TextIO) -> int:
    """Write the same text as `print_json(report(…))`, one school at a time; return the count."""
    explainer = computation.explainer
    return write_document(
        computation.year,
        computation.settings,
        computation.listed(),
        lambda i: _entry(computation, explainer, i),
        stream,
    )


def flag_counts(computation: Computation) -> dict[str, int]:
    """How many listed schools carry each flag."""
    return computation.outcome.flag_counts()


def data_summary(computation: Computation, region_id: int) -> dict[str, Any]:
    """Counts of the data read for one region: rows per assessment and year, context rows."""
    data = computation.data
    in_region = data.school_region == region_id
    cells = in_region[data.cell_school]
    # Counted by numpy: a region has tens of thousands of rows, and 85 regions are kept in turn.
    pairs = np.stack([data.cell_assessment[cells], data.cell_year[cells]], axis=1)
    keys, counts = np.unique(pairs, axis=0, return_counts=True)
    per_cell = {
        (data.assessments[a], year_name(y)): n
        for (a, y), n in zip(keys.tolist(), counts.tolist(), strict=True)
    }
    results: dict[str, dict[str, int]] = {}
    for (assessment, year), count in sorted(per_cell.items()):
        results.setdefault(assessment, {})[year] = count
    years, counts = np.unique(data.ctx_year[in_region[data.ctx_school]], return_counts=True)
    contexts = {year_name(y): n for y, n in zip(years.tolist(), counts.tolist(), strict=True)}
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
    explainer = computation.explainer
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
