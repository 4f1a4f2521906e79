from django.urls import path

from orientir.effect import views

urlpatterns = [
    path("regions/<int:region_id>/effect/", views.region_effect, name="region_effect"),
    path(
        "municipalities/<int:municipality_id>/effect/",
        views.municipality_effect,
        name="municipality_effect",
    ),
    path("schools/<int:school_id>/effect/", views.school_effect, name="school_effect"),
]
