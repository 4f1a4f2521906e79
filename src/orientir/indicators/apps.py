from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "orientir.indicators"
    verbose_name = "Целевые показатели"
