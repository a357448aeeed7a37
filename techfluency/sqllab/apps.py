from django.apps import AppConfig


class SqllabConfig(AppConfig):
    name = "techfluency.sqllab"
    label = "sqllab"
