"""An activity's status as it follows from its executions and its deadline."""

from __future__ import annotations

import datetime as dt

from orientir.plans.deadlines import Deadline, DeadlineKind

PLANNED, IN_PROGRESS, DONE = "planned", "in_progress", "done"
# Held once, it is done: a one-day event or something due by a date.
_ONCE = (DeadlineKind.DATE, DeadlineKind.UNTIL)


def derived_status(deadline: Deadline, executions: int, today: dt.date) -> str:
    """Return the status an activity has when nobody set it by hand.

    Nothing held yet is planned (overdue shows from the deadline, not from the status). Held
    at least once: done if it happens once or its period is over, otherwise in progress. An
    event-driven activity may happen again, so it stays in progress.
    """
    if executions == 0:
        return PLANNED
    if deadline.kind in _ONCE:
        return DONE
    if deadline.kind != DeadlineKind.EVENT and deadline.end is not None and deadline.end < today:
        return DONE
    return IN_PROGRESS
