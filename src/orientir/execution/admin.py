"""Executions and evidence in the admin, to look up: their pages write, audit and restore them."""

from django.contrib import admin

from orientir.audit.admin_base import ReadOnlyAdmin, ReadOnlyInline
from orientir.execution.models import Document, EvidenceRule, Execution

DOWNLOAD = "document-download"  # checks that the reader may see the document


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["kind", "number", "date", "title", "file", "url"]
    download_url_name = DOWNLOAD


@admin.register(Execution)
class ExecutionAdmin(ReadOnlyAdmin):
    list_display = ["activity", "date", "date_text", "participants"]
    raw_id_fields = ["activity"]
    inlines = [DocumentInline]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "plan", "date", "number"]
    list_filter = ["kind"]
    search_fields = ["title", "number", "text"]
    raw_id_fields = ["plan", "execution"]
    download_url_name = DOWNLOAD


@admin.register(EvidenceRule)
class EvidenceRuleAdmin(ReadOnlyAdmin):
    list_display = ["activity_type", "document_kind", "min_count", "region"]
    list_filter = ["activity_type", "region"]
