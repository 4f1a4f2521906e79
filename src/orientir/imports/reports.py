"""Write an execution report: each row becomes an Execution, with its Documents, of an activity.

A report row is matched to an activity of the report's plan by number, then by title (the
same words, or one title containing the other, or titles at least 80 % alike). A row
matching nothing becomes a new activity of that plan, named in the changes. A row already
recorded (same activity, date and description) is not added again.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from orientir.execution.models import Document, Execution
from orientir.imports.schema import ParsedActivity, ParsedDocument
from orientir.imports.writing import Changes, apply_values, fit, label, title_key
from orientir.plans.models import Activity, Plan
from orientir.registry.models import Municipality, Organisation, Region

_ALIKE = 0.8


def find_report_plan(
    region: Region, municipality: Municipality | None, school: Organisation | None, year: int
) -> Plan | None:
    """Return the plan a report is about: of its territory, covering its year if one does."""
    plans = Plan.objects.filter(region=region, municipality=municipality, school=school)
    if school is None:
        kind = Plan.Kind.ROADMAP if municipality else Plan.Kind.REGIONAL_PLAN
        plans = plans.filter(kind=kind)
    plans = plans.order_by("-first_year__start_year", "-pk")
    covering = plans.filter(first_year__start_year__lte=year, last_year__start_year__gte=year)
    return covering.first() or plans.first()


def similarity(first: str, second: str) -> float:
    a, b = title_key(first), title_key(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:
        return 0.9
    return SequenceMatcher(None, a, b).ratio()


def match_activity(activities: list[Activity], item: ParsedActivity) -> Activity | None:
    """Return the plan's activity a report row is about, or None."""
    if item.number:
        for activity in activities:
            if activity.number and activity.number.rstrip(".") == item.number.rstrip("."):
                return activity
    best, score = None, 0.0
    for activity in activities:
        value = similarity(activity.title, item.title)
        if value > score:
            best, score = activity, value
    return best if score >= _ALIKE else None


def unmatched_rows(plan: Plan, parsed: ParsedDocument) -> list[str]:
    """Return the report's rows that match no activity of `plan` (they would become new)."""
    activities = list(plan.activities.all())
    return [
        label(item.number, item.title)
        for item in parsed.activities
        if match_activity(activities, item) is None
    ]


def new_activity(plan: Plan, item: ParsedActivity, position: int) -> Activity:
    """Add a report row the plan does not have as an activity of the plan."""
    activity = Activity(plan=plan, academic_year=plan.first_year)
    values = {
        "number": fit(item.number, 32),
        "title": item.title,
        "deadline_text": fit(item.deadline.text if item.deadline else "", 300),
        "responsible_text": "\n".join(item.responsible),
        "planned_result": item.planned_result or "",
        "execution_mark": item.execution_mark or "",
        "audience": item.audience or "",
        "section_id": None,
    }
    apply_values(activity, values, position)
    activity.save()
    return activity


def add_execution(plan: Plan, activity: Activity, item: ParsedActivity, actor: Any) -> bool:
    """Record one report row as an execution with its documents; False if already there."""
    deadline = item.deadline
    date_text = fit(deadline.text if deadline else "", 200)
    description = item.description or ""
    if activity.executions.filter(date_text=date_text, description=description).exists():
        return False
    execution = Execution.objects.create(
        activity=activity,
        date=deadline.start if deadline and deadline.start == deadline.end else None,
        date_text=date_text,
        description=description,
        responsible_text=fit("; ".join(item.responsible), 500),
        audience=item.audience or "",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    Document.objects.bulk_create(
        Document(
            plan=plan,
            execution=execution,
            kind=document.kind,
            number=fit(document.number, 50),
            date=document.date,
            title=fit(document.title, 1000),
            text=document.text,
            uploaded_by=execution.created_by,
        )
        for document in item.documents
    )
    return True


def write_report(plan: Plan, parsed: ParsedDocument, actor: Any, changes: Changes) -> None:
    """Add every row of a report to the plan's activities as executions with documents."""
    activities = list(plan.activities.all())
    position = len(activities)
    for item in parsed.activities:
        activity = match_activity(activities, item)
        if activity is None:
            activity = new_activity(plan, item, position)
            activities.append(activity)
            position += 1
            changes.added.append(label(item.number, item.title))
        if add_execution(plan, activity, item, actor):
            changes.executions += 1
            changes.documents += len(item.documents)
        else:
            changes.skipped.append(label(item.number, item.title))
