from django.apps import AppConfig


class CollectedConfig(AppConfig):
    name = "gongkai.collected"
    verbose_name = "收集的年度报告 Reports read from other agencies"
