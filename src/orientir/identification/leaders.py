"""Pairing and exit over stored runs: leader candidates, partnerships, exit and review.

The pure rules are in `pairing.py`; this module gathers their numbers from a run's
schools and the region's statuses, and records a chosen partnership.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from orientir.audit.models import record
from orientir.identification.approval import APPROVED_STATUSES
from orientir.identification.explain import year_name
from orientir.identification.models import IdentificationRun, RunSchool
from orientir.identification.pairing import (
    Candidate,
    Pairing,
    Verdict,
    YearRecord,
    exit_or_review,
    leader_candidates,
)
from orientir.registry.models import Organisation, Partnership, SchoolStatus

TARGET_FLAGS = ("low_results", "adverse_conditions")
NOT_LEADER_FLAGS = ("low_results", "underperforming_for_context", "needs_verification")


def _n(value: float) -> str:
    return f"{value:.2f}".replace(".", ",").replace("-", "−")


class PairingError(ValueError):
    """The chosen pair cannot become a partnership; the message is Russian."""


def _latest_R(explain: dict[str, Any]) -> float | None:
    years = [e for e in explain.get("years", []) if e.get("R") is not None]
    return years[-1]["R"] if years else None


def _candidate(row: RunSchool) -> Candidate:
    return Candidate(
        school=row.school_id,
        municipality=row.school.municipality_id or 0,
        settlement=row.school.settlement,
        resilient="resilient" in row.flags,
        R=_latest_R(row.explain),
        A=(row.explain.get("adversity") or {}).get("A"),
    )


@dataclass
class Suggestion:
    pairing: Pairing
    school: Organisation
    reasons: list[str]


@dataclass
class TargetPairings:
    target: Organisation
    suggestions: list[Suggestion]
    partners: list[Organisation]


def _reasons(p: Pairing) -> list[str]:
    reasons = []
    if p.candidate.resilient:
        reasons.append("резильентная школа")
    if p.same_municipality:
        reasons.append("тот же муниципалитет")
    if p.same_settlement:
        reasons.append("городская местность" if p.candidate.settlement == "urban" else "село")
    if p.context_distance is not None:
        reasons.append(f"близкий контекст: разница индекса A {_n(p.context_distance)}")
    if p.candidate.R is not None:
        reasons.append(f"R = {_n(p.candidate.R)}")
    return reasons


def pairing_targets(rows: list[RunSchool]) -> list[RunSchool]:
    """The schools a run proposes as ШНОР or ШНСУ, by municipality and name: the targets
    that need a leader (a resilient school is a ШНСУ too, but a leader candidate)."""
    targets = [
        r for r in rows if any(f in TARGET_FLAGS for f in r.flags) and "resilient" not in r.flags
    ]
    return sorted(targets, key=lambda r: (r.school.municipality_id or 0, r.school.short_name))


def suggestions(
    run: IdentificationRun,
    rows: list[RunSchool] | None = None,
    targets: list[RunSchool] | None = None,
) -> list[TargetPairings]:
    """For each school the run proposes as ШНОР or ШНСУ (or each of `targets`, a page of
    them: ranking the whole pool is the costly part), its ranked leader candidates."""
    if rows is None:
        rows = list(run.schools.select_related("school__municipality"))
    if targets is None:
        targets = pairing_targets(rows)
    pool = [
        r
        for r in rows
        if "resilient" in r.flags
        or not any(f in r.flags for f in (*NOT_LEADER_FLAGS, *TARGET_FLAGS))
    ]
    schools = {r.school_id: r.school for r in rows}
    candidates = [_candidate(r) for r in pool]
    year = run.academic_year
    current = (
        Partnership.objects.filter(target__in=[r.school_id for r in targets])
        .filter(first_year__start_year__lte=year.start_year)
        .filter(Q(last_year__isnull=True) | Q(last_year__start_year__gte=year.start_year))
        .select_related("leader")
    )
    partners: dict[int, list[Organisation]] = {}
    for partnership in current:
        partners.setdefault(partnership.target_id, []).append(partnership.leader)
    result = []
    for row in targets:
        ranked = leader_candidates(_candidate(row), candidates)
        result.append(
            TargetPairings(
                row.school,
                [Suggestion(p, schools[p.candidate.school], _reasons(p)) for p in ranked],
                partners.get(row.school_id, []),
            )
        )
    return result


@transaction.atomic
def partnership_create(
    *, run: IdentificationRun, target_id: int, leader_id: int, actor: Any
) -> Partnership:
    """Make the chosen leader candidate the target school's partner from the run's year."""
    rows = list(run.schools.select_related("school__municipality"))
    targets = [r for r in pairing_targets(rows) if r.school_id == target_id]
    pairings = next(iter(suggestions(run, rows, targets)), None)
    if pairings is None:
        raise PairingError(
            "Эта школа не предложена расчётом как ШНОР или ШНСУ, которой нужен партнёр."
        )
    chosen = next((s.school for s in pairings.suggestions if s.school.pk == leader_id), None)
    if chosen is None:
        raise PairingError("Выберите школу-лидера из предложенных кандидатов.")
    if chosen in pairings.partners:
        raise PairingError(f"{chosen.short_name} уже партнёр этой школы в {run.academic_year}.")
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                leader=chosen,
                target=pairings.target,
                first_year=run.academic_year,
                agreement_title=f"Предложено расчётом идентификации № {run.pk}",
            )
    except IntegrityError as error:
        raise PairingError("Такое партнёрство уже есть.") from error
    record(
        actor=actor,
        action="partnership.create",
        obj=partnership,
        changes={
            "leader": chosen.pk,
            "target": pairings.target.pk,
            "first_year": year_name(run.academic_year.start_year),
            "run": run.pk,
        },
    )
    return partnership


@dataclass
class ExitRow:
    school: Organisation
    status: str
    entry_year: int
    verdict: Verdict

    @property
    def status_name(self) -> str:
        return "ШНОР" if self.status == SchoolStatus.Status.LOW_RESULTS else "ШНСУ"

    @property
    def entry_name(self) -> str:
        return year_name(self.entry_year)


def _history(runs: list[IdentificationRun]) -> dict[int, dict[int, YearRecord]]:
    """Each school's R and low per year, later runs overriding earlier ones."""
    history: dict[int, dict[int, YearRecord]] = {}
    rows = RunSchool.objects.filter(run__in=runs).order_by("run__created_at", "run__pk")
    for school, explain in rows.values_list("school_id", "explain"):
        for entry in explain.get("years", []):
            start = int(entry["year"].split("/")[0])
            has = entry.get("R") is not None
            history.setdefault(school, {})[start] = YearRecord(
                start, bool(entry.get("low")) if has else None, entry.get("R")
            )
    return history


def exit_and_review(runs: list[IdentificationRun]) -> tuple[list[ExitRow], list[ExitRow]]:
    """Schools of the group that may leave it, and those three years in it without exit.

    "Now" is the latest year a run covers; a school is in the group if it holds ШНОР or
    ШНСУ that year, since the first year of its unbroken run of that status.
    """
    if not runs:
        return [], []
    now = max(run.academic_year.start_year for run in runs)
    region = runs[0].region_id
    statuses = SchoolStatus.objects.filter(
        school__region_id=region,
        status__in=APPROVED_STATUSES,
        academic_year__start_year__lte=now,
    ).values_list("school_id", "status", "academic_year__start_year")
    held: dict[tuple[int, str], set[int]] = {}
    for school, status, start in statuses:
        held.setdefault((school, status), set()).add(start)
    history = _history(runs)
    in_group = [(key, years) for key, years in held.items() if now in years]
    schools = Organisation.objects.in_bulk([school for (school, _), _ in in_group])
    leaving, review = [], []
    for (school, status), years in in_group:
        entry = now
        while entry - 1 in years:
            entry -= 1
        records = list(history.get(school, {}).values())
        verdict = exit_or_review(entry, records, now)
        row = ExitRow(schools[school], status, entry, verdict)
        if verdict.exit_year is not None:
            leaving.append(row)
        elif verdict.review:
            review.append(row)
    key = lambda r: (r.school.short_name, r.status)  # noqa: E731
    return sorted(leaving, key=key), sorted(review, key=key)
