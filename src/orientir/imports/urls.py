from django.urls import path

from orientir.imports import report_views, views

urlpatterns = [
    path("", views.upload, name="import-upload"),
    # Before the token's pattern, which would take «territories» for a token.
    path("territories/", views.territories, name="import-territories"),
    path("<slug:token>/", views.preview, name="import-preview"),
    path("<slug:token>/confirm/", views.confirm, name="import-confirm"),
    path("<slug:token>/cancel/", views.cancel, name="import-cancel"),
    path("<slug:token>/report/", report_views.confirm_report, name="import-report-confirm"),
]
