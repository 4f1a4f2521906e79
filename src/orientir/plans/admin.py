from django.contrib import admin

from orientir.audit.admin_base import (
    AuditedContentAdmin,
    AuditedInline,
    ReadOnlyAdmin,
)
from orientir.plans.models import Activity, Comment, Plan, PlanTransition, Section


class SectionInline(AuditedInline):
    model = Section
    extra = 0
    fields = ["number", "title", "parent", "position"]


@admin.register(Plan)
class PlanAdmin(AuditedContentAdmin):
    list_display = ["title", "kind", "municipality", "school", "state", "first_year", "last_year"]
    list_filter = ["kind", "state", "region", "municipality"]
    search_fields = ["title"]
    inlines = [SectionInline]
    autocomplete_fields = ["school", "owner", "parent"]


@admin.register(Activity)
class ActivityAdmin(AuditedContentAdmin):
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
