from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    name = "orientir.execution"
    verbose_name = "Исполнение и подтверждающие документы"
