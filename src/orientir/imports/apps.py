from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "orientir.imports"
    verbose_name = "Импорт документов"
