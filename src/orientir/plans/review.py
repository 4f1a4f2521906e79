"""Review of a plan: draft → submitted → agreed → approved, or returned with a comment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from orientir.accounts.models import User
from orientir.audit.models import record
from orientir.plans.models import Comment, Plan, PlanTransition, today

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


def check_approval_order(plan: Plan, *, number: str, date: dt.date | None) -> None:
    """Refuse an approving order without a number or with an impossible date, in Russian.

    The order is dated no later than today and no earlier than a year before the plan's
    first academic year begins (a road map for 2018/2019 is approved from 1 September 2017).
    """
    errors: dict[str, str] = {}
    number = number.strip()
    if not number:
        errors["order_number"] = "Укажите номер приказа об утверждении."
    elif len(number) > 50:
        errors["order_number"] = "Номер приказа — не длиннее 50 знаков."
    earliest = plan.first_year.starts.replace(year=plan.first_year.start_year - 1)
    if date is None:
        errors["order_date"] = "Укажите дату приказа об утверждении."
    elif date > today():
        errors["order_date"] = (
            f"Дата приказа {date:%d.%m.%Y} ещё не наступила: приказ, которым план "
            "утверждён, уже издан."
        )
    elif date < earliest:
        errors["order_date"] = (
            f"Приказ от {date:%d.%m.%Y} издан больше чем за год до начала "
            f"{plan.first_year.name} учебного года: укажите дату не раньше "
            f"{earliest:%d.%m.%Y}."
        )
    if errors:
        raise ValidationError(errors)


def _approval_changes(
    plan: Plan, step: str, from_state: str, number: str, date: dt.date | None
) -> dict[str, Any]:
    """Set (approve) or clear (return of an approved plan) the order; return what changed."""
    if step == "approve":
        values = {
            "approval_order_number": number.strip(),
            "approval_order_date": date,
            "approval_text": f"приказом от {date:%d.%m.%Y} № {number.strip()}",
        }
    elif step == "return" and from_state == S.APPROVED:
        values = {"approval_order_number": "", "approval_order_date": None, "approval_text": ""}
    else:
        return {}
    changes = {}
    for name, value in values.items():
        old = getattr(plan, name)
        if old != value:
            changes[name] = [str(old) if old else "", str(value) if value else ""]
        setattr(plan, name, value)
    return changes


def plan_transition(
    *,
    actor: User,
    plan: Plan,
    step: str,
    comment: str = "",
    order_number: str = "",
    order_date: dt.date | None = None,
) -> PlanTransition:
    """Move `plan` by one review step, keeping who and when; returning needs a comment.

    Approving needs the number and date of the approving order (`check_approval_order`),
    which the plan then shows; returning an approved plan takes its approval away.
    """
    froms, to_state, _ = STEPS[step]
    if plan.state not in froms:
        raise ValidationError(
            f"Действие «{LABELS[step]}» невозможно: план {plan.get_state_display()}."
        )
    comment = comment.strip()
    if step == "return" and not comment:
        raise ValidationError("Напишите, что нужно доработать.")
    if step == "approve":
        check_approval_order(plan, number=order_number, date=order_date)
    with transaction.atomic():
        transition = PlanTransition.objects.create(
            plan=plan, from_state=plan.state, to_state=to_state, actor=actor, comment=comment
        )
        approval = _approval_changes(plan, step, plan.state, order_number, order_date)
        plan.state = to_state
        plan.save(update_fields=["state", "updated_at", *approval])
        if comment:
            Comment.objects.create(plan=plan, author=actor, text=comment)
        record(
            actor=actor,
            action=f"plan.{step}",
            obj=plan,
            changes={"state": [transition.from_state, to_state], "_comment": comment, **approval},
            plan=plan,
        )
    return transition
