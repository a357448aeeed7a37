from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "techfluency.progress"
    label = "progress"
