"""Edit forms that carry the version of what they edit, and how a refused save shows on them.

The hidden `version` goes back to the service (`audit.stale.claim_version`). When the save
is refused, the form keeps what the user typed, now carries the current version (so that
saving again after checking succeeds), says who changed what, and lists the fields whose
stored value differs from the user's input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.core.files import File
from django.db import models

from orientir.audit.stale import StaleEdit

VERSION_LOST = "Страница устарела: откройте её заново и внесите изменения ещё раз."


def version_field() -> forms.IntegerField:
    messages = {key: VERSION_LOST for key in ("required", "invalid", "min_value")}
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, error_messages=messages)


def _shown(field: forms.Field | None, value: Any) -> str:
    """Write a value of a form field as a person reads it."""
    if isinstance(value, models.QuerySet | list | tuple | set):
        return ", ".join(sorted(str(v) for v in value)) or "—"
    if isinstance(value, File):
        return value.name or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
    return str(value)


def refuse_stale(form: forms.BaseForm, error: StaleEdit, current: Mapping[str, Any]) -> None:
    """Put the refusal on a valid bound form: the message, the current version, and
    `form.current_values`, the (label, stored value) of each field where they differ."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
    data[form.add_prefix("version")] = str(error.version)
    form.data = data
    form.add_error(None, error.message)
    rows = []
    for name, value in current.items():
        field = form.fields.get(name)
        stored, typed = _shown(field, value), _shown(field, form.cleaned_data.get(name))
        if stored != typed:
            rows.append((str(field.label if field else name), stored))
    form.current_values = rows  # type: ignore[attr-defined]


class VersionedModelForm(forms.ModelForm):
    """A form that edits a row with a `version`, and carries that version; the same form
    creating a new row has nothing to be stale against and goes without it."""

    version = version_field()

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.initial.setdefault("version", self.instance.version)

    @property
    def values(self) -> dict[str, Any]:
        """What the service writes: the cleaned data without the version."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    @property
    def loaded_version(self) -> int | None:
        """The version the form was loaded with; None on a form that creates a row."""
        version = self.cleaned_data.get("version")
        return None if version is None else int(version)

    def save_through(self, update: Callable[..., Any], **target: Any) -> bool:
        """Save with the service `update` (its keyword arguments `values` and `version` come
        from the form, the rest is `target`); return False when the save is refused as
        stale, the refusal then being on the form for the page to show with status 409."""
        try:
            update(values=self.values, version=self.loaded_version, **target)
        except StaleEdit as error:
            self.refuse_stale(error)
            return False
        return True

    def refuse_stale(self, error: StaleEdit) -> None:
        current = type(self.instance)._default_manager.get(pk=self.instance.pk)
        values = {}
        for name in self._meta.fields or []:
            if current._meta.get_field(name).many_to_many:
                values[name] = list(getattr(current, name).all())
            else:
                values[name] = getattr(current, name)
        refuse_stale(self, error, values)
