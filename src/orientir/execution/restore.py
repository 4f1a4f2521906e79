"""Put a deleted execution or document back, from what its audit row kept.

`execution.services` writes one `document.delete` row per document and then the
`execution.delete` row, in one transaction: the documents deleted with an execution are
the run of `document.delete` rows (same activity, same person) right before its row.
Rows written without a snapshot do not say which execution a document was of, so a
document's row counts as part of the batch only if it was written within a second of the
next one. A row written with `history.deleted_restorable` holds every column under `_snapshot`; an
older row holds only the fields the service listed, and restoring uses what there is:

- an execution gets back its date, description, responsible, audience and participants;
- a document deleted with its execution comes back with it, attached to it;
- a document deleted on its own can be restored only from a snapshot, since an older row
  does not say which execution it belonged to;
- the comments on an execution come back with it, from the snapshots its row keeps.

Who may restore what is the rule `restore_deleted` of `accounts.rules`; the list shows each
user only what it lets them restore.

The row keeps its old id, so links in the history lead to it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery

from orientir.accounts import rules
from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.audit.history import COMMENTS, SNAPSHOT
from orientir.audit.models import AuditEvent, record
from orientir.execution.models import Document, Execution
from orientir.execution.services import evidence_refresh
from orientir.plans.models import Activity, Comment, Plan
from orientir.plans.services import activity_refresh_status

EXECUTION_DELETE = "execution.delete"
DOCUMENT_DELETE = "document.delete"
# Rows of one `execution_delete` call are written within moments of each other; a document
# deleted by hand just before is a separate request, seconds apart at the least.
BATCH_GAP = dt.timedelta(seconds=1)
LIMIT = 300  # the newest deletions listed; older ones are still restorable by id
ALREADY = {
    EXECUTION_DELETE: "Это проведение уже восстановлено.",
    DOCUMENT_DELETE: "Этот документ уже восстановлен.",
}
NO_ACTIVITY = "Мероприятие, к которому относилось проведение, удалено: восстановить его некуда."
NO_EXECUTION = (
    "В журнале не записано, к какому проведению относился документ, поэтому восстановить его "
    "нельзя. Документ можно добавить к проведению заново; его описание — в журнале."
)
EXECUTION_GONE = "Проведение, к которому относился документ, удалено: сначала восстановите его."
EMPTY_DOCUMENT = (
    "В журнале не сохранились ни файл, ни ссылка, ни заголовок документа: восстановить его нельзя."
)


@dataclass
class Deleted:
    """One deletion that can be listed: an execution with its documents, or a document."""

    event: AuditEvent
    documents: list[AuditEvent] = field(default_factory=list)
    problem: str = ""
    plan: Plan | None = None  # the plan it was in, for the rule of who may restore it
    # Whether the user keeps `plan` (`editable_by`), when a list has read it for all its
    # items at once; None lets the rule ask the database itself.
    plan_editable: bool | None = None

    @property
    def is_execution(self) -> bool:
        return self.event.action == EXECUTION_DELETE

    @property
    def values(self) -> dict[str, Any]:
        return stored_values(self.event)

    @property
    def comments(self) -> int:
        """How many comments were deleted with an execution (and come back with it)."""
        kept = (self.event.changes or {}).get(COMMENTS)
        return len(kept) if isinstance(kept, list) else 0


@dataclass
class Restored:
    obj: models.Model
    documents: int = 0
    warnings: list[str] = field(default_factory=list)


def stored_values(event: AuditEvent) -> dict[str, Any]:
    """Return what the row kept of the deleted object: the snapshot, or the `before` sides."""
    changes = event.changes or {}
    if isinstance(changes.get(SNAPSHOT), dict):
        return dict(changes[SNAPSHOT])
    return {
        name: pair[0]
        for name, pair in changes.items()
        if not name.startswith("_") and isinstance(pair, list) and len(pair) == 2
    }


def _model(event: AuditEvent) -> type[models.Model]:
    return Execution if event.action == EXECUTION_DELETE else Document


def deletions(user: User) -> models.QuerySet[AuditEvent]:
    """Return the deletion rows of executions and documents of the plans `user` sees."""
    return AuditEvent.objects.filter(
        action__in=[EXECUTION_DELETE, DOCUMENT_DELETE],
        plan_ref__in=visible(Plan, user).values("pk"),
    )


def _same_batch(row: AuditEvent, event: AuditEvent, later: AuditEvent) -> bool:
    """Whether `row` was written by the same `execution_delete` call as `event`: same
    activity and person, written moments before the next row (`later`), and, when it has a
    snapshot, of that execution."""
    snap = (row.changes or {}).get(SNAPSHOT)
    return (
        row.action == DOCUMENT_DELETE
        and row.activity_ref == event.activity_ref
        and row.actor_id == event.actor_id
        and abs(later.at - row.at) < BATCH_GAP
        and (not isinstance(snap, dict) or str(snap.get("execution_id")) == event.object_id)
    )


def documents_deleted_with(event: AuditEvent) -> list[AuditEvent]:
    """Return the `document.delete` rows written by the same `execution_delete` call."""
    found: list[AuditEvent] = []
    for row in AuditEvent.objects.filter(pk__lt=event.pk).order_by("-pk")[:1000]:
        if not _same_batch(row, event, found[-1] if found else event):
            break
        found.append(row)
    return found[::-1]


def _owner(row: AuditEvent, by_pk: Mapping[int, AuditEvent]) -> AuditEvent | None:
    """Follow the rows written right after a document's deletion to its execution's row."""
    batch = [row]
    following = by_pk.get(row.next_pk)  # type: ignore[attr-defined]
    while following is not None and following.action == DOCUMENT_DELETE:
        batch.append(following)
        following = by_pk.get(following.next_pk)  # type: ignore[attr-defined]
    if following is None or following.action != EXECUTION_DELETE:
        return None
    later = [*batch[1:], following]
    if all(_same_batch(r, following, after) for r, after in zip(batch, later, strict=True)):
        return following
    return None


def _existing(model: type[models.Model], ids: set[Any]) -> set[str]:
    ids = {int(pk) for pk in ids if str(pk).isdigit()}
    return {
        str(pk) for pk in model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
    }


def deletion(event: AuditEvent) -> Deleted:
    """Return the deletion `event` records, with its plan, for the rule of who restores it."""
    plan = Plan.objects.filter(pk=event.plan_ref).first() if event.plan_ref else None
    return Deleted(event, plan=plan)


def deleted_items(user: User) -> list[Deleted]:
    """Return what `user` may restore, newest first.

    The rows are read in a fixed number of queries: which of their plans the user keeps is
    read once for all of them and handed to the rule `restore_deleted`.
    """
    items = _listed(user)
    plan_ids = {item.event.plan_ref for item in items if item.event.plan_ref is not None}
    plans = Plan.objects.in_bulk(plan_ids)
    kept = set(Plan.objects.editable_by(user).filter(pk__in=plan_ids).values_list("pk", flat=True))
    for item in items:
        item.plan = plans.get(item.event.plan_ref or 0)
        item.plan_editable = item.event.plan_ref in kept
    return [item for item in items if rules.allows("restore_deleted", user, item)]


def _listed(user: User) -> list[Deleted]:
    """Return the deletions of the plans `user` sees that can be listed, newest first."""
    following = AuditEvent.objects.filter(pk__gt=OuterRef("pk")).order_by("pk").values("pk")
    rows: list[AuditEvent] = list(
        deletions(user)
        .annotate(next_pk=Subquery(following[:1]))
        .select_related("actor")
        .order_by("-pk")[:LIMIT]
    )
    by_pk = {row.pk: row for row in rows}
    present = {
        EXECUTION_DELETE: _existing(Execution, {r.object_id for r in rows}),
        DOCUMENT_DELETE: _existing(Document, {r.object_id for r in rows}),
    }
    activities = _existing(Activity, {r.activity_ref for r in rows})
    snapshots = [stored_values(r) for r in rows if SNAPSHOT in (r.changes or {})]
    executions = _existing(Execution, {s.get("execution_id") for s in snapshots})
    latest: list[AuditEvent] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:  # newest first: a later deletion of the same object hides earlier ones
        key = (row.action, row.object_id)
        if key not in seen and row.object_id not in present[row.action]:
            latest.append(row)
        seen.add(key)
    items = {
        row.pk: Deleted(row, problem="" if str(row.activity_ref) in activities else NO_ACTIVITY)
        for row in latest
        if row.action == EXECUTION_DELETE
    }
    for row in reversed(latest):
        if row.action != DOCUMENT_DELETE:
            continue
        owner = _owner(row, by_pk)
        if owner is None:
            items[row.pk] = Deleted(row, problem=_document_problem(row, executions))
        elif owner.pk in items:
            items[owner.pk].documents.append(row)
    return sorted(items.values(), key=lambda item: -item.event.pk)


def _document_problem(row: AuditEvent, executions: set[str]) -> str:
    snap = (row.changes or {}).get(SNAPSHOT)
    if not isinstance(snap, dict):
        return NO_EXECUTION
    execution_id = snap.get("execution_id")
    if execution_id is not None and str(execution_id) not in executions:
        return EXECUTION_GONE
    return ""


# ---------------------------------------------------------------------------------------
# Restoring
# ---------------------------------------------------------------------------------------


def _rebuild(event: AuditEvent, links: dict[str, Any]) -> tuple[models.Model, dict[str, Any]]:
    """Return an unsaved object with the row's id and values, and the creation times to set
    after saving (`auto_now_add` would replace them)."""
    model = _model(event)
    obj = model(pk=int(event.object_id))
    later: dict[str, Any] = {}
    for key, value in stored_values(event).items():
        try:
            f = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if not isinstance(f, models.Field) or f.primary_key or not f.concrete or f.name in links:
            continue
        value = f.to_python(value)
        if f.is_relation and value is not None and not _exists(f.related_model, value):
            value = None  # the person who reported it is gone; keep the rest
        if getattr(f, "auto_now_add", False):
            later[f.attname] = value
            continue
        setattr(obj, f.attname, value)
    for name, value in links.items():
        setattr(obj, name, value)
    return obj, later


def _exists(model: Any, pk: Any) -> bool:
    return bool(model._default_manager.filter(pk=pk).exists())


def _insert(event: AuditEvent, links: dict[str, Any]) -> models.Model:
    obj, later = _rebuild(event, links)
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(
            "Восстановить нельзя: в журнале сохранилось не всё — " + "; ".join(error.messages)
        ) from error
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError as error:
        raise ValidationError(ALREADY[event.action]) from error
    if any(v is not None for v in later.values()):
        type(obj)._default_manager.filter(pk=obj.pk).update(
            **{k: v for k, v in later.items() if v is not None}
        )
    return obj


def _check_not_restored(event: AuditEvent) -> None:
    if _model(event)._default_manager.filter(pk=int(event.object_id)).exists():
        raise ValidationError(ALREADY[event.action])


def _put_back_document(
    actor: User, event: AuditEvent, execution: Execution | None, plan: Plan
) -> list[str]:
    values = stored_values(event)
    if not any(values.get(name) for name in ("file", "url", "text", "title")):
        raise ValidationError(EMPTY_DOCUMENT)
    document = _insert(event, {"execution": execution, "plan": plan})
    assert isinstance(document, Document)
    record(
        actor=actor,
        action="document.restore",
        obj=document,
        changes={"_from": event.pk},
        plan=plan,
        activity=execution.activity if execution else None,
    )
    if document.file and not default_storage.exists(document.file.name or ""):
        return [f"Файл документа «{document}» не найден в хранилище: загрузите его заново."]
    return []


def execution_restore(*, actor: User, event: AuditEvent) -> Restored:
    """Put a deleted execution back with the documents deleted together with it."""
    if event.action != EXECUTION_DELETE:
        raise ValueError(event.action)
    with transaction.atomic():
        _check_not_restored(event)
        activity = None
        if event.activity_ref is not None:
            activity = Activity.objects.select_related("plan").filter(pk=event.activity_ref).first()
        if activity is None:
            raise ValidationError(NO_ACTIVITY)
        execution = _insert(event, {"activity": activity})
        assert isinstance(execution, Execution)
        record(
            actor=actor,
            action="execution.restore",
            obj=execution,
            changes={"_from": event.pk},
            plan=activity.plan,
            activity=activity,
        )
        result = Restored(execution)
        _put_back_comments(actor, event, execution, activity)
        for row in documents_deleted_with(event):
            if Document.objects.filter(pk=int(row.object_id)).exists():
                continue
            result.warnings += _put_back_document(actor, row, execution, activity.plan)
            result.documents += 1
        activity_refresh_status(actor=actor, activity=activity)
        evidence_refresh(Activity.objects.filter(pk=activity.pk))
    return result


def _put_back_comments(
    actor: User, event: AuditEvent, execution: Execution, activity: Activity
) -> None:
    """Re-create the comments deleted with `execution` from their snapshots, ids and times
    kept; one already back is left as it is."""
    kept = (event.changes or {}).get(COMMENTS)
    for snap in kept if isinstance(kept, list) else []:
        pk, text = snap.get("id"), str(snap.get("text") or "")
        if not text or Comment.objects.filter(pk=pk).exists():
            continue
        author = snap.get("author_id")
        comment = Comment(
            pk=pk,
            plan=activity.plan,
            activity=activity,
            execution=execution,
            author_id=author if author and User.objects.filter(pk=author).exists() else None,
            text=text,
        )
        comment.save(force_insert=True)
        created_at = Comment._meta.get_field("created_at").to_python(snap.get("created_at"))
        if created_at is not None:
            Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
        record(
            actor=actor,
            action="comment.restore",
            obj=comment,
            changes={"_from": event.pk},
            plan=activity.plan,
            activity=activity,
        )


def _plan_of(event: AuditEvent) -> Plan:
    plan = Plan.objects.filter(pk=event.plan_ref).first() if event.plan_ref else None
    if plan is None:
        raise ValidationError(
            "План, к которому относился документ, удалён: восстановить его некуда."
        )
    return plan


def document_restore(*, actor: User, event: AuditEvent) -> Restored:
    """Put back a document deleted on its own, if its row says which execution it was of."""
    if event.action != DOCUMENT_DELETE:
        raise ValueError(event.action)
    with transaction.atomic():
        _check_not_restored(event)
        snap = (event.changes or {}).get(SNAPSHOT)
        if not isinstance(snap, dict):
            raise ValidationError(NO_EXECUTION)
        execution = None
        if snap.get("execution_id") is not None:
            execution = (
                Execution.objects.select_related("activity__plan")
                .filter(pk=snap["execution_id"])
                .first()
            )
            if execution is None:
                raise ValidationError(EXECUTION_GONE)
        plan = execution.activity.plan if execution else _plan_of(event)
        warnings = _put_back_document(actor, event, execution, plan)
        if execution is not None:
            evidence_refresh(Activity.objects.filter(pk=execution.activity_id))
    return Restored(Document.objects.get(pk=int(event.object_id)), warnings=warnings)


def deleted_restore(*, actor: User, event: AuditEvent) -> Restored:
    """Restore whatever `event` deleted: an execution or a document."""
    if event.action == EXECUTION_DELETE:
        return execution_restore(actor=actor, event=event)
    return document_restore(actor=actor, event=event)
