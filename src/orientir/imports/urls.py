from django.urls import path

from orientir.imports import views

urlpatterns = [
    path("", views.upload, name="import-upload"),
    path("<slug:token>/", views.preview, name="import-preview"),
    path("<slug:token>/confirm/", views.confirm, name="import-confirm"),
    path("<slug:token>/cancel/", views.cancel, name="import-cancel"),
]
