"""Evidence completeness for lists of plans that pages outside this app already hold.

Territory pages get their plans from their own selectors; this tag adds to each plan its
completeness (`plan.evidence`) in three queries for the whole list, so those pages can show
it without a query per plan.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from orientir.execution.selectors import evidence_for_plans
from orientir.plans.models import Plan

register = template.Library()


@register.simple_tag
def with_evidence(plans: Sequence[Plan]) -> Sequence[Plan]:
    """Return `plans` with `evidence` (a `PlanEvidence`) set on each of them."""
    plans = list(plans)
    found = evidence_for_plans(plans)
    for plan in plans:
        plan.evidence = found[plan.pk]
    return plans
