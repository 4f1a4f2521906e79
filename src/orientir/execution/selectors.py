"""Reads of evidence completeness, in a fixed number of queries however big the plans are.

Callers pass plans they have already checked the user may see: everything counted here
(activities, executions, documents) belongs to those plans and so is seen with them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q

from orientir.execution.completeness import Requirement, Score, requirements_by_type, score
from orientir.execution.models import EvidenceRule, Execution
from orientir.plans.activity_types import ActivityType
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
    rows = (
        Execution.objects.filter(activity__plan__in=plan_ids)
        .values("pk", "activity_id", "documents__kind")
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


def evidence_for_plans(plans: Sequence[Plan]) -> dict[int, PlanEvidence]:
    """Return the completeness of evidence of every plan, per activity; three queries."""
    if not plans:
        return {}
    plan_ids = [p.pk for p in plans]
    region_of = {p.pk: p.region_id for p in plans}
    rules = rules_for_regions(region_of.values())
    by_region = {r: requirements_by_type(rules, r) for r in set(region_of.values())}
    activities = Activity.objects.filter(plan__in=plan_ids).only(
        "pk", "plan_id", "title", "activity_type", "status"
    )
    scores: dict[int, list[Score]] = defaultdict(list)
    executions = _counts_by_execution(plan_ids)
    result = {pk: PlanEvidence() for pk in plan_ids}
    activity_list = list(activities)
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
