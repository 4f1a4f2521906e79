"""The admin keeps the rules of the pages: domain data is read-only there, and what staff may
write there (master data, users) is audited like every other change.

Every `admin.py` builds on these classes:

- `ReadOnlyAdmin` / `ReadOnlyInline` — domain data (executions, evidence, results, runs,
  statuses…): shown, never added, changed or deleted, since its services keep locks, history
  and restore, and the admin would bypass them. A POST answers 403.
- `AuditedAdmin` / `AuditedInline` — master data and users: each add or change writes an audit
  row with what changed, in the admin's transaction; nothing is deleted here (a deletion would
  cascade and could not be restored; deactivate or rename instead).
- `AuditedContentAdmin` — content that pages also edit (plans, activities): change only, with
  the audit row; subclasses add their own locks.

A file field is shown as a link to `download_url_name`, the view that checks who may read the
file (files are never served from MEDIA_URL).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from orientir.audit.history import diff, snapshot
from orientir.audit.models import record

FILE_LINK = "file_link"
_PENDING = "_orientir_admin_audit"
# Never copied into the journal: a password hash, or what Django itself stamps on login.
NOT_AUDITED = frozenset({"password", "last_login"})
VIA = "раздел администрирования"  # the note `_via` of a row written from the admin


def _is_file(model: type[models.Model], name: Any) -> bool:
    if not isinstance(name, str):
        return False
    try:
        return isinstance(model._meta.get_field(name), models.FileField)
    except Exception:  # a method or a property of the admin, not a field
        return False


class FileLinks:
    """Show file fields as a link to the download view that checks access."""

    model: type[models.Model]
    download_url_name: str | None = None

    def _with_links(self, names: Any) -> list[Any]:
        return [FILE_LINK if _is_file(self.model, n) else n for n in names]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self._with_links(super().get_fields(request, obj))  # type: ignore[misc]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = self._with_links(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        has_file = any(isinstance(f, models.FileField) for f in self.model._meta.fields)
        return [*fields, FILE_LINK] if has_file and FILE_LINK not in fields else fields

    @admin.display(description="файл")
    def file_link(self, obj: models.Model) -> str:
        names = [f.name for f in obj._meta.fields if isinstance(f, models.FileField)]
        stored = next((getattr(obj, n) for n in names if getattr(obj, n)), None)
        if obj.pk is None or not stored:
            return "—"
        if self.download_url_name is None:
            return str(stored.name).rsplit("/", 1)[-1]
        url = reverse(self.download_url_name, args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, str(stored.name).rsplit("/", 1)[-1])


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(FileLinks, _ReadOnly, admin.ModelAdmin):  # type: ignore[misc]
    """Domain data, to look up: the pages and their services are the only way to change it."""

    actions = None
    # Counting a whole table of the country for «N всего» on every page costs more than the page.
    show_full_result_count = False


class ReadOnlyInline(FileLinks, _ReadOnly, admin.TabularInline):  # type: ignore[misc]
    extra = 0


def audited_fields(model: type[models.Model]) -> list[str]:
    """The fields an admin change is compared on: every editable one but secrets."""
    opts = model._meta
    names = [f.name for f in [*opts.concrete_fields, *opts.many_to_many] if f.editable]
    return [n for n in names if n not in NOT_AUDITED and n != opts.pk.name]


def _where(obj: models.Model) -> dict[str, Any]:
    """Which history pages show the row: a plan's own, an activity's, or its plan's."""
    name = obj._meta.model_name
    plan = obj if name == "plan" else getattr(obj, "plan", None)
    activity = obj if name == "activity" else getattr(obj, "activity", None)
    return {
        "plan": plan if isinstance(plan, models.Model) else None,
        "activity": activity if isinstance(activity, models.Model) else None,
    }


def audit_save(request: HttpRequest, obj: models.Model, before: dict[str, Any] | None) -> None:
    """Write the row of an admin add (`before` None) or change (only if something changed)."""
    after = snapshot(obj, audited_fields(type(obj)))
    if before is None:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "", [])}
        verb = "create"
    else:
        changes, verb = diff(before, after), "update"
        if not changes:
            return
    record(
        actor=request.user,
        action=f"{obj._meta.model_name}.{verb}",
        obj=obj,
        changes={**changes, "_via": VIA},
        **_where(obj),
    )


def stored_snapshot(obj: models.Model) -> dict[str, Any]:
    """What the database holds for `obj` now (the form has already changed the instance)."""
    stored = type(obj)._default_manager.get(pk=obj.pk)
    return snapshot(stored, audited_fields(type(obj)))


class _Audited:
    """Audit rows for the admin's writes; the admin view wraps them in one transaction."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = stored_snapshot(obj) if change else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        setattr(request, _PENDING, (obj, before))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        obj, before = getattr(request, _PENDING)
        audit_save(request, obj, before)  # after many-to-many fields are saved

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Save an inline's rows one by one, each with its audit row."""
        if not getattr(formset, "audited", False):
            super().save_formset(request, form, formset, change)  # type: ignore[misc]
            return
        instances = formset.save(commit=False)  # its inlines delete nothing (can_delete)
        for instance in instances:
            before = stored_snapshot(instance) if instance.pk else None
            instance.save()
            audit_save(request, instance, before)
        formset.save_m2m()


class AuditedAdmin(FileLinks, _Audited, admin.ModelAdmin):  # type: ignore[misc]
    """Master data: added and changed here, each write with its audit row; never deleted."""

    actions = None
    show_full_result_count = False  # as ReadOnlyAdmin


class AuditedContentAdmin(AuditedAdmin):
    """Content the pages edit too: changed here with its audit row, never added or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class AuditedInline(FileLinks, admin.TabularInline):  # type: ignore[misc]
    """Rows edited inside an audited admin; its `save_formset` writes their audit rows."""

    extra = 0
    can_delete = False

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.audited = True  # type: ignore[attr-defined]
        return formset


def audit_password_change(request: HttpRequest, user: Any, response: HttpResponse) -> None:
    """Record that staff set a user's password in the admin (never the password itself)."""
    if request.method == "POST" and response.status_code == 302:
        record(actor=request.user, action="user.password", obj=user, changes={"_via": VIA})
