from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "orientir.publication"
    verbose_name = "Публикация планов"
