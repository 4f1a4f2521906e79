from django.urls import path

from orientir.execution import views

urlpatterns = [
    path(
        "documents/<int:document_id>/download/",
        views.document_download,
        name="document-download",
    ),
]
