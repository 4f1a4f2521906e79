from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "orientir.demo"
    verbose_name = "Демонстрационный регион"
