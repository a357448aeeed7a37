from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "techfluency.practice"
    label = "practice"
