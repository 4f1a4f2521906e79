"""Review of a plan: draft → submitted → agreed → approved, or returned with a comment."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from orientir.accounts.models import User
from orientir.audit.models import record
from orientir.plans.models import Comment, Plan, PlanTransition

S = Plan.State
# action: (states it starts from, state it leads to, whether the owner or the reviewer acts)
STEPS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": ((S.DRAFT, S.RETURNED), S.SUBMITTED, "owner"),
    "agree": ((S.SUBMITTED,), S.AGREED, "reviewer"),
    "approve": ((S.AGREED,), S.APPROVED, "reviewer"),
    "return": ((S.SUBMITTED, S.AGREED, S.APPROVED), S.RETURNED, "reviewer"),
}
LABELS = {
    "submit": "Отправить на согласование",
    "agree": "Согласовать",
    "approve": "Утвердить",
    "return": "Вернуть на доработку",
}


def available_steps(plan: Plan, *, owner: bool, reviewer: bool) -> list[str]:
    """Return the review actions the current state allows to someone with these roles."""
    who = {"owner": owner, "reviewer": reviewer}
    return [name for name, (froms, _, by) in STEPS.items() if plan.state in froms and who[by]]


def plan_transition(*, actor: User, plan: Plan, step: str, comment: str = "") -> PlanTransition:
    """Move `plan` by one review step, keeping who and when; returning needs a comment."""
    froms, to_state, _ = STEPS[step]
    if plan.state not in froms:
        raise ValidationError(
            f"Действие «{LABELS[step]}» невозможно: план {plan.get_state_display()}."
        )
    comment = comment.strip()
    if step == "return" and not comment:
        raise ValidationError("Напишите, что нужно доработать.")
    with transaction.atomic():
        transition = PlanTransition.objects.create(
            plan=plan, from_state=plan.state, to_state=to_state, actor=actor, comment=comment
        )
        plan.state = to_state
        plan.save(update_fields=["state", "updated_at"])
        if comment:
            Comment.objects.create(plan=plan, author=actor, text=comment)
        record(
            actor=actor,
            action=f"plan.{step}",
            obj=plan,
            changes={"state": [transition.from_state, to_state], "_comment": comment},
            plan=plan,
        )
    return transition
