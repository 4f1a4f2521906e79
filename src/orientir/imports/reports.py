"""Write an execution report: each row becomes an Execution, with its Documents, of an activity.

A report row is matched to an activity of the plan the report is about: by number, then by
title (the same words, one title containing the other, or titles at least 80 % alike); the
score is kept to show people why. A row matching nothing is never silently made an activity:
the user assigns it to an activity, skips it, or — only in a plan whose content may change
(a draft or a returned plan) — adds it as a new activity of the report's academic year. A
row already recorded (same activity, date and description) is not added again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from orientir.execution.models import Document, Execution
from orientir.execution.services import evidence_refresh
from orientir.imports.errors import ImportProblem
from orientir.imports.schema import ParsedActivity, ParsedDocument
from orientir.imports.writing import Changes, academic_year, apply_values, fit, label, title_key
from orientir.plans.models import Activity, Plan
from orientir.plans.services import check_plan_unlocked
from orientir.registry.models import Municipality, Organisation, Region

ALIKE = 0.8  # titles this alike are the same activity
CANDIDATE = 0.35  # less alike than this, an activity is not worth proposing
NEW, SKIP = "new", "skip"
_WORD = re.compile(r"[а-яa-z0-9]{4,}")


def report_plans(
    region: Region, municipality: Municipality | None, school: Organisation | None
) -> QuerySet[Plan]:
    """The plans a report of this territory may be about, the latest first."""
    plans = Plan.objects.filter(region=region, municipality=municipality, school=school)
    if school is None:
        kind = Plan.Kind.ROADMAP if municipality else Plan.Kind.REGIONAL_PLAN
        plans = plans.filter(kind=kind)
    return plans.order_by("-first_year__start_year", "-pk")


def find_report_plan(
    region: Region, municipality: Municipality | None, school: Organisation | None, year: int
) -> Plan | None:
    """Return the plan a report is about: of its territory, covering its year if one does."""
    plans = report_plans(region, municipality, school)
    covering = plans.filter(first_year__start_year__lte=year, last_year__start_year__gte=year)
    return covering.first() or plans.first()


def _stems(text: str) -> set[str]:
    """The words that carry meaning, cut to their first letters so endings do not count."""
    return {word[:6] for word in _WORD.findall(text)}


def similarity(first: str, second: str) -> float:
    """How alike two titles are, 0 to 1: as strings, or by their words in any order."""
    a, b = title_key(first), title_key(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:
        return 0.9
    stems_a, stems_b = _stems(a), _stems(b)
    words = 2 * len(stems_a & stems_b) / (len(stems_a) + len(stems_b)) if stems_a and stems_b else 0
    return max(SequenceMatcher(None, a, b).ratio(), words * 0.95)


@dataclass(frozen=True)
class RowMatch:
    """A report row and the plan's activity it is about, or the best candidate for it."""

    row: int  # the row's place among the report's rows, from 1
    item: ParsedActivity
    activity: Activity | None
    how: str  # "number", "title", or "" when nothing matched
    score: float
    candidate: Activity | None = None

    @property
    def label(self) -> str:
        title = fit(self.item.title, 80)
        return f"{self.item.number} {title}" if self.item.number else title

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _same_number(activity: Activity, number: str | None) -> bool:
    return bool(number and activity.number) and (
        activity.number.rstrip(".") == (number or "").rstrip(".")
    )


def match_row(activities: list[Activity], item: ParsedActivity, row: int) -> RowMatch:
    """Find the activity a report row is about: by number, then by title."""
    for activity in activities:
        if _same_number(activity, item.number):
            return RowMatch(row, item, activity, "number", similarity(activity.title, item.title))
    scored = [(similarity(activity.title, item.title), activity) for activity in activities]
    score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    if best is not None and score >= ALIKE:
        return RowMatch(row, item, best, "title", score)
    return RowMatch(row, item, None, "", score, best if score >= CANDIDATE else None)


def match_rows(plan: Plan, parsed: ParsedDocument) -> list[RowMatch]:
    """Match every row of the report to the plan's activities."""
    activities = list(plan.activities.order_by("position", "pk"))
    return [match_row(activities, item, row) for row, item in enumerate(parsed.activities, 1)]


def new_activity(plan: Plan, item: ParsedActivity, position: int, year: int) -> Activity:
    """Add a report row the plan does not have as an activity of the report's year.

    Only a plan whose content may change takes one: the lock is read as stored.
    """
    try:
        check_plan_unlocked(plan)
    except ValidationError as error:
        raise ImportProblem(" ".join(error.messages)) from error
    activity = Activity(plan=plan, academic_year=academic_year(str(year)))
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


def chosen_activity(activities: list[Activity], match: RowMatch, choice: str) -> Activity:
    """The activity a user chose for a row: "id:<pk>" from the page, or its number."""
    if choice.startswith("id:"):
        found = [a for a in activities if str(a.pk) == choice[3:]]
    else:
        found = [a for a in activities if _same_number(a, choice)]
    if not found:
        raise ImportProblem(
            f"Строка отчёта {match.row} «{match.label}»: в плане нет мероприятия «{choice}»."
        )
    return found[0]


def unmatched_problem(plan: Plan, match: RowMatch) -> ImportProblem:
    """Say in Russian that a row of a locked plan's report needs the user's choice."""
    hint = ""
    if match.candidate is not None:
        hint = (
            f" (ближе всего — {label(match.candidate.number, match.candidate.title)}, "
            f"сходство {match.percent} %)"
        )
    return ImportProblem(
        f"{plan.content_lock} Строка отчёта {match.row} «{match.label}» не найдена среди "
        f"мероприятий плана{hint}: укажите, к какому мероприятию она относится "
        f'(--assign "{match.row}=НОМЕР"), или пропустите её (--assign "{match.row}=skip").'
    )


@dataclass
class ReportWriter:
    """Writes a report's rows into `plan`; `assignments` are the user's choices by row."""

    plan: Plan
    actor: Any
    changes: Changes
    year: int
    assignments: Mapping[int, str]
    warnings: list[str]

    def activity_for(self, match: RowMatch, activities: list[Activity]) -> Activity | None:
        """The activity a row goes to: matched, chosen, new (drafts only), or None: skipped."""
        if match.activity is not None:
            return match.activity
        choice = self.assignments.get(match.row)
        if choice is None and self.plan.content_lock:
            raise unmatched_problem(self.plan, match)
        if choice == SKIP:
            self.changes.unassigned.append(match.label)
            self.warnings.append(f"строка отчёта {match.row} «{match.label}» не загружена")
            return None
        if choice is None or choice == NEW:
            activity = new_activity(self.plan, match.item, len(activities), self.year)
            activities.append(activity)
            self.changes.added.append(match.label)
            self.warnings.append(
                f"строка отчёта {match.row} «{match.label}» не найдена в плане — "
                "добавлена как новое мероприятие"
            )
            return activity
        return chosen_activity(activities, match, choice)

    def write(self, parsed: ParsedDocument) -> None:
        activities = list(self.plan.activities.order_by("position", "pk"))
        for row, item in enumerate(parsed.activities, 1):
            activity = self.activity_for(match_row(activities, item, row), activities)
            if activity is None:
                continue
            if add_execution(self.plan, activity, item, self.actor):
                self.changes.executions += 1
                self.changes.documents += len(item.documents)
            else:
                self.changes.skipped.append(label(item.number, item.title))
        evidence_refresh(self.plan.activities.all())  # the dashboards' count table


def write_report(
    plan: Plan,
    parsed: ParsedDocument,
    actor: Any,
    changes: Changes,
    *,
    assignments: Mapping[int, str] | None = None,
) -> list[str]:
    """Add every row of a report to the plan's activities as executions with documents.

    Rows matching no activity go where `assignments` (row → "id:<pk>", an activity's
    number, "new" or "skip") says; without a choice, a draft takes them as new activities
    and a locked plan refuses the whole report (ImportProblem). Returns the warnings.
    """
    year = parsed.start_year or plan.first_year.start_year
    writer = ReportWriter(plan, actor, changes, year, assignments or {}, [])
    writer.write(parsed)
    return writer.warnings
