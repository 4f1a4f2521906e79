"""Fetch a plan, section or activity for what the view does with it, through the rulebook.

The decisions are `accounts.rules`' (whose the plan is, its state, who reviews it); these
helpers only say which rule each fetch obeys and what to load with it.
"""

from __future__ import annotations

from typing import Any

from orientir.accounts import rules
from orientir.accounts.models import User
from orientir.plans.models import Activity, Plan, Section


def get_plan_for_edit(user: User, plan_id: Any) -> Plan:
    """Return a plan `user` may change now: 404 if unseen, 403 if not theirs or locked."""
    return rules.get_or_403("edit_plan_content", Plan, user, pk=plan_id)


def get_section_for_edit(user: User, section_id: Any) -> Section:
    section = rules.get_or_403("edit", Section.objects.select_related("plan"), user, pk=section_id)
    rules.check("edit_plan_content", user, section.plan)
    return section


def get_activity_for_edit(user: User, activity_id: Any) -> Activity:
    activity = rules.get_or_403(
        "edit", Activity.objects.select_related("plan", "academic_year"), user, pk=activity_id
    )
    rules.check("edit_plan_content", user, activity.plan)
    return activity


def get_activity_for_report(user: User, activity_id: Any) -> Activity:
    """Return an activity whose execution `user` may report, in any state but archived."""
    activity = rules.get_or_403(
        "edit", Activity.objects.select_related("plan", "academic_year"), user, pk=activity_id
    )
    rules.check("report_execution", user, activity.plan)
    return activity


def is_reviewer(user: User, plan: Plan) -> bool:
    """Whether `user` is at the level that agrees and approves `plan`."""
    return rules.allows("review_plan", user, plan)


def get_plan_for_review(user: User, plan_id: Any) -> Plan:
    """Return a plan `user` reviews: 404 if unseen, 403 if it is not theirs to review."""
    return rules.get_or_403("review_plan", Plan, user, pk=plan_id)


def may_edit(user: User, plan: Plan) -> bool:
    return rules.allows("edit", user, plan)


def is_owner(user: User, plan: Plan) -> bool:
    """Whether `user` submits `plan`: they keep it and are not the level that reviews it."""
    return rules.allows("submit_plan", user, plan)


def get_plan_for_submit(user: User, plan_id: Any) -> Plan:
    """Return a plan `user` hands in for review: 404 if unseen, 403 if not theirs."""
    plan = rules.get_or_403("edit", Plan, user, pk=plan_id)
    rules.check("submit_plan", user, plan)
    return plan
