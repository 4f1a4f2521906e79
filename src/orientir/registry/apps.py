from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "orientir.registry"
    verbose_name = "Реестр: территории, организации, люди"
