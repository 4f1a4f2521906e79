from django.urls import path

from orientir.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
