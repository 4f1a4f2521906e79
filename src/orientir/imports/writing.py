"""Write a parsed plan's sections, activities and indicators into a Plan, new or existing.

An existing plan is updated in place: activities are matched by number and title, changed
ones are updated, new ones added, and those the document no longer has are removed unless
they already have executions (evidence is never lost: such activities stay, with a note).
Indicators keep their actual values; only the planned ones come from the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from orientir.imports.schema import ParsedActivity, ParsedDocument, ParsedIndicator
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.lib.textclean import collapse
from orientir.plans.models import Activity, Plan, Section
from orientir.registry.models import AcademicYear

_FIELDS = (
    "number",
    "title",
    "deadline_text",
    "responsible_text",
    "planned_result",
    "execution_mark",
    "audience",
    "section_id",
)
_GROUPS = {label.lower(): value for value, label in Indicator.Group.choices}


@dataclass
class Changes:
    """What an import did to a plan, in words a person can read."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    executions: int = 0
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    unassigned: list[str] = field(default_factory=list)  # report rows the user chose to skip

    def as_json(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if value}

    @property
    def is_empty(self) -> bool:
        return not self.as_json()


def fit(text: str | None, length: int) -> str:
    """Return `text` ('' for None) cut to a column's length."""
    text = text or ""
    return text if len(text) <= length else text[: length - 1] + "…"


def label(number: str | None, title: str) -> str:
    return f"{number or '—'} {fit(collapse(title), 80)}"


def title_key(title: str) -> str:
    return collapse(title).lower().replace("ё", "е").rstrip(" .;")


def write_sections(plan: Plan, parsed: ParsedDocument) -> dict[str | None, Section]:
    """Create or reuse the plan's sections, nested by number; remove those no longer there."""
    existing = {(s.number, s.title): s for s in plan.sections.all()}
    by_key: dict[str | None, Section] = {}
    for position, item in enumerate(parsed.sections):
        number, title = fit(item.number, 32), fit(item.title, 1000)
        section = existing.pop((number, title), None) or Section(plan=plan, number=number)
        section.title, section.position = title, position
        section.parent = parent_section(by_key, item.number)
        section.save()
        by_key[item.number or item.title] = section
    for stale in existing.values():
        stale.delete()
    return by_key


def parent_section(by_key: dict[str | None, Section], number: str | None) -> Section | None:
    """Return the section that contains `number` ("3.2." is inside "3.")."""
    if not number:
        return None
    parts = number.rstrip(".").split(".")
    for cut in range(len(parts) - 1, 0, -1):
        found = by_key.get(".".join(parts[:cut]) + ".") or by_key.get(".".join(parts[:cut]))
        if found is not None:
            return found
    return None


def activity_values(item: ParsedActivity, section: Section | None) -> dict[str, Any]:
    """Return the model fields an activity takes from its parsed form."""
    return {
        "number": fit(item.number, 32),
        "title": item.title,
        "deadline_text": fit(item.deadline.text if item.deadline else "", 300),
        "responsible_text": "\n".join(item.responsible),
        "planned_result": item.planned_result or "",
        "execution_mark": item.execution_mark or "",
        "audience": item.audience or "",
        "section_id": section.pk if section else None,
    }


def apply_values(activity: Activity, values: dict[str, Any], position: int) -> list[str]:
    """Set `values` on `activity`; return the names of the fields that changed."""
    changed = [name for name in _FIELDS if getattr(activity, name) != values[name]]
    for name in _FIELDS:
        setattr(activity, name, values[name])
    activity.position = position
    if "deadline_text" in changed or activity.pk is None:
        activity.set_deadline(values["deadline_text"])
        start, end = activity.deadline_start, activity.deadline_end
        if start and end and start > end:
            activity.deadline_start = None
    return changed


def match_existing(plan: Plan) -> tuple[dict[tuple[str, str], list[Activity]], list[Activity]]:
    activities = list(plan.activities.all())
    index: dict[tuple[str, str], list[Activity]] = {}
    for activity in activities:
        index.setdefault((activity.number, title_key(activity.title)), []).append(activity)
    return index, activities


def take_match(
    index: dict[tuple[str, str], list[Activity]], used: set[int], number: str, title: str
) -> Activity | None:
    """Find the existing activity for a parsed one: same number and title, else same title."""
    exact = index.get((number, title_key(title)), [])
    for activity in exact:
        if activity.pk not in used:
            return activity
    for (_, key), found in index.items():
        if key == title_key(title):
            for activity in found:
                if activity.pk not in used:
                    return activity
    return None


def write_activities(
    plan: Plan, parsed: ParsedDocument, sections: dict[str | None, Section], changes: Changes
) -> list[Activity]:
    """Create, update or remove the plan's activities so they follow the document."""
    index, existing = match_existing(plan)
    used: set[int] = set()
    new: list[Activity] = []
    result: list[Activity] = []
    for position, item in enumerate(parsed.activities):
        values = activity_values(item, sections.get(item.section))
        activity = take_match(index, used, values["number"], item.title)
        if activity is None:
            activity = Activity(plan=plan, academic_year=plan.first_year)
            apply_values(activity, values, position)
            new.append(activity)
            if existing:
                changes.added.append(label(item.number, item.title))
        else:
            used.add(activity.pk)
            names = apply_values(activity, values, position)
            activity.save()
            if names:
                changes.changed.append(label(item.number, item.title))
        result.append(activity)
    Activity.objects.bulk_create(new)
    remove_missing(existing, used, changes)
    return result


def remove_missing(existing: list[Activity], used: set[int], changes: Changes) -> None:
    """Delete activities the document no longer has, keeping those with executions."""
    for activity in existing:
        if activity.pk in used:
            continue
        if activity.executions.exists():
            changes.kept.append(label(activity.number, activity.title))
        else:
            changes.removed.append(label(activity.number, activity.title))
            activity.delete()


def group_of(text: str | None) -> str:
    """Return the indicator group a heading names («Кадровая поддержка» -> staff)."""
    lowered = collapse(text or "").lower()
    for group_label, value in _GROUPS.items():
        if lowered.startswith(group_label.split()[0]) and group_label.split()[-1] in lowered:
            return value
    return Indicator.Group.OTHER


def academic_year(name: str) -> AcademicYear:
    return AcademicYear.objects.get_or_create(start_year=int(name[:4]))[0]


def write_indicators(plan: Plan, indicators: list[ParsedIndicator]) -> None:
    """Create or update target indicators with their planned values; actual ones stay."""
    existing = {(i.group_text, i.name): i for i in plan.indicators.all()}
    for position, item in enumerate(indicators):
        group_text, name = fit(item.group, 300), fit(item.name, 1000)
        indicator = existing.pop((group_text, name), None) or Indicator(plan=plan, name=name)
        indicator.group_text, indicator.position = group_text, position
        indicator.group = group_of(item.group)
        indicator.unit = fit(item.unit, 50)
        indicator.save()
        for year, value in item.values.items():
            planned = Decimal(str(round(value, 3))) if value is not None else None
            IndicatorValue.objects.update_or_create(
                indicator=indicator,
                academic_year=academic_year(year),
                defaults={"planned": planned},
            )
    for stale in existing.values():
        if not stale.values.filter(actual__isnull=False).exists():
            stale.delete()
