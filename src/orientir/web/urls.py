from django.urls import path

from orientir.web import indicator_views, plan_views, territory_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/layout/", views.layout, name="health-layout"),
    path("regions/<int:region_id>/", territory_views.region, name="region"),
    path(
        "municipalities/<int:municipality_id>/", territory_views.municipality, name="municipality"
    ),
    path("schools/<int:school_id>/", territory_views.school, name="school"),
    path("plans/<int:plan_id>/", plan_views.plan, name="plan"),
    path("plans/<int:plan_id>/roll-over/", plan_views.plan_roll_over, name="plan-roll-over"),
    path("activities/<int:activity_id>/", plan_views.activity, name="activity"),
    path(
        "indicators/<int:indicator_id>/years/<int:start_year>/actual/",
        indicator_views.indicator_actual,
        name="indicator-actual",
    ),
    path(
        "indicators/<int:indicator_id>/source/",
        indicator_views.indicator_source,
        name="indicator-source",
    ),
    path(
        "activities/<int:activity_id>/comments/",
        plan_views.activity_comment,
        name="activity-comment",
    ),
]
