from django.urls import path

from orientir.registry import views

urlpatterns = [
    path("regions/<int:region_id>/", views.region, name="region"),
    path("municipalities/<int:municipality_id>/", views.municipality, name="municipality"),
    path("schools/<int:school_id>/", views.school, name="school"),
]
