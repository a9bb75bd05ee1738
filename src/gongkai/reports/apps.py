from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告 Annual reports"

    def ready(self) -> None:
        from gongkai.disclosure.signals import document_published

        document_published.connect(_published, dispatch_uid="reports.mark_published")


def _published(sender, document, **kwargs) -> None:
    from .services import mark_published

    mark_published(document)
