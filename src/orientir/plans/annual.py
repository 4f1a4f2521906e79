"""Whole-plan writes: renumbering, and the roll-over of a plan to the next academic year."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from orientir.accounts.models import User
from orientir.audit.models import record
from orientir.plans.models import Activity, Plan, Section
from orientir.plans.selectors import section_rows
from orientir.plans.services import check_plan_unlocked
from orientir.registry.models import AcademicYear


def _numbers(plan: Plan) -> tuple[list[Section], list[Activity]]:
    """Give sections "1.", "1.2." by their place in the tree, activities "1.2.3." in theirs."""
    sections = list(plan.sections.order_by("position", "pk"))
    activities = list(plan.activities.order_by("position", "pk"))
    path: list[int] = []
    loose = 0
    for row in section_rows(sections, activities):
        if row.section is None:
            for activity in row.activities:
                loose += 1
                activity.number = f"{loose}."
            continue
        depth = min(row.depth, len(path))
        path = [*path[:depth], (path[depth] if depth < len(path) else 0) + 1]
        row.section.number = "".join(f"{n}." for n in path)
        for index, activity in enumerate(row.activities, start=1):
            activity.number = f"{row.section.number}{index}."
    return sections, activities


def plan_renumber(*, actor: User, plan: Plan) -> int:
    """Number sections and activities again in reading order; return how many changed."""
    with transaction.atomic():
        check_plan_unlocked(plan)
        old = dict(plan.activities.values_list("pk", "number"))
        old_sections = dict(plan.sections.values_list("pk", "number"))
        sections, activities = _numbers(plan)
        Section.objects.bulk_update(sections, ["number"])
        Activity.objects.bulk_update(activities, ["number"])
        # A form opened before renumbering would put the old number back: make it stale.
        moved = [a.pk for a in activities if old[a.pk] != a.number]
        Activity.objects.filter(pk__in=moved).update(version=F("version") + 1)
        moved = [s.pk for s in sections if old_sections[s.pk] != s.number]
        Section.objects.filter(pk__in=moved).update(version=F("version") + 1)
        changed = {a.title[:80]: [old[a.pk], a.number] for a in activities if old[a.pk] != a.number}
        changed.update(
            {
                s.title[:80]: [old_sections[s.pk], s.number]
                for s in sections
                if old_sections[s.pk] != s.number
            }
        )
        record(actor=actor, action="plan.renumber", obj=plan, changes=changed, plan=plan)
    return len(changed)


def _next_title(title: str, year: int) -> str:
    """Put the next academic year into a title that names the old one."""
    new = title
    for old_text, new_text in (
        (f"{year}/{year + 1}", f"{year + 1}/{year + 2}"),
        (f"{year}-{year + 1}", f"{year + 1}-{year + 2}"),
        (f"{year}–{year + 1}", f"{year + 1}–{year + 2}"),
    ):
        new = new.replace(old_text, new_text)
    return new if new != title else f"{title} ({year + 1}/{year + 2})"


@dataclass
class RollOver:
    plan: Plan
    kept_dates: list[str] = field(default_factory=list)


def _year(start: int) -> AcademicYear:
    return AcademicYear.objects.get_or_create(start_year=start)[0]


def _copy_sections(source: Plan, target: Plan) -> dict[int, Section]:
    copies: dict[int, Section] = {}
    for section in source.sections.order_by("position", "pk"):
        copies[section.pk] = Section.objects.create(
            plan=target, number=section.number, title=section.title, position=section.position
        )
    for section in source.sections.exclude(parent=None):
        if section.parent_id in copies:
            copies[section.pk].parent = copies[section.parent_id]
            copies[section.pk].save(update_fields=["parent"])
    return copies


def _copy_activity(activity: Activity, target: Plan, sections: dict[int, Section]) -> Activity:
    copy = Activity(
        plan=target,
        section=sections.get(activity.section_id) if activity.section_id else None,
        academic_year=_year(activity.academic_year.start_year + 1),
        number=activity.number,
        position=activity.position,
        title=activity.title,
        activity_type=activity.activity_type,
        implements_id=activity.implements_id,
        responsible_text=activity.responsible_text,
        audience=activity.audience,
        planned_result=activity.planned_result,
    )
    copy.set_deadline(activity.deadline_text)
    copy.save()
    copy.responsible_organisations.set(activity.responsible_organisations.all())
    copy.responsible_people.set(activity.responsible_people.all())
    return copy


def plan_copy_to_next_year(*, actor: User, plan: Plan) -> RollOver:
    """Copy a plan to the next academic year as a draft, without executions or approval.

    Deadlines keep their text and are parsed again for the new year, so "до 1 ноября" moves
    by a year; a deadline that names its own year ("Ноябрь 2018 – май 2019") keeps its dates
    and is listed in `kept_dates` for the owner to correct. What other apps keep of a plan
    (its target indicators) is theirs to carry: `orientir.indicators.rollover` does both.
    """
    with transaction.atomic():
        copy = Plan.objects.get(pk=plan.pk)
        copy.pk = None
        copy.state = Plan.State.DRAFT
        # The new year's plan is approved anew, by an order of its own.
        copy.approval_text, copy.approval_order_number, copy.approval_order_date = "", "", None
        copy.title = _next_title(plan.title, plan.first_year.start_year)
        copy.first_year = _year(plan.first_year.start_year + 1)
        copy.last_year = _year(plan.last_year.start_year + 1)
        copy.save()
        result = RollOver(copy)
        sections = _copy_sections(plan, copy)
        for activity in plan.activities.select_related("academic_year").order_by("position", "pk"):
            new = _copy_activity(activity, copy, sections)
            if new.deadline_end and new.deadline_end < new.academic_year.starts:
                result.kept_dates.append(f"{new.number} {new.deadline_text}".strip())
        record(
            actor=actor,
            action="plan.roll_over",
            obj=plan,
            changes={"_copy": copy.title},
            plan=plan,
        )
        record(
            actor=actor,
            action="plan.rolled_over",
            obj=copy,
            changes={"_from": plan.title},
            plan=copy,
        )
    return result
