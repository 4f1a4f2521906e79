from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "orientir.backup"
    verbose_name = "Резервные копии"
