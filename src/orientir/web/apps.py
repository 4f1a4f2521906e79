from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "orientir.web"
    verbose_name = "Веб-интерфейс"
