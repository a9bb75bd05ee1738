from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search of published government information (信息检索)."""

    name = "gongkai.search"
    verbose_name = "全文检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import signals

        post_save.connect(
            signals.document_saved, sender="disclosure.Document", dispatch_uid="search-document-saved"
        )
        post_delete.connect(
            signals.document_deleted, sender="disclosure.Document", dispatch_uid="search-document-deleted"
        )
        post_save.connect(
            signals.attachment_saved, sender="disclosure.Attachment", dispatch_uid="search-attachment-saved"
        )
        from gongkai.disclosure.signals import attachment_text_extracted

        attachment_text_extracted.connect(
            signals.attachment_text_extracted, dispatch_uid="search-attachment-text"
        )
