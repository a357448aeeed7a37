from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "techfluency.core"
    label = "core"
