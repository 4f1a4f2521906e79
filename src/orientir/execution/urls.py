from django.urls import path

from orientir.execution import edit_views, views

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
    path("documents/<int:document_id>/delete/", edit_views.document_delete, name="document-delete"),
]
