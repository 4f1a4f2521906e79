"""Who may change a plan and who reviews it, on top of the territory rule of `scope.py`.

The territory rule says whose a plan is; these helpers add the plan's state (content is
changed only in a draft or a returned plan) and the level that reviews it: the municipal
authority a school's plans, the regional coordinator a municipality's and the region's.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from orientir.accounts.access import get_editable_or_403, get_visible_or_404
from orientir.accounts.models import User
from orientir.accounts.roles import Role
from orientir.accounts.scope import NOTHING
from orientir.plans.models import Activity, Plan, Section


def check_content_editable(plan: Plan) -> None:
    if plan.content_lock:
        raise PermissionDenied(plan.content_lock)


def get_plan_for_edit(user: User, plan_id: Any) -> Plan:
    """Return a plan `user` may change now: 404 if unseen, 403 if not theirs or locked."""
    plan = get_editable_or_403(Plan, user, pk=plan_id)
    check_content_editable(plan)
    return plan


def get_section_for_edit(user: User, section_id: Any) -> Section:
    section = get_editable_or_403(Section.objects.select_related("plan"), user, pk=section_id)
    check_content_editable(section.plan)
    return section


def get_activity_for_edit(user: User, activity_id: Any) -> Activity:
    activity = get_editable_or_403(
        Activity.objects.select_related("plan", "academic_year"), user, pk=activity_id
    )
    check_content_editable(activity.plan)
    return activity


def get_activity_for_report(user: User, activity_id: Any) -> Activity:
    """Return an activity whose execution `user` may report, in any state but archived."""
    activity = get_editable_or_403(
        Activity.objects.select_related("plan", "academic_year"), user, pk=activity_id
    )
    if activity.plan.state == Plan.State.ARCHIVED:
        raise PermissionDenied("План в архиве: отмечать проведение в нём нельзя.")
    return activity


def reviewer_q(user: User) -> Q:
    """The plans whose agreement and approval are `user`'s to give, as a query condition.

    A school's plans are reviewed by its municipality's coordinator; a municipality's and
    the region's by the regional coordinator. Combine it with the territory rule: it says
    whose step it is, not what the user may see.
    """
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.role == Role.MUNICIPAL_COORDINATOR and user.municipality_id:
        return Q(school__isnull=False, municipality=user.municipality_id)
    if user.role == Role.REGIONAL_COORDINATOR and user.region_id:
        return Q(school__isnull=True, region=user.region_id)
    return NOTHING


def is_reviewer(user: User, plan: Plan) -> bool:
    """Whether `user` is at the level that agrees and approves `plan`."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if plan.school_id is not None:
        return (
            user.role == Role.MUNICIPAL_COORDINATOR and user.municipality_id == plan.municipality_id
        )
    return user.role == Role.REGIONAL_COORDINATOR and user.region_id == plan.region_id


def get_plan_for_review(user: User, plan_id: Any) -> Plan:
    """Return a plan `user` reviews: 404 if unseen, 403 if it is not theirs to review."""
    plan = get_visible_or_404(Plan, user, pk=plan_id)
    if not is_reviewer(user, plan):
        raise PermissionDenied("Согласует и утверждает этот план вышестоящий уровень.")
    return plan


def may_edit(user: User, plan: Plan) -> bool:
    return Plan.objects.editable_by(user).filter(pk=plan.pk).exists()


def is_owner(user: User, plan: Plan) -> bool:
    """Whether `user` submits `plan`: they keep it and are not the level that reviews it.

    The municipal coordinator may edit a school's programme, but it is the school that
    hands it in; only the regional plan has no level above, so its keeper submits it too.
    """
    reviewer = is_reviewer(user, plan) and plan.kind != Plan.Kind.REGIONAL_PLAN
    return may_edit(user, plan) and not reviewer


def get_plan_for_submit(user: User, plan_id: Any) -> Plan:
    """Return a plan `user` hands in for review: 404 if unseen, 403 if not theirs."""
    plan = get_editable_or_403(Plan, user, pk=plan_id)
    if not is_owner(user, plan):
        raise PermissionDenied("Отправляет план на согласование тот, кто его ведёт.")
    return plan
