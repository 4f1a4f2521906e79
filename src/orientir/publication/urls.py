from django.urls import path

from orientir.publication import views

urlpatterns = [
    path("plans/<int:plan_id>/publish/", views.plan_publish, name="plan-publish"),
    path("plans/<int:plan_id>/unpublish/", views.plan_unpublish, name="plan-unpublish"),
    path("<slug:slug>/", views.public_plan, name="public-plan"),
]
