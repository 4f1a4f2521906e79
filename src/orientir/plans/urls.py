from django.urls import path

from orientir.plans import views

urlpatterns = [
    path("plans/<int:plan_id>/", views.plan, name="plan"),
    path("activities/<int:activity_id>/", views.activity, name="activity"),
]
