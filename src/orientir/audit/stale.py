"""Refuse a save made on an older copy, saying who changed the object meanwhile and what.

Every edit form carries the version of the row it shows. The service that saves it first
claims the next version with one conditional `UPDATE … WHERE version = <the form's>`,
inside its transaction: of two people who loaded the same version, the second finds the
row moved on and gets `StaleEdit` instead of silently writing over the first. The audit row
of a claimed save keeps the version it made, so the refusal can name the saves since.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F
from django.utils import timezone

from orientir.audit.history import field_label
from orientir.audit.models import AuditEvent

# How a refusal names what was edited, by model name.
THIS = {
    "plan": "этот план",
    "section": "этот раздел",
    "activity": "это мероприятие",
    "execution": "это проведение",
    "document": "этот документ",
}
AGAIN = "Ваши изменения не сохранены — проверьте их и сохраните снова."


class StaleEdit(Exception):
    """The row was saved by someone else after the form was loaded; nothing was written."""

    def __init__(self, message: str, *, version: int) -> None:
        super().__init__(message)
        self.message = message
        self.version = version  # the current one: the form carries it for the next try


def claim_version(obj: Any, *, expected: int | None = None) -> int:
    """Move the row of `obj` to its next version if it is still at `expected`.

    Call it inside the transaction of the save, before reading what was stored. `expected`
    is the version the form was loaded with; by default the one `obj` was read with. Return
    the new version (also set on `obj`, so that `obj.save()` keeps it); raise `StaleEdit`
    when the row has moved on.
    """
    expected = obj.version if expected is None else expected
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if not rows.filter(version=expected).update(version=F("version") + 1):
        current = rows.values_list("version", flat=True).first()
        raise StaleEdit(stale_message(obj, expected), version=current or expected)
    obj.version = expected + 1
    return int(obj.version)


def _when(at: Any) -> str:
    local = timezone.localtime(at)
    if local.date() == timezone.localdate():
        return f"в {local:%H:%M}"
    return f"{local:%d.%m.%Y} в {local:%H:%M}"


def stale_message(obj: models.Model, expected: int) -> str:
    """Say who saved `obj` after version `expected`, when, and which fields they changed."""
    this = THIS.get(obj._meta.model_name or "", "эту запись")
    events = list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            version__gt=expected,
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    if not events:
        return f"Пока вы редактировали, {this} изменили. {AGAIN}"
    names = list(dict.fromkeys(e.actor.display_name if e.actor else "кто-то" for e in events))
    verb = "изменил(а)" if len(names) == 1 else "изменили"
    # In the model's order: PostgreSQL's JSON keeps an audit row's keys in an order of its own.
    order = {field.name: i for i, field in enumerate(obj._meta.get_fields())}
    labels = [
        field_label(type(obj), name)
        for event in events
        for name in sorted(event.changes or {}, key=lambda n: order.get(n, len(order)))
        if not name.startswith("_")
    ]
    what = ": " + ", ".join(dict.fromkeys(labels)) if labels else ""
    who = ", ".join(names)
    return f"Пока вы редактировали, {who} {verb} {this} {_when(events[-1].at)}{what}. {AGAIN}"
