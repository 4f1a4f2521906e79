from django.urls import path

from orientir.identification import views

urlpatterns = [
    path("schools/<int:school_id>/results/", views.school_results, name="school_results"),
    path("schools/<int:school_id>/risks/", views.school_risks, name="school_risks"),
    path(
        "municipalities/<int:municipality_id>/results/",
        views.municipality_results,
        name="municipality_results",
    ),
    path("regions/<int:region_id>/identification/", views.region_runs, name="region_runs"),
    path("identification/<int:run_id>/", views.run_detail, name="identification_run"),
    path("identification/<int:run_id>/approve/", views.run_approve, name="identification_approve"),
    path("identification/<int:run_id>/pair/", views.run_pair, name="identification_pair"),
]
