from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "techfluency.accounts"
    label = "accounts"
