from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "orientir.identification"
    verbose_name = "Идентификация ШНОР и ШНСУ"
