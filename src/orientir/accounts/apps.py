from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "orientir.accounts"
    verbose_name = "Пользователи и доступ"
