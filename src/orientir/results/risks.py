"""A school's «500+» risk profile: who may enter it, reading it, and saving it with audit.

The profile is entered by the school or its curator (IDENTIFICATION.md, "Risk profile"),
and also by the regional coordinator; it is shown next to the computed flags and never
mixed into them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from orientir.accounts import rules
from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.audit.models import record
from orientir.registry.models import AcademicYear, Organisation
from orientir.results.models import RiskAssessment, RiskFactor, RiskLevel

NOTE_MAX_LENGTH = RiskAssessment._meta.get_field("note").max_length or 500


class RiskError(ValueError):
    """The entered profile cannot be saved; the message is Russian."""


def can_edit(user: User, school: Organisation) -> bool:
    """The school's own representative, its curator, the regional coordinator (the rulebook)."""
    return rules.allows("edit_risk_profile", user, school)


@dataclass
class FactorRow:
    factor: str
    name: str
    level: str  # "" when not assessed
    level_name: str
    note: str


def profile(user: User, school: Organisation, year: int | None = None) -> tuple[int | None, list]:
    """The factors of the latest assessed year (or `year`), with "" for those not assessed."""
    found = visible(RiskAssessment, user).filter(school=school).select_related("academic_year")
    if year is None:
        latest = found.order_by("-academic_year__start_year").first()
        year = latest.academic_year.start_year if latest else None
    by_factor = {r.factor: r for r in found if r.academic_year.start_year == year}
    rows = []
    for factor, name in RiskFactor.choices:
        row = by_factor.get(factor)
        rows.append(
            FactorRow(
                factor,
                name,
                row.level if row else "",
                row.get_level_display() if row else "не оценён",
                row.note if row else "",
            )
        )
    return year, rows


def parse_levels(data: Any) -> dict[str, tuple[str, str]]:
    """Read `level_<factor>` and `note_<factor>` fields; refuse a level not in the list."""
    allowed = {"", *RiskLevel.values}
    levels = {}
    for factor, name in RiskFactor.choices:
        level = data.get(f"level_{factor}", "")
        if level not in allowed:
            raise RiskError(f"«{name}»: уровень риска — низкий, средний или высокий.")
        note = data.get(f"note_{factor}", "").strip()
        if len(note) > NOTE_MAX_LENGTH:
            raise RiskError(
                f"«{name}», комментарий: не длиннее {NOTE_MAX_LENGTH} знаков, "
                f"а введено {len(note)}."
            )
        levels[factor] = (level, note)
    return levels


@transaction.atomic
def risk_profile_save(
    *, school: Organisation, year: int, levels: dict[str, tuple[str, str]], actor: Any
) -> dict[str, Any]:
    """Save the levels of the school's factors for the year; an empty level removes one."""
    academic_year = AcademicYear.objects.get_or_create(start_year=year)[0]
    existing = {
        r.factor: r
        for r in RiskAssessment.objects.filter(school=school, academic_year=academic_year)
    }
    changes: dict[str, Any] = {}
    for factor, (level, note) in levels.items():
        row = existing.get(factor)
        if not level:
            if row is not None:
                changes[factor] = [row.level, None]
                row.delete()
            continue
        if row is None:
            RiskAssessment.objects.create(
                school=school,
                academic_year=academic_year,
                factor=factor,
                level=level,
                note=note,
                updated_by=actor,
            )
            changes[factor] = [None, level]
        elif (row.level, row.note) != (level, note):
            changes[factor] = [row.level, level]
            row.level, row.note, row.updated_by = level, note, actor
            row.save()
    if changes:
        record(
            actor=actor,
            action="risk_profile.update",
            obj=school,
            changes={"year": year, "factors": changes},
        )
    return changes
