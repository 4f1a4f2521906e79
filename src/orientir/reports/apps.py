from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "orientir.reports"
    verbose_name = "Документы: отчёты и планы"
