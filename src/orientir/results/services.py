"""Writes of the results app: imports of results and context, each all or nothing with audit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from orientir.audit.models import record
from orientir.lib.tables import read_table
from orientir.registry.models import AcademicYear, Region
from orientir.results.models import AssessmentResult, ContextIndicator, ContextValue
from orientir.results.parsing import (
    ContextRow,
    Parsed,
    Problem,
    ResultRow,
    parse_context,
    parse_results,
)
from orientir.results.schools import SchoolResolver

RESULT_VALUES = (
    "kind",
    "participants",
    "failed",
    "mean_score",
    "band_below_min",
    "band_upto_50",
    "band_51_60",
    "band_61_70",
    "band_71_90",
    "band_91_99",
    "band_100",
    "mark_2",
    "mark_3",
    "mark_4",
    "mark_5",
)


class ImportRefused(Exception):
    """The file has problems; nothing was written. `problems` names each row and column."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source, self.problems = source, problems
        super().__init__(self.one_line())

    def one_line(self, shown: int = 3) -> str:
        parts = "; ".join(str(p).rstrip(".") for p in self.problems[:shown])
        more = len(self.problems) - shown
        tail = f" (и ещё ошибок: {more})" if more > 0 else ""
        return f"Файл {self.source}: {parts}{tail}. Ничего не загружено."


@dataclass
class ImportSummary:
    kind: str
    source: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    schools: int = 0
    schools_created: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    breakdown: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.source,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "schools": self.schools,
            "schools_created": self.schools_created,
            "years": self.years,
            ("assessments" if self.kind == "results" else "indicators"): self.breakdown,
        }


def _years(starts: set[int]) -> dict[int, AcademicYear]:
    return {s: AcademicYear.objects.get_or_create(start_year=s)[0] for s in sorted(starts)}


def _resolve(parsed: Parsed[Any], source: str, create: bool, region: Region | None) -> Any:
    if parsed.problems:
        raise ImportRefused(source, parsed.problems)
    if not parsed.rows:
        raise ImportRefused(source, [Problem(None, None, "в файле нет ни одной строки данных")])
    resolver = SchoolResolver(create=create, only_region=region, titles=parsed.titles)
    resolver.resolve((row.line, row.school) for row in parsed.rows)
    if resolver.problems:
        raise ImportRefused(source, resolver.problems)
    return resolver


def read_results(data: bytes, source: str) -> Parsed[ResultRow]:
    """Parse a results file without touching the database (the web preview uses this)."""
    return parse_results(read_table(data, source))


def read_context(data: bytes, source: str) -> Parsed[ContextRow]:
    return parse_context(read_table(data, source))


@transaction.atomic
def results_import(
    *,
    data: bytes,
    source: str,
    actor: Any = None,
    create_schools: bool = False,
    region: Region | None = None,
    actor_label: str = "",
) -> ImportSummary:
    """Load a results file all or nothing; rows already loaded for the same cell are replaced.

    The audit row keeps, for each replaced row, the values it had (`replaced`).
    """
    parsed = read_results(data, source)
    resolver = _resolve(parsed, source, create_schools, region)
    years = _years({row.year for row in parsed.rows})
    existing = _existing_results(resolver, parsed.rows, years)
    new: list[AssessmentResult] = []
    changed: list[AssessmentResult] = []
    replaced: list[dict[str, Any]] = []
    for row in parsed.rows:
        school = resolver.school(row.school)
        key = (school.pk, years[row.year].pk, row.assessment, row.subject, row.grade)
        values = {
            "kind": row.kind,
            "participants": row.participants,
            "failed": row.failed,
            "mean_score": row.mean_score,
            **row.counts,
        }
        result = existing.get(key) or AssessmentResult(
            school=school,
            academic_year=years[row.year],
            assessment=row.assessment,
            subject=row.subject,
            grade=row.grade,
        )
        if result.pk and (old := _differences(result, values)):
            cell = {"assessment": row.assessment, "subject": row.subject, "grade": row.grade}
            replaced.append({**_where(school, years[row.year]), **cell, **old})
        for name, value in values.items():
            setattr(result, name, value)
        (changed if result.pk else new).append(result)
    AssessmentResult.objects.bulk_create(new, batch_size=1000)
    AssessmentResult.objects.bulk_update(changed, RESULT_VALUES, batch_size=1000)
    summary = _summary("results", source, parsed.rows, resolver, len(new), len(changed))
    summary.breakdown = dict(sorted(Counter(row.assessment for row in parsed.rows).items()))
    changes = {**summary.as_json(), **({"replaced": replaced} if replaced else {})}
    record(actor=actor, action="results.import", changes=changes, actor_label=actor_label)
    return summary


def _differences(stored: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Return `{field: [old, new]}` for the values that differ from the stored row."""
    return {
        name: [getattr(stored, name), value]
        for name, value in values.items()
        if getattr(stored, name) != value
    }


def _where(school: Any, year: AcademicYear) -> dict[str, str]:
    return {"school": school.code or str(school.pk), "year": year.name}


def _existing_results(
    resolver: SchoolResolver, rows: list[ResultRow], years: dict[int, AcademicYear]
) -> dict[tuple[Any, ...], AssessmentResult]:
    schools = {resolver.school(row.school).pk for row in rows}
    found = AssessmentResult.objects.filter(
        school__in=schools, academic_year__in=[y.pk for y in years.values()]
    )
    return {(r.school_id, r.academic_year_id, r.assessment, r.subject, r.grade): r for r in found}


def _summary(
    kind: str, source: str, rows: list[Any], resolver: SchoolResolver, created: int, updated: int
) -> ImportSummary:
    return ImportSummary(
        kind=kind,
        source=source,
        rows=len(rows),
        created=created,
        updated=updated,
        schools=len({resolver.school(row.school).pk for row in rows}),
        schools_created=[school.code for school in resolver.created],
        years=[f"{y}/{y + 1}" for y in sorted({row.year for row in rows})],
    )


def _indicators(parsed: Parsed[ContextRow], source: str) -> dict[str, ContextIndicator]:
    known = {
        i.code: i
        for i in ContextIndicator.objects.filter(code__in={row.indicator for row in parsed.rows})
    }
    problems = []
    for row in parsed.rows:
        indicator = known.get(row.indicator)
        if indicator is None:
            if row.direction is None:
                message = f"для нового показателя {row.indicator} укажите направление."
                problems.append(Problem(row.line, parsed.title("direction"), message))
                continue
            indicator = ContextIndicator.objects.create(
                code=row.indicator, name=row.indicator, direction=row.direction
            )
            known[row.indicator] = indicator
        elif row.direction and row.direction != indicator.direction:
            message = f"у показателя {row.indicator} направление {indicator.direction}."
            problems.append(Problem(row.line, parsed.title("direction"), message))
    if problems:
        raise ImportRefused(source, problems)
    return known


@transaction.atomic
def context_import(
    *,
    data: bytes,
    source: str,
    actor: Any = None,
    create_schools: bool = False,
    region: Region | None = None,
    actor_label: str = "",
) -> ImportSummary:
    """Load a context file all or nothing; a value already loaded for the same cell is replaced.

    The audit row keeps each replaced value with its old one (`replaced`).
    """
    parsed = read_context(data, source)
    resolver = _resolve(parsed, source, create_schools, region)
    indicators = _indicators(parsed, source)
    years = _years({row.year for row in parsed.rows})
    schools = {resolver.school(row.school).pk for row in parsed.rows}
    existing = {
        (v.school_id, v.academic_year_id, v.indicator_id): v
        for v in ContextValue.objects.filter(school__in=schools, academic_year__in=years.values())
    }
    new, changed = [], []
    replaced: list[dict[str, Any]] = []
    for row in parsed.rows:
        school, year = resolver.school(row.school), years[row.year]
        indicator = indicators[row.indicator]
        value = existing.get((school.pk, year.pk, indicator.pk))
        if value is None:
            new.append(
                ContextValue(
                    school=school, academic_year=year, indicator=indicator, value=row.value
                )
            )
        else:
            if old := _differences(value, {"value": row.value}):
                replaced.append({**_where(school, year), "indicator": indicator.code, **old})
            value.value = row.value
            changed.append(value)
    ContextValue.objects.bulk_create(new, batch_size=1000)
    ContextValue.objects.bulk_update(changed, ["value"], batch_size=1000)
    summary = _summary("context", source, parsed.rows, resolver, len(new), len(changed))
    summary.breakdown = dict(sorted(Counter(row.indicator for row in parsed.rows).items()))
    changes = {**summary.as_json(), **({"replaced": replaced} if replaced else {})}
    record(actor=actor, action="context.import", changes=changes, actor_label=actor_label)
    return summary
