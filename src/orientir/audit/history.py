"""Before and after: what services put into an audit row, and how a history page reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page
from django.db import models
from django.db.models import Q, QuerySet

from orientir.audit.models import AuditEvent
from orientir.lib.listing import page_of

ACTIONS = {
    "create": "создание",
    "update": "изменение",
    "delete": "удаление",
    "move": "перемещение",
    "renumber": "перенумерация",
    "roll_over": "перенос на следующий учебный год",
    "rolled_over": "создан переносом",
    "status": "статус",
    "submit": "отправлен на согласование",
    "agree": "согласован",
    "approve": "утверждён",
    "return": "возвращён на доработку",
    "comment": "комментарий",
    "restore": "восстановление",
    "publish": "опубликован",
    "unpublish": "снят с публикации",
    "reset": "возврат к правилам по умолчанию",
    "export": "выгрузка документа",
    "password": "смена пароля",
    "set_actual": "внесён факт",
    "bind_source": "факт вычисляется Ориентиром",
    "unbind_source": "вычисление факта отключено",
}
SUBJECTS = {
    "plan": "план",
    "section": "раздел",
    "activity": "мероприятие",
    "execution": "проведение",
    "document": "документ",
    "comment": "комментарий",
    "import": "импорт",
    "evidence_rule": "правило подтверждения",
    "indicator_value": "целевой показатель",
    "indicator": "целевой показатель",
    "report": "отчёт об исполнении",
    "region_report": "сводный отчёт региона",
    "region": "регион",
    "municipality": "муниципалитет",
    "organisation": "организация",
    "person": "человек",
    "assignment": "закрепление",
    "user": "пользователь",
}


def as_json(value: Any) -> Any:
    """Turn a field value into something a JSON column keeps and a person can read."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [as_json(v) for v in value]
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return the readable values of `fields` of `obj`; many-to-many fields as lists."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
        else:
            values[name] = as_json(getattr(obj, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return `{field: [before, after]}` for the fields whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def created(obj: models.Model, fields: Iterable[str]) -> dict[str, list[Any]]:
    """Return `{field: [None, value]}` for what a new object was given."""
    return {k: [None, v] for k, v in snapshot(obj, fields).items() if v not in (None, "", [])}


def deleted(obj: models.Model, fields: Iterable[str]) -> dict[str, list[Any]]:
    """Return `{field: [value, None]}`: what a deleted object held, kept in its history."""
    return {k: [v, None] for k, v in snapshot(obj, fields).items() if v not in (None, "", [])}


# The key under which a deleted row's every column is kept (see `deleted_restorable`).
SNAPSHOT = "_snapshot"
# The key under which the comments deleted with an execution are kept, each as a snapshot.
COMMENTS = "_comments"


def full_snapshot(obj: models.Model) -> dict[str, Any]:
    """Return every stored column of `obj` by its attribute name (`execution_id`, not
    `execution`): enough to put a deleted row back with the same id and links."""
    return {f.attname: as_json(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def deleted_restorable(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return `deleted(obj, fields)` plus the full snapshot under `_snapshot`, so that the
    row can be restored from the audit trail (`execution.restore`)."""
    return {**deleted(obj, fields), SNAPSHOT: full_snapshot(obj)}


@dataclass
class Change:
    label: str
    before: Any
    after: Any


@dataclass
class HistoryRow:
    event: AuditEvent
    label: str
    changes: list[Change]


def _label(event: AuditEvent) -> str:
    subject, _, verb = event.action.partition(".")
    if not verb:
        return ACTIONS.get(subject, event.action)
    return f"{SUBJECTS.get(subject, subject).capitalize()}: {ACTIONS.get(verb, verb)}"


NOTES = {
    "_comment": "комментарий",
    "_step": "куда",
    "_copy": "копия",
    "_from": "скопирован из",
    "_file": "файл",
    "_via": "где",
    "_children": "вложенные планы",
}


def field_label(model: type[models.Model] | None, name: str) -> str:
    """Return how a stored field is called in Russian: its verbose name, or the note's."""
    return _field(model, name)[0]


def _field(model: type[models.Model] | None, name: str) -> tuple[str, dict[Any, str]]:
    """Return a field's label and its choices, to show stored values in Russian."""
    if name in NOTES or model is None:
        return NOTES.get(name, name), {}
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name, {}
    choices = {key: str(label) for key, label in (getattr(field, "choices", None) or [])}
    return str(getattr(field, "verbose_name", name)), choices


def _shown(value: Any, choices: dict[Any, str]) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if value in (None, ""):
        return "—"
    return choices.get(value, value)


def _changes(event: AuditEvent, model: type[models.Model] | None) -> list[Change]:
    rows = []
    for name, value in (event.changes or {}).items():
        if name == SNAPSHOT or isinstance(value, dict):  # for restoring, not for reading
            continue
        if name == COMMENTS and isinstance(value, list):
            texts = [str(c.get("text", ""))[:80] for c in value if isinstance(c, dict)]
            rows.append(Change("удалены комментарии", None, "; ".join(texts) or "—"))
            continue
        label, choices = _field(model, name)
        if isinstance(value, list) and len(value) == 2 and not name.startswith("_"):
            rows.append(Change(label, _shown(value[0], choices), _shown(value[1], choices)))
        elif value not in (None, "", []):
            rows.append(Change(label, None, _shown(value, choices)))
    return rows


def history_rows(events: Iterable[AuditEvent]) -> list[HistoryRow]:
    """Explain audit rows for people: the action in Russian, each field by its label."""
    rows = []
    for event in events:
        model = None
        if event.content_type_id:
            ct = ContentType.objects.get_for_id(event.content_type_id)
            model = apps.get_model(ct.app_label, ct.model) if ct.model_class() else None
        rows.append(HistoryRow(event, _label(event), _changes(event, model)))
    return rows


def history_events(obj: models.Model) -> QuerySet[AuditEvent]:
    """The audit rows of a plan or an activity, newest first: its own rows and those of
    what belongs to it (sections, activities, executions, documents, comments)."""
    key = "plan_ref" if obj._meta.model_name == "plan" else "activity_ref"
    ct = ContentType.objects.get_for_model(obj)
    return (
        AuditEvent.objects.filter(Q(**{key: obj.pk}) | Q(content_type=ct, object_id=str(obj.pk)))
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def history_for(obj: models.Model, *, limit: int = 200) -> list[HistoryRow]:
    """Return the newest `limit` rows of the history of a plan or an activity, explained."""
    return history_rows(history_events(obj)[:limit])


# Rows of history a plan's or an activity's page shows at once. The history is read far
# less often than the page; explaining and drawing a hundred rows was an eighth of the page.
HISTORY_PAGE = 20


def history_page(obj: models.Model, params: Mapping[str, Any], name: str = "history") -> Page:
    """The page `params[name]` of the history of a plan or an activity, newest first, its
    rows explained (`HistoryRow`): a count and one slice, however long the history."""
    page = page_of(history_events(obj), params, name, HISTORY_PAGE)
    page.object_list = history_rows(page.object_list)
    return page
