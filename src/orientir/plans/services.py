"""Writes to plans: each function is one transaction with its audit row.

Views check who may do what (`orientir.plans.permissions`); services check that the change
itself makes sense and raise `ValidationError` with a Russian message when it does not.
Every write of a plan's content first passes `check_plan_unlocked`: a plan under review,
approved or archived keeps its content whoever calls.

An update takes the `version` its form was loaded with and raises `audit.stale.StaleEdit`
when someone saved the object since (by default, the version the object was read with).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max

from orientir.accounts import rules
from orientir.accounts.models import User
from orientir.audit.history import (
    created,
    deleted,
    deleted_restorable,
    diff,
    full_snapshot,
    snapshot,
)
from orientir.audit.models import record
from orientir.audit.stale import claim_version
from orientir.plans.models import PASSPORT_FIELDS, Activity, Comment, Plan, Section, today
from orientir.plans.status import derived_status
from orientir.registry.models import Organisation

PLAN_FIELDS = [
    "title",
    "first_year",
    "last_year",
    "parent",
    "approval_text",
    *PASSPORT_FIELDS,
]
SECTION_FIELDS = ["number", "title", "parent"]
ACTIVITY_FIELDS = [
    "section",
    "academic_year",
    "number",
    "title",
    "activity_type",
    "implements",
    "deadline_text",
    "responsible_text",
    "responsible_organisations",
    "responsible_people",
    "audience",
    "planned_result",
    "execution_mark",
]
STATUS_FIELDS = ["status", "status_reason", "status_manual"]
PARENT_KIND: dict[str, Plan.Kind] = {
    Plan.Kind.ROADMAP: Plan.Kind.REGIONAL_PLAN,
    Plan.Kind.SCHOOL_PROGRAMME: Plan.Kind.ROADMAP,
    Plan.Kind.PARTNERSHIP_PLAN: Plan.Kind.ROADMAP,
}


def stored(obj: models.Model) -> Any:
    """Return the row as the database holds it: a bound ModelForm has already changed `obj`."""
    return type(obj)._default_manager.get(pk=obj.pk)


def _apply(obj: models.Model, values: Mapping[str, Any]) -> dict[str, Any]:
    """Set the plain fields of `obj`; return the many-to-many ones to set after saving."""
    later = {}
    for name, value in values.items():
        if obj._meta.get_field(name).many_to_many:
            later[name] = value
        else:
            setattr(obj, name, value)
    return later


def check_plan_unlocked(plan: Plan) -> None:
    """Refuse a change of content of a plan that is not a draft or returned, in Russian.

    Call it inside the writing transaction: it reads the state as stored and locks the row,
    so a plan submitted for review meanwhile is not changed by an edit begun before.
    """
    current = Plan.objects.select_for_update().only("state", "title").get(pk=plan.pk)
    if current.content_lock:
        raise ValidationError(current.content_lock)


# ---------------------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------------------


KINDS_BY_LEVEL = {
    "region": (Plan.Kind.REGIONAL_PLAN,),
    "municipality": (Plan.Kind.ROADMAP, Plan.Kind.PARTNERSHIP_PLAN),
    "school": (Plan.Kind.SCHOOL_PROGRAMME, Plan.Kind.PARTNERSHIP_PLAN),
}


def creatable_kinds(user: User) -> list[Plan.Kind]:
    """Return the kinds of plan `user` may start in their own territory."""
    return list(KINDS_BY_LEVEL.get(rules.plan_level(user) or "", ()))


def _owner(user: User) -> Organisation:
    """The organisation that keeps plans made by `user`: the ministry, the authority, the school."""
    orgs = Organisation.objects.filter(region=user.region_id)
    owner: Organisation | None
    level = rules.plan_level(user)
    if level == "school":
        owner = user.organisation
    elif level == "municipality":
        owner = orgs.filter(
            municipality=user.municipality_id, kind=Organisation.Kind.MUNICIPAL_AUTHORITY
        ).first()
    else:
        owner = orgs.filter(municipality=None, kind=Organisation.Kind.MINISTRY).first()
    owner = owner or user.organisation
    if owner is None:
        raise ValidationError(
            "В реестре нет организации, которая вела бы план; обратитесь к администратору."
        )
    return owner


def plan_create(*, actor: User, kind: str, values: Mapping[str, Any]) -> Plan:
    """Start a plan of `kind` in the territory of `actor`, owned by their organisation."""
    if kind not in creatable_kinds(actor):
        raise ValidationError("Такой план в вашей территории создать нельзя.")
    owner = _owner(actor)
    plan = Plan(kind=kind, region=actor.region, owner=owner)
    if kind != Plan.Kind.REGIONAL_PLAN:
        plan.municipality_id = actor.municipality_id
    if rules.plan_level(actor) == "school":
        plan.school_id = actor.organisation_id
    with transaction.atomic():
        _apply(plan, values)
        plan.save()
        record(
            actor=actor,
            action="plan.create",
            obj=plan,
            changes=created(plan, ["kind", *values]),
            plan=plan,
        )
    return plan


def plan_update(
    *, actor: User, plan: Plan, values: Mapping[str, Any], version: int | None = None
) -> Plan:
    """Change a plan's title, years and passport."""
    with transaction.atomic():
        check_plan_unlocked(plan)
        new = claim_version(plan, expected=version)
        before = snapshot(stored(plan), values)
        _apply(plan, values)
        plan.save()
        record(
            actor=actor,
            action="plan.update",
            obj=plan,
            changes=diff(before, snapshot(plan, values)),
            plan=plan,
            version=new,
        )
    return plan


# ---------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------


def _next_position(rows: models.QuerySet[Any]) -> int:
    top = rows.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def section_create(*, actor: User, plan: Plan, values: Mapping[str, Any]) -> Section:
    """Add a section at the end of a plan."""
    with transaction.atomic():
        check_plan_unlocked(plan)
        section = Section(plan=plan, position=_next_position(plan.sections.all()))
        _apply(section, values)
        section.save()
        record(
            actor=actor,
            action="section.create",
            obj=section,
            changes=created(section, values),
            plan=plan,
        )
    return section


def section_update(
    *, actor: User, section: Section, values: Mapping[str, Any], version: int | None = None
) -> Section:
    """Rename or renumber a section, or put it under another one."""
    with transaction.atomic():
        check_plan_unlocked(section.plan)
        new = claim_version(section, expected=version)
        before = snapshot(stored(section), values)
        _apply(section, values)
        section.save()
        changes = diff(before, snapshot(section, values))
        record(
            actor=actor,
            action="section.update",
            obj=section,
            changes=changes,
            plan=section.plan,
            version=new,
        )
    return section


def section_delete(*, actor: User, section: Section) -> None:
    """Delete an empty section; one with activities or subsections is refused."""
    if section.activities.exists() or section.subsections.exists():
        raise ValidationError(
            "В разделе есть мероприятия или подразделы: сначала перенесите или удалите их."
        )
    with transaction.atomic():
        check_plan_unlocked(section.plan)
        record(
            actor=actor,
            action="section.delete",
            obj=section,
            changes=deleted(section, SECTION_FIELDS),
            plan=section.plan,
        )
        section.delete()


def _swap(rows: list[Any], target: Any, step: int) -> list[Any]:
    """Move `target` one place up (-1) or down (+1) among `rows`; the ends stay put."""
    index = next(i for i, row in enumerate(rows) if row.pk == target.pk)
    other = index + step
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    return rows


def _write_positions(model: type[models.Model], rows: list[Any]) -> None:
    for position, row in enumerate(rows):
        row.position = position
    model._default_manager.bulk_update(rows, ["position"])


def section_move(*, actor: User, section: Section, step: int) -> None:
    """Move a section one place up or down among the sections of the same parent."""
    with transaction.atomic():
        check_plan_unlocked(section.plan)
        siblings = list(
            Section.objects.select_for_update()
            .filter(plan=section.plan_id, parent=section.parent_id)
            .order_by("position", "pk")
        )
        _write_positions(Section, _swap(siblings, section, step))
        record(
            actor=actor,
            action="section.move",
            obj=section,
            changes={"_step": "вверх" if step < 0 else "вниз"},
            plan=section.plan,
        )


# ---------------------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------------------


def _save_activity(activity: Activity, values: Mapping[str, Any]) -> None:
    deadline = values.get("deadline_text")
    later = _apply(activity, {k: v for k, v in values.items() if k != "deadline_text"})
    if deadline is not None:
        activity.set_deadline(deadline)
    activity.save()
    for name, value in later.items():
        getattr(activity, name).set(value)


def activity_create(*, actor: User, plan: Plan, values: Mapping[str, Any]) -> Activity:
    """Add an activity at the end of its section; its deadline is parsed from the text."""
    with transaction.atomic():
        check_plan_unlocked(plan)
        activity = Activity(plan=plan, position=_next_position(plan.activities.all()))
        _save_activity(activity, values)
        record(
            actor=actor,
            action="activity.create",
            obj=activity,
            changes=created(activity, values),
            plan=plan,
            activity=activity,
        )
    return activity


def activity_update(
    *, actor: User, activity: Activity, values: Mapping[str, Any], version: int | None = None
) -> Activity:
    """Change an activity; a new deadline text is parsed again, the old text is in the audit."""
    with transaction.atomic():
        check_plan_unlocked(activity.plan)
        new = claim_version(activity, expected=version)
        before = snapshot(stored(activity), values)
        _save_activity(activity, values)
        _refresh_status(activity)
        record(
            actor=actor,
            action="activity.update",
            obj=activity,
            changes=diff(before, snapshot(activity, values)),
            plan=activity.plan,
            activity=activity,
            version=new,
        )
    return activity


def activity_delete(*, actor: User, activity: Activity) -> None:
    """Delete an activity that has no executions: evidence is never deleted along the way."""
    if activity.executions.exists():
        raise ValidationError(
            "У мероприятия есть отмеченные проведения: удалите сначала их или отмените "
            "мероприятие статусом «отменено»."
        )
    with transaction.atomic():
        check_plan_unlocked(activity.plan)
        record(
            actor=actor,
            action="activity.delete",
            obj=activity,
            changes=deleted(activity, ACTIVITY_FIELDS),
            plan=activity.plan,
            activity=activity,
        )
        activity.delete()


def activity_move(*, actor: User, activity: Activity, step: int) -> None:
    """Move an activity one place up or down within its section."""
    with transaction.atomic():
        check_plan_unlocked(activity.plan)
        rows = list(
            Activity.objects.select_for_update()
            .filter(plan=activity.plan_id)
            .order_by("position", "pk")
        )
        same = [row for row in rows if row.section_id == activity.section_id]
        moved = iter(_swap(same, activity, step))
        ordered = [next(moved) if row.section_id == activity.section_id else row for row in rows]
        _write_positions(Activity, ordered)
        record(
            actor=actor,
            action="activity.move",
            obj=activity,
            changes={"_step": "вверх" if step < 0 else "вниз"},
            plan=activity.plan,
            activity=activity,
        )


def _refresh_status(activity: Activity) -> dict[str, list[Any]]:
    """Set the derived status unless it was set by hand; return what changed."""
    if activity.status_manual:
        return {}
    before = snapshot(activity, ["status"])
    activity.status = derived_status(activity.deadline, activity.executions.count(), today())
    activity.save(update_fields=["status"])
    return diff(before, snapshot(activity, ["status"]))


def activity_refresh_status(*, actor: User, activity: Activity) -> None:
    """Recompute the status after its executions changed; audited only if it changed."""
    with transaction.atomic():
        changes = _refresh_status(activity)
        if changes:
            record(
                actor=actor,
                action="activity.status",
                obj=activity,
                changes=changes,
                plan=activity.plan,
                activity=activity,
            )


def activity_set_status(
    *, actor: User, activity: Activity, status: str, reason: str, version: int | None = None
) -> None:
    """Set the status by hand with a reason; the empty status goes back to the derived one."""
    if status and not reason.strip():
        raise ValidationError("Укажите причину, по которой статус меняется вручную.")
    with transaction.atomic():
        new = claim_version(activity, expected=version)
        before = snapshot(stored(activity), STATUS_FIELDS)
        activity.status_manual = bool(status)
        activity.status_reason = reason.strip() if status else ""
        if status:
            activity.status = status
        activity.save(update_fields=[*STATUS_FIELDS, "version"])
        _refresh_status(activity)
        record(
            actor=actor,
            action="activity.status",
            obj=activity,
            changes=diff(before, snapshot(activity, STATUS_FIELDS)),
            plan=activity.plan,
            activity=activity,
            version=new,
        )


# ---------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------


def comment_add(
    *,
    actor: User,
    plan: Plan,
    text: str,
    activity: Activity | None = None,
    execution: Any = None,
) -> Comment:
    """Leave a comment on a plan, an activity or an execution of it."""
    if not text.strip():
        raise ValidationError("Комментарий пуст.")
    with transaction.atomic():
        comment = Comment.objects.create(
            plan=plan, activity=activity, execution=execution, author=actor, text=text.strip()
        )
        record(
            actor=actor,
            action="comment.create",
            obj=comment,
            changes={"text": comment.text},
            plan=plan,
            activity=activity,
        )
    return comment


# ---------------------------------------------------------------------------------------
# Deleting a draft plan
# ---------------------------------------------------------------------------------------

PLAN_DELETE = "plan.delete"
# The key under which a deleted plan's content is kept: `{model label: [full snapshots]}`,
# in the order the rows are put back.
CONTENT = "_content"
# In an activity's snapshot: the ids of its responsible organisations and people.
RESPONSIBLE = ("responsible_organisations", "responsible_people")
# The plans whose `parent` was the deleted plan (set to null by the deletion).
CHILDREN = "_children"
# In an activity's snapshot: the activities of other plans that implement it.
IMPLEMENTED_BY = "_implemented_by"
PLAN_HAS_EXECUTIONS = (
    "План с проведениями удалить нельзя: проведения и их подтверждения — уже факты "
    "исполнения. Удалите сначала проведения или оставьте план."
)
PLAN_NOT_DRAFT = (
    "Удалить можно только черновик или план, возвращённый на доработку: этот план уже "
    "на согласовании, утверждён или в архиве."
)


def plan_content(plan: Plan) -> dict[str, list[models.Model]]:
    """Return what goes away with `plan`, by model label, in the order it is put back.

    Read through the plan's reverse relations, so that plans need not import the apps built
    on them (indicators, imports, execution).
    """
    found = list(plan.indicators.order_by("pk"))  # type: ignore[attr-defined]
    indicators: list[models.Model] = list(found)
    values: list[models.Model] = [v for i in found for v in i.values.order_by("pk")]
    content: dict[str, list[models.Model]] = {
        "plans.section": list(plan.sections.order_by("pk")),
        "plans.activity": list(plan.activities.order_by("pk")),
        "indicators.indicator": indicators,
        "indicators.indicatorvalue": values,
        "plans.plantransition": list(plan.transitions.order_by("pk")),
        "plans.comment": list(plan.comments.order_by("pk")),
        "execution.document": list(plan.documents.order_by("pk")),  # type: ignore[attr-defined]
        "imports.importrecord": list(plan.import_records.order_by("pk")),  # type: ignore[attr-defined]
    }
    return content


def _row_snapshot(obj: models.Model) -> dict[str, Any]:
    """Return `full_snapshot(obj)` with decimals as text, which a JSON column keeps."""
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in full_snapshot(obj).items()}


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    snap = _row_snapshot(activity)
    for name in RESPONSIBLE:
        snap[name] = sorted(getattr(activity, name).values_list("pk", flat=True))
    snap[IMPLEMENTED_BY] = sorted(activity.implemented_by.values_list("pk", flat=True))
    return snap


def plan_delete(*, actor: User, plan: Plan) -> None:
    """Delete a draft plan with no executions, with its sections, activities, indicators
    and their values; one audit row keeps every row, enough to put the plan back with the
    same ids (`notifications.restore`)."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if Activity.objects.filter(plan=plan, executions__isnull=False).exists():
            raise ValidationError(PLAN_HAS_EXECUTIONS)
        if not plan.is_editable_state:
            raise ValidationError(PLAN_NOT_DRAFT)
        content = {
            label: [
                _activity_snapshot(o) if isinstance(o, Activity) else _row_snapshot(o) for o in rows
            ]
            for label, rows in plan_content(plan).items()
        }
        changes = deleted_restorable(plan, ["title", "state"])
        changes[CONTENT] = content
        changes[CHILDREN] = sorted(plan.children.values_list("pk", flat=True))
        record(actor=actor, action=PLAN_DELETE, obj=plan, changes=changes, plan=plan)
        plan.delete()
