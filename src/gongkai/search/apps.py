from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search of published government information (信息检索)."""

    name = "gongkai.search"
    verbose_name = "全文检索"
    default_auto_field = "django.db.models.BigAutoField"
