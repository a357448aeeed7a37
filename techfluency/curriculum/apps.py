from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "techfluency.curriculum"
    label = "curriculum"
