from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "orientir.notifications"
    verbose_name = "Уведомления"
