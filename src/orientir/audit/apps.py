from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "orientir.audit"
    verbose_name = "Журнал изменений"
