from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告 Annual reports"

    def ready(self) -> None:
        from gongkai.disclosure.signals import document_published, document_returned, document_withdrawn

        document_published.connect(_published, dispatch_uid="reports.mark_published")
        document_returned.connect(_returned, dispatch_uid="reports.mark_returned")
        document_withdrawn.connect(_withdrawn, dispatch_uid="reports.mark_withdrawn")


def _published(sender, document, **kwargs) -> None:
    from .services import mark_published

    mark_published(document)


def _returned(sender, document, reason="", **kwargs) -> None:
    from .services import mark_returned

    mark_returned(document, reason)


def _withdrawn(sender, document, **kwargs) -> None:
    from .services import mark_withdrawn

    mark_withdrawn(document)
