from django.urls import path, re_path

from orientir.reports import views

FORMAT = r"(?P<fmt>xlsx|docx|pdf)"

urlpatterns = [
    re_path(
        rf"^municipalities/(?P<municipality_id>\d+)/report-(?P<start_year>\d{{4}})\.{FORMAT}$",
        views.municipality_report,
        name="export-report",
    ),
    re_path(
        r"^regions/(?P<region_id>\d+)/report-(?P<start_year>\d{4})\.xlsx$",
        views.region_report,
        name="export-region-report",
    ),
    re_path(rf"^plans/(?P<plan_id>\d+)/document\.{FORMAT}$", views.plan_export, name="export-plan"),
    path("regions/<int:region_id>/exports/", views.job_start, name="export-start"),
    path("exports/<int:job_id>/", views.job, name="export-job"),
    path("exports/<int:job_id>/download/", views.job_download, name="export-download"),
]
