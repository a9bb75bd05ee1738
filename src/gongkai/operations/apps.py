from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "gongkai.operations"
    verbose_name = "运维"
