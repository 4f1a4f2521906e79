from django.urls import path

from orientir.execution import edit_views, rule_views, views

urlpatterns = [
    path(
        "documents/<int:document_id>/download/",
        views.document_download,
        name="document-download",
    ),
    path(
        "activities/<int:activity_id>/executions/new/",
        edit_views.execution_new,
        name="execution-new",
    ),
    path("executions/<int:execution_id>/edit/", edit_views.execution_edit, name="execution-edit"),
    path(
        "executions/<int:execution_id>/delete/",
        edit_views.execution_delete,
        name="execution-delete",
    ),
    path(
        "executions/<int:execution_id>/documents/new/",
        edit_views.document_new,
        name="document-new",
    ),
    path("documents/<int:document_id>/edit/", edit_views.document_edit, name="document-edit"),
    path("documents/<int:document_id>/delete/", edit_views.document_delete, name="document-delete"),
    path("evidence-rules/", rule_views.evidence_rules, name="evidence-rules"),
    path(
        "evidence-rules/<slug:activity_type>/edit/",
        rule_views.evidence_rule_edit,
        name="evidence-rule-edit",
    ),
    path(
        "evidence-rules/<slug:activity_type>/reset/",
        rule_views.evidence_rule_reset,
        name="evidence-rule-reset",
    ),
]
