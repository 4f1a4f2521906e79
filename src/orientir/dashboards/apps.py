from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "orientir.dashboards"
    verbose_name = "Сводки"
