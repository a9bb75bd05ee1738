from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """Giving the applicant the information: files with the reply, redaction (区分处理, Art. 37),
    download through the status page, 送达 records (Art. 40)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.delivery"
    verbose_name = "信息送达"
