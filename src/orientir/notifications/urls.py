from django.urls import path

from orientir.notifications import views

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("read/", views.notifications_read, name="notifications-read"),
    path("count/", views.notifications_count, name="notifications-count"),
    path("deleted/", views.deleted, name="notifications-deleted"),
    path("deleted/<int:event_id>/restore/", views.restore, name="notifications-restore"),
]
