from django.urls import path

from orientir.results import views

urlpatterns = [
    path("results/", views.results_list, name="results_list"),
    path("results/upload/", views.upload, name="results_upload"),
    path("results/templates/<str:kind>.xlsx", views.template, name="results_template"),
]
