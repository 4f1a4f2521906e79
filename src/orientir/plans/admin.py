from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest, HttpResponse

from orientir.audit.admin_base import (
    AuditedContentAdmin,
    AuditedInline,
    ReadOnlyAdmin,
)
from orientir.plans.models import Activity, Comment, Plan, PlanTransition, Section


def plan_of(obj: models.Model | None) -> Plan | None:
    """Return the plan `obj` is content of (the plan itself for a plan)."""
    if obj is None or isinstance(obj, Plan):
        return obj
    return getattr(obj, "plan", None)


def is_locked(obj: models.Model | None) -> bool:
    """Whether `obj` is content of a plan whose state keeps its content."""
    plan = plan_of(obj)
    return plan is not None and bool(plan.content_lock)


class PlanContentForm(forms.ModelForm):
    """Refuse to add content to a plan whose state keeps it (under review, approved…)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        plan = cleaned.get("plan") or plan_of(self.instance if self.instance.pk else None)
        if isinstance(plan, Plan) and plan.content_lock:
            raise forms.ValidationError(plan.content_lock)
        return cleaned


class LockedPlanContentAdmin(AuditedContentAdmin):
    """The admin shows the content of a locked plan read-only, as the review left it.

    The review states (`Plan.content_lock`) hold here as everywhere: content changes only in
    a draft or a returned plan, so the admin cannot undo an approval by the back door.
    """

    form = PlanContentForm

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not is_locked(obj) and super().has_delete_permission(request, obj)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        plan = plan_of(obj)
        if request.method == "GET" and plan is not None and plan.content_lock:
            messages.warning(request, plan.content_lock)
        return super().change_view(request, object_id, form_url, extra_context)


class LockedPlanInline(AuditedInline):
    """An inline of plan content: read-only while the plan is locked."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not is_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not is_locked(obj) and super().has_delete_permission(request, obj)


class SectionInline(LockedPlanInline):
    model = Section
    extra = 0
    fields = ["number", "title", "parent", "position"]


@admin.register(Plan)
class PlanAdmin(LockedPlanContentAdmin):
    list_display = ["title", "kind", "municipality", "school", "state", "first_year", "last_year"]
    # Thousands of municipalities in a country make a filter list no one reads: search instead.
    list_filter = ["kind", "state", "region"]
    search_fields = ["title", "municipality__name", "school__short_name"]
    inlines = [SectionInline]
    autocomplete_fields = ["school", "owner", "parent"]
    # The state moves only through review (`plans.review`), with who, when and an audit row.
    readonly_fields = ["state"]


@admin.register(Activity)
class ActivityAdmin(LockedPlanContentAdmin):
    list_display = ["number", "title", "plan", "deadline_text", "deadline_kind", "status"]
    list_filter = ["status", "deadline_kind", "plan__kind"]
    search_fields = ["title", "number"]
    readonly_fields = ["deadline_kind", "deadline_start", "deadline_end", "deadline_recurrence"]
    autocomplete_fields = ["responsible_organisations", "responsible_people"]
    raw_id_fields = ["plan", "section", "implements"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.set_deadline(obj.deadline_text)
        super().save_model(request, obj, form, change)


@admin.register(PlanTransition)
class PlanTransitionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "from_state", "to_state", "actor", "at"]
    list_filter = ["to_state"]
    raw_id_fields = ["plan", "actor"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["plan", "activity", "author", "created_at"]
    raw_id_fields = ["plan", "activity", "execution", "author"]
