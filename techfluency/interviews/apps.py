from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "techfluency.interviews"
    label = "interviews"
