"""Beyond identification (IDENTIFICATION.md): leader candidates, and exit or review.

Pure functions over small dataclasses; the pages and services gather the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    school: int
    municipality: int
    settlement: str  # "urban" / "rural" / ""
    resilient: bool
    R: float | None  # the latest school result
    A: float | None  # the latest adversity index


@dataclass(frozen=True)
class Pairing:
    candidate: Candidate
    same_municipality: bool
    same_settlement: bool
    context_distance: float | None


def leader_candidates(
    target: Candidate, candidates: list[Candidate], *, limit: int = 5
) -> list[Pairing]:
    """Rank leader candidates for a target school.

    Only resilient schools and schools with a result qualify. Order: same municipality,
    then same kind of settlement (distance first, as the partnership means visits); then
    resilient schools before the others; then the closest adversity index (similar
    context); then the best R.
    """
    pairings = [
        Pairing(
            c,
            c.municipality == target.municipality,
            bool(c.settlement) and c.settlement == target.settlement,
            None if c.A is None or target.A is None else abs(c.A - target.A),
        )
        for c in candidates
        if c.school != target.school and (c.resilient or c.R is not None)
    ]
    pairings.sort(key=_order)
    return pairings[:limit]


def _order(p: Pairing) -> tuple[bool, bool, bool, float, float]:
    distance = math.inf if p.context_distance is None else p.context_distance
    best = -p.candidate.R if p.candidate.R is not None else math.inf
    return (
        not p.same_municipality,
        not p.same_settlement,
        not p.candidate.resilient,
        distance,
        best,
    )


@dataclass(frozen=True)
class YearRecord:
    year: int  # start year
    low: bool | None  # None: no data that year, which counts as not meeting "not low"
    R: float | None


@dataclass(frozen=True)
class ExitRule:
    years_not_low: int = 2
    rise: float = 0.2
    review_after: int = 3


@dataclass(frozen=True)
class Verdict:
    exit_year: int | None
    review: bool
    reason: str


def exit_or_review(
    entry_year: int, history: list[YearRecord], now: int, rule: ExitRule = ExitRule()
) -> Verdict:
    """Decide whether a school in the group since `entry_year` leaves it by `now`, or is reviewed.

    A school leaves after `years_not_low` consecutive years not low with R risen by at
    least `rise` over its first year in the group; after `review_after` years in the group
    without leaving, it is marked for review. A year without data breaks the streak.
    """
    records = sorted((r for r in history if entry_year <= r.year <= now), key=lambda r: r.year)
    first = next((r for r in records if r.year == entry_year), None)
    start = first.R if first else None
    streak, previous = 0, None
    for record in records:
        if record.low is False:
            continuing = streak > 0 and previous is not None and record.year == previous + 1
            streak = streak + 1 if continuing else 1
        else:
            streak = 0
        previous = record.year
        if streak >= rule.years_not_low and start is not None and record.R is not None:
            rise = record.R - start
            if rise >= rule.rise - 1e-12:
                reason = f"{streak} года подряд не в числе низких, R вырос на {rise:.2f}"
                return Verdict(record.year, False, reason)
    years_in = now - entry_year + 1
    if years_in >= rule.review_after:
        return Verdict(None, True, f"{years_in} года в группе без выхода — нужен пересмотр")
    return Verdict(None, False, "остаётся в группе")
