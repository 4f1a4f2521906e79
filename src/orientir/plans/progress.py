"""Where an activity stands on the day it is read: the one rule of what is overdue.

The stored `Activity.status` is written when something changes (an execution, a status set
by hand) and is read here only as a fact of that moment: a derived «выполняется» of an
activity whose period has ended since is done by now (`plans.status.derived_status`), and an
open activity of a plan whose academic years are over is no longer overdue — the plan is
closed, and the activity counts as «не выполнено в срок» in its own year's figures.

`progress_expression` (for querysets) and `progress_of` (for one activity in memory) are the
same rule written twice; tests/test_progress.py holds them equal on a table of cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Case, Q, Value, When

from orientir.plans.deadlines import DeadlineKind


class Progress(models.TextChoices):
    DONE = "done", "выполнено"
    IN_PROGRESS = "in_progress", "выполняется"
    OVERDUE = "overdue", "просрочено"
    NOT_STARTED = "not_started", "не начато"
    MISSED = "missed", "не выполнено в срок"
    CANCELLED = "cancelled", "отменено"


# Stored status values (plans.models.Activity.Status), named here to keep this module below it.
PLANNED, IN_PROGRESS, DONE, NOT_DONE, CANCELLED = (
    "planned",
    "in_progress",
    "done",
    "not_done",
    "cancelled",
)
ARCHIVED = "archived"


def current_start_year(today: dt.date) -> int:
    """The start year of the academic year that contains `today` (1 September – 31 August)."""
    return today.year if today.month >= 9 else today.year - 1


def _passed_q(today: dt.date, prefix: str) -> Q:
    return Q(**{f"{prefix}deadline_end__lt": today}) & ~Q(
        **{f"{prefix}deadline_kind": DeadlineKind.EVENT.value}
    )


def closed_plan_q(today: dt.date, prefix: str = "plan__") -> Q:
    """Plans that are over on `today`: archived, or all their academic years have ended."""
    return Q(**{f"{prefix}state": ARCHIVED}) | Q(
        **{f"{prefix}last_year__start_year__lt": current_start_year(today)}
    )


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Activities overdue on `today`, as a condition (usable inside a related lookup).

    Open (planned, or in progress by hand: a derived «выполняется» is done once the deadline
    passed), deadline passed, not event-driven, and the plan still running.
    """
    open_now = Q(**{f"{prefix}status": PLANNED}) | Q(
        **{f"{prefix}status": IN_PROGRESS, f"{prefix}status_manual": True}
    )
    return open_now & _passed_q(today, prefix) & ~closed_plan_q(today, f"{prefix}plan__")


def due_soon_q(today: dt.date, days: int) -> Q:
    """Open activities of running plans whose deadline ends within the coming `days`, as a
    condition (a dashboard counts them in the same query as everything else)."""
    window = Q(deadline_end__gte=today, deadline_end__lte=today + dt.timedelta(days=days))
    event = Q(deadline_kind=DeadlineKind.EVENT.value)
    return Q(status__in=[PLANNED, IN_PROGRESS]) & window & ~(event | closed_plan_q(today))


def progress_expression(today: dt.date) -> Case:
    """The `Progress` of each activity on `today`, as an annotation."""
    passed, closed = _passed_q(today, ""), closed_plan_q(today)
    derived_in_progress = Q(status=IN_PROGRESS, status_manual=False)
    return Case(
        When(status=CANCELLED, then=Value(Progress.CANCELLED.value)),
        When(status=DONE, then=Value(Progress.DONE.value)),
        When(status=NOT_DONE, then=Value(Progress.MISSED.value)),
        When(derived_in_progress & (passed | closed), then=Value(Progress.DONE.value)),
        When(closed, then=Value(Progress.MISSED.value)),
        When(passed, then=Value(Progress.OVERDUE.value)),
        When(status=IN_PROGRESS, then=Value(Progress.IN_PROGRESS.value)),
        default=Value(Progress.NOT_STARTED.value),
        output_field=models.CharField(),
    )


def plan_is_closed(state: str, last_start_year: int, today: dt.date) -> bool:
    return state == ARCHIVED or last_start_year < current_start_year(today)


def progress_of(activity: Any, today: dt.date) -> Progress:
    """The `Progress` of one `Activity` on `today` (reads `activity.plan.last_year`).

    `Any`, not `Activity`: the models import this module, and no import runs both ways.
    """
    plan = activity.plan
    closed = plan_is_closed(plan.state, plan.last_year.start_year, today)
    passed = activity.deadline.is_overdue(today)
    status = activity.status
    if status == CANCELLED:
        return Progress.CANCELLED
    if status == DONE:
        return Progress.DONE
    if status == NOT_DONE:
        return Progress.MISSED
    if status == IN_PROGRESS and not activity.status_manual and (passed or closed):
        return Progress.DONE
    if closed:
        return Progress.MISSED
    if passed:
        return Progress.OVERDUE
    if status == IN_PROGRESS:
        return Progress.IN_PROGRESS
    return Progress.NOT_STARTED
