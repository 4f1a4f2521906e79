from django.urls import path, re_path

from orientir.reports import calendar_views, collection_views, views

FORMAT = r"(?P<fmt>xlsx|docx|pdf)"

urlpatterns = [
    re_path(
        rf"^municipalities/(?P<municipality_id>\d+)/report-(?P<start_year>\d{{4}})\.{FORMAT}$",
        views.municipality_report,
        name="export-report",
    ),
    re_path(rf"^plans/(?P<plan_id>\d+)/document\.{FORMAT}$", views.plan_export, name="export-plan"),
    re_path(
        r"^municipalities/(?P<municipality_id>\d+)/results-analysis\.(?P<fmt>docx|pdf)$",
        views.results_analysis,
        name="export-results-analysis-municipality",
    ),
    re_path(
        r"^schools/(?P<school_id>\d+)/results-analysis\.(?P<fmt>docx|pdf)$",
        views.results_analysis,
        name="export-results-analysis-school",
    ),
    path("regions/<int:region_id>/exports/", views.job_start, name="export-start"),
    path("exports/<int:job_id>/", views.job, name="export-job"),
    path("exports/<int:job_id>/download/", views.job_download, name="export-download"),
    path(
        "municipalities/<int:municipality_id>/model-<int:start_year>/",
        collection_views.model_description,
        name="model-description",
    ),
    path(
        "regions/<int:region_id>/collection-<int:start_year>/",
        collection_views.collection,
        name="collection",
    ),
    path("reporting/", calendar_views.calendar, name="reporting-calendar"),
    path("reporting/new/", calendar_views.duty_new, name="duty-new"),
    path("reporting/<int:duty_id>/", calendar_views.duty, name="duty"),
    path("reporting/<int:duty_id>/hand-in/", calendar_views.duty_hand_in, name="duty-hand-in"),
    path(
        "reporting/handed-in/<int:submission_id>/",
        calendar_views.submission_download,
        name="submission-download",
    ),
]
