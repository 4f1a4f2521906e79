"""Reads of evidence completeness, in a fixed number of queries however big the plans are.

Callers pass plans they have already checked the user may see: everything counted here
(activities, executions, documents) belongs to those plans and so is seen with them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)

from orientir.execution.completeness import Requirement, Score, requirements_by_type, score
from orientir.execution.models import EvidenceRule, Execution
from orientir.plans.activity_types import ActivityType, guess_activity_type
from orientir.plans.models import Activity, Plan
from orientir.registry.models import Region


def rules_for_regions(region_ids: Iterable[int]) -> list[EvidenceRule]:
    """Return the default rules and those of the given regions, in one query."""
    return list(EvidenceRule.objects.filter(Q(region=None) | Q(region__in=set(region_ids))))


def requirements_for(region_id: int) -> dict[str, list[Requirement]]:
    return requirements_by_type(rules_for_regions([region_id]), region_id)


@dataclass
class ActivityEvidence:
    activity_type: ActivityType
    requirements: list[Requirement]
    executions: int = 0
    score: Score = field(default_factory=Score)


@dataclass
class PlanEvidence:
    activities: dict[int, ActivityEvidence] = field(default_factory=dict)

    @property
    def score(self) -> Score:
        return sum((a.score for a in self.activities.values()), Score())

    @property
    def counted(self) -> int:
        """How many activities the percentage is taken over."""
        return sum(1 for a in self.activities.values() if a.score.needed)


def _counts_by_execution(plan_ids: Iterable[int]) -> dict[int, tuple[int, Counter[str]]]:
    """Return, per execution of the plans, its activity and its documents counted by kind."""
    return _counts_by_execution_of(Execution.objects.filter(activity__plan__in=plan_ids))


def _counts_by_execution_of(
    executions: QuerySet[Execution],
) -> dict[int, tuple[int, Counter[str]]]:
    rows = (
        executions.values("pk", "activity_id", "documents__kind")
        .annotate(n=Count("documents"))
        .order_by()
    )
    found: dict[int, tuple[int, Counter[str]]] = {}
    for row in rows:
        _, counts = found.setdefault(row["pk"], (row["activity_id"], Counter()))
        if row["documents__kind"] is not None:
            counts[row["documents__kind"]] += row["n"]
    return found


def _activity_score(activity: Activity, evidence: ActivityEvidence, scores: list[Score]) -> Score:
    """Sum the occurrences; an activity marked done with none recorded has proved nothing."""
    if activity.status == Activity.Status.CANCELLED:
        return Score()
    if not scores and activity.status == Activity.Status.DONE:
        return score(evidence.requirements, {})
    return sum(scores, Score())


def evidence_for_plans(
    plans: Sequence[Plan], activities: Sequence[Activity] | None = None
) -> dict[int, PlanEvidence]:
    """Return the completeness of evidence of every plan, per activity; three queries, two
    when the caller has read every activity of the plans already (`activities`)."""
    if not plans:
        return {}
    plan_ids = [p.pk for p in plans]
    region_of = {p.pk: p.region_id for p in plans}
    rules = rules_for_regions(region_of.values())
    by_region = {r: requirements_by_type(rules, r) for r in set(region_of.values())}
    scores: dict[int, list[Score]] = defaultdict(list)
    executions = _counts_by_execution(plan_ids)
    result = {pk: PlanEvidence() for pk in plan_ids}
    activity_list = (
        list(activities)
        if activities is not None
        else list(
            Activity.objects.filter(plan__in=plan_ids).only(
                "pk", "plan_id", "title", "activity_type", "status"
            )
        )
    )
    requirements_of: dict[int, list[Requirement]] = {}
    for activity in activity_list:
        kind = activity.effective_type
        requirements_of[activity.pk] = by_region[region_of[activity.plan_id]].get(kind, [])
    for activity_id, counts in executions.values():
        scores[activity_id].append(score(requirements_of.get(activity_id, []), counts))
    for activity in activity_list:
        evidence = ActivityEvidence(activity.effective_type, requirements_of[activity.pk])
        evidence.executions = len(scores[activity.pk])
        evidence.score = _activity_score(activity, evidence, scores[activity.pk])
        result[activity.plan_id].activities[activity.pk] = evidence
    return result


@dataclass
class RuleRow:
    activity_type: ActivityType
    requirements: list[Requirement]
    own: bool


def rule_table(region: Region) -> list[RuleRow]:
    """Return every kind of activity with what it requires in `region`, and whose rule it is."""
    rules = rules_for_regions([region.pk])
    own = {r.activity_type for r in rules if r.region_id == region.pk}
    found = requirements_by_type(rules, region.pk)
    return [RuleRow(t, found.get(t, []), t in own) for t in ActivityType]


# --- The count table: sums in SQL ----------------------------------------------------------
#
# `EvidenceCount` holds each activity's score as its occurrences' documents give it; the
# activity's status is applied here, as `_activity_score` does: a cancelled activity counts
# nothing, and one marked done with no occurrence recorded lacks all one occurrence needs.
# A row no longer matching the activity's kind and title, or missing, is scored afresh.

_CANCELLED, _DONE = Activity.Status.CANCELLED, Activity.Status.DONE


@dataclass(frozen=True)
class Stored:
    """What `EvidenceCount` holds for one activity, whatever its status."""

    done: int = 0
    needed: int = 0
    bare: int = 0
    executions: int = 0

    def score(self, status: str) -> Score:
        if status == _CANCELLED:
            return Score()
        if self.executions:
            return Score(self.done, self.needed)
        return Score(0, self.bare) if status == _DONE else Score()


def _kept() -> FilteredRelation:
    """The activity's row of `EvidenceCount` if it still holds the activity's kind and title
    (joined on that condition: a row outlived by an edit joins as nothing)."""
    return FilteredRelation(
        "evidence_count",
        condition=Q(
            evidence_count__activity_type=F("activity_type"), evidence_count__title=F("title")
        ),
    )


def _scored(
    activities: QuerySet[Activity], *extra: str
) -> dict[int, tuple[Stored, tuple[Any, ...]]]:
    """Score `activities` from their occurrences' documents and the rules; two queries.

    Return, per activity, what `EvidenceCount` should hold, and its kind, title and the
    values of the fields `extra`.
    """
    rows = (
        activities.order_by()
        .values_list(
            "pk",
            "plan__region",
            "executions",
            "executions__documents__kind",
            "activity_type",
            "title",
            *extra,
        )
        .annotate(n=Count("executions__documents"))
    )
    counts: dict[int, dict[int, Counter[str]]] = defaultdict(dict)
    facts: dict[int, tuple[int, tuple[Any, ...]]] = {}
    for pk, region, execution, kind, *rest, n in rows:
        facts[pk] = (region, tuple(rest))
        if execution is not None:
            found = counts[pk].setdefault(execution, Counter())
            if kind is not None:
                found[kind] += n
    rules = rules_for_regions({region for region, _ in facts.values()})
    by_region: dict[int, dict[str, list[Requirement]]] = {}
    result = {}
    for pk, (region, rest) in facts.items():
        if region not in by_region:
            by_region[region] = requirements_by_type(rules, region)
        activity_type, title = rest[0], rest[1]
        kind = ActivityType(activity_type) if activity_type else guess_activity_type(title)
        requirements = by_region[region].get(kind, [])
        scores = sum((score(requirements, c) for c in counts[pk].values()), Score())
        bare = sum(r.count for r in requirements)
        result[pk] = (Stored(scores.done, scores.needed, bare, len(counts[pk])), rest)
    return result


def stored_scores(activities: QuerySet[Activity]) -> dict[int, tuple[Stored, tuple[str, str]]]:
    """Return what `EvidenceCount` should hold for each of `activities`, with the kind and
    title it is scored for; two queries."""
    return {pk: (stored, (rest[0], rest[1])) for pk, (stored, rest) in _scored(activities).items()}


@dataclass(frozen=True)
class EvidenceSum:
    """The evidence of some activities: points present and required, and how many activities
    require any (`counted`) and have all they require (`complete`)."""

    score: Score = field(default_factory=Score)
    counted: int = 0
    complete: int = 0

    def __add__(self, other: EvidenceSum) -> EvidenceSum:
        return EvidenceSum(
            self.score + other.score, self.counted + other.counted, self.complete + other.complete
        )


def evidence_sums(
    activities: QuerySet[Activity], *group: str, counts: bool = True
) -> dict[tuple[Any, ...], EvidenceSum]:
    """Sum the evidence of `activities` by the values of the fields `group` (the key is a
    tuple of them; no fields: one key, `()`); one query, however many activities, and two
    more when some activities need scoring. Without `counts`, only the score is to be read
    (`counted` and `complete` are left out of the query): a dashboard's total needs no more.

    Rows of `EvidenceCount` that match their activity are summed in SQL; the rest (an
    activity edited since its row was written, or without a row) are scored in Python —
    only those that could count: not cancelled, with an occurrence or marked done. A group
    with nothing counted may be left out.
    """
    could_count = ~Q(status=_CANCELLED) & (
        Q(status=_DONE) | Q(Exists(Execution.objects.filter(activity=OuterRef("pk"))))
    )
    base = activities.order_by().alias(kept=_kept())
    # As `Stored.score`: held (by occurrences), or marked done with none held (`bare`).
    held = Q(kept__executions__gt=0) & ~Q(status=_CANCELLED)
    bare = Q(kept__executions=0, status=_DONE)
    needs = Q(kept__needed__gt=0)
    sums: dict[str, Aggregate] = {
        "done": Sum("kept__done", filter=held),
        "needed": Sum("kept__needed", filter=held),
        "bare": Sum("kept__bare", filter=bare),
        "stale": Count("pk", filter=Q(kept__isnull=True) & could_count),
    }
    if counts:
        sums["counted"] = Count("pk", filter=held & needs)
        sums["complete"] = Count("pk", filter=held & needs & Q(kept__done__gte=F("kept__needed")))
        sums["bare_counted"] = Count("pk", filter=bare & Q(kept__bare__gt=0))
    if group:
        rows = [
            (tuple(row[g] for g in group), row)
            for row in base.values(*group).annotate(**sums).order_by()
        ]
    else:  # `values()` of no field would group by every column
        rows = [((), base.aggregate(**sums))]
    found: dict[tuple[Any, ...], EvidenceSum] = defaultdict(EvidenceSum)
    for key, row in rows:
        score = Score(row["done"] or 0, (row["needed"] or 0) + (row["bare"] or 0))
        counted = row.get("counted", 0) + row.get("bare_counted", 0)
        if score.needed or counted:
            found[key] += EvidenceSum(score, counted, row.get("complete", 0))
    if not any(row["stale"] for _, row in rows):
        return dict(found)
    stale = base.filter(Q(kept__isnull=True) & could_count)
    for stored, (_, _, status, *fields) in _scored(stale, "status", *group).values():
        got = stored.score(status)
        found[tuple(fields)] += EvidenceSum(got, int(bool(got.needed)), int(got.complete))
    return dict(found)
