from django.urls import path

from orientir.dashboards import calendar_views, indicator_views, views

urlpatterns = [
    path("dashboard/", views.home, name="dashboard"),
    path("dashboard/regions/<int:region_id>/", views.region, name="dashboard-region"),
    path(
        "dashboard/municipalities/<int:municipality_id>/",
        views.municipality,
        name="dashboard-municipality",
    ),
    path("dashboard/schools/<int:school_id>/", views.school, name="dashboard-school"),
    path(
        "dashboard/regions/<int:region_id>/municipalities/",
        views.municipalities,
        name="dashboard-municipalities",
    ),
    path(
        "dashboard/regions/<int:region_id>/indicators/",
        indicator_views.indicators,
        name="dashboard-indicators",
    ),
    path("dashboard/curator/", views.curator, name="dashboard-curator"),
    path("calendar/", calendar_views.month, name="calendar"),
    path("calendar/list/", calendar_views.agenda, name="calendar-list"),
    path("lists/activities/", views.activities, name="dashboard-activities"),
    path("lists/plans/", views.plans, name="dashboard-plans"),
    path("lists/executions/", views.executions, name="dashboard-executions"),
    path("lists/schools/", views.schools, name="dashboard-schools"),
]
