from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "orientir.plans"
    verbose_name = "Планы и мероприятия"
