"""Put back a deleted plan with all it held, from the one audit row `plans.services.plan_delete`
wrote: the plan's every column under `_snapshot`, and under `_content` every row of its
sections, activities (with the ids of their responsible organisations and people),
indicators and their values, transitions, comments, documents and import records.

Restoring lives here, with the list of deletions, since the rows of a plan belong to apps
above `plans` (indicators, execution, imports); the rows are rebuilt by their model label, so
this module need not import its sibling apps. Everything comes back with its old id, its
creation and change times, in one transaction; foreign keys are checked at its end, so the
order of the rows does not matter.

Who may restore a plan is the rule `restore_deleted` (the one who deleted it, within
`ORIENTIR_RESTORE_DAYS`, and the regional coordinator of its region); a plan is no longer
there to say whose territory it was, so a deleted plan exists only for them (404 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404

from orientir.accounts import rules
from orientir.accounts.models import User
from orientir.audit.history import SNAPSHOT
from orientir.audit.models import AuditEvent, record
from orientir.execution.restore import LIMIT, Deleted, Restored
from orientir.plans.models import Activity, Plan
from orientir.plans.services import (
    CHILDREN,
    CONTENT,
    IMPLEMENTED_BY,
    PLAN_DELETE,
    RESPONSIBLE,
)

PLAN_ALREADY = "Этот план уже восстановлен."
NO_SNAPSHOT = "В журнале не сохранилось содержание плана: восстановить его нельзя."


class DeletedPlan(Deleted):
    """A deleted plan in the list of deletions; `plan` is the plan rebuilt, not saved."""

    is_plan = True

    @property
    def counts(self) -> dict[str, int]:
        content = (self.event.changes or {}).get(CONTENT) or {}
        return {
            "sections": len(content.get("plans.section") or []),
            "activities": len(content.get("plans.activity") or []),
            "indicators": len(content.get("indicators.indicator") or []),
        }


def _build(
    model: type[models.Model], values: dict[str, Any], inside: frozenset[Any] = frozenset()
) -> models.Model:
    """Return an unsaved `model` row with the kept columns; a link to a person or an
    organisation that is gone since is left empty when it may be; links to the rows being
    put back (`inside`) are kept."""
    obj = model()
    for f in model._meta.concrete_fields:
        if f.attname not in values:
            continue
        value = f.to_python(values[f.attname])
        if (
            f.is_relation
            and f.null
            and value is not None
            and f.related_model not in inside
            and not f.related_model._default_manager.filter(pk=value).exists()  # type: ignore[union-attr]
        ):
            value = None
        setattr(obj, f.attname, value)
    return obj


def _deleted_plan(event: AuditEvent) -> DeletedPlan:
    snap = (event.changes or {}).get(SNAPSHOT)
    plan = _build(Plan, snap) if isinstance(snap, dict) else Plan(pk=int(event.object_id))
    assert isinstance(plan, Plan)
    # The plan is gone from the database, so nobody keeps it through `editable_by` now.
    return DeletedPlan(
        event,
        plan=plan,
        problem="" if isinstance(snap, dict) else NO_SNAPSHOT,
        plan_editable=False,
    )


def deleted_plans(user: User) -> list[DeletedPlan]:
    """Return the deleted plans, not yet back, that `user` may restore, newest first."""
    rows = list(
        AuditEvent.objects.filter(action=PLAN_DELETE)
        .select_related("actor")
        .order_by("-pk")[:LIMIT]
    )
    present = {
        str(pk)
        for pk in Plan.objects.filter(
            pk__in=[int(r.object_id) for r in rows if r.object_id.isdigit()]
        ).values_list("pk", flat=True)
    }
    found: list[DeletedPlan] = []
    seen: set[str] = set()
    for row in rows:
        if row.object_id in seen or row.object_id in present:
            continue
        seen.add(row.object_id)
        item = _deleted_plan(row)
        if rules.allows("restore_deleted", user, item):
            found.append(item)
    return found


def deleted_plan_or_404(user: User, event_id: int) -> DeletedPlan:
    """Return the deleted plan of row `event_id` if `user` may restore it, else 404."""
    event = AuditEvent.objects.filter(pk=event_id, action=PLAN_DELETE).first()
    if event is None:
        raise Http404("Нет такой записи об удалении.")
    item = _deleted_plan(event)
    if not rules.allows("restore_deleted", user, item):
        raise Http404("Нет такой записи об удалении.")
    return item


def plan_restore(*, actor: User, event: AuditEvent) -> Restored:
    """Put the deleted plan back with all its content, with the same ids."""
    if event.action != PLAN_DELETE:
        raise ValueError(event.action)
    changes = event.changes or {}
    snap, content = changes.get(SNAPSHOT), changes.get(CONTENT)
    if not isinstance(snap, dict) or not isinstance(content, dict):
        raise ValidationError(NO_SNAPSHOT)
    models_of = {label: apps.get_model(label) for label in content}
    inside = frozenset({Plan, *models_of.values()})
    with transaction.atomic():
        if Plan.objects.filter(pk=int(event.object_id)).exists():
            raise ValidationError(PLAN_ALREADY)
        plan = _build(Plan, snap, inside)
        plan.save_base(raw=True, force_insert=True)
        for label, rows in content.items():
            for values in rows:
                _build(models_of[label], values, inside).save_base(raw=True, force_insert=True)
        for values in content.get("plans.activity") or []:
            activity = Activity.objects.get(pk=values["id"])
            for name in RESPONSIBLE:
                related = Activity._meta.get_field(name).related_model
                ids = related._default_manager.filter(  # type: ignore[union-attr]
                    pk__in=values.get(name) or []
                ).values_list("pk", flat=True)
                getattr(activity, name).set(list(ids))
            Activity.objects.filter(
                pk__in=values.get(IMPLEMENTED_BY) or [], implements__isnull=True
            ).update(implements_id=activity.pk)
        Plan.objects.filter(pk__in=changes.get(CHILDREN) or [], parent__isnull=True).update(
            parent_id=plan.pk
        )
        record(actor=actor, action="plan.restore", obj=plan, changes={"_from": event.pk}, plan=plan)
    return Restored(Plan.objects.get(pk=plan.pk))
