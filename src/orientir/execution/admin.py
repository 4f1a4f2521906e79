from django.contrib import admin

from orientir.execution.models import Document, EvidenceRule, Execution


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "number", "date", "title", "file", "url"]


@admin.register(Execution)
class ExecutionAdmin(admin.ModelAdmin):
    list_display = ["activity", "date", "date_text", "participants"]
    raw_id_fields = ["activity"]
    inlines = [DocumentInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "plan", "date", "number"]
    list_filter = ["kind"]
    search_fields = ["title", "number", "text"]
    raw_id_fields = ["plan", "execution"]


@admin.register(EvidenceRule)
class EvidenceRuleAdmin(admin.ModelAdmin):
    list_display = ["activity_type", "document_kind", "min_count", "region"]
    list_filter = ["activity_type", "region"]
