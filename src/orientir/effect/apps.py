from django.apps import AppConfig


class EffectConfig(AppConfig):
    name = "orientir.effect"
    verbose_name = "Эффект программы"
