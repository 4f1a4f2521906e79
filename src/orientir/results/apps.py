from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "orientir.results"
    verbose_name = "Результаты и социальный контекст"
