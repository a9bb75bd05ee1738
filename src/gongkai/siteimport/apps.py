from django.apps import AppConfig


class SiteimportConfig(AppConfig):
    name = "gongkai.siteimport"
    verbose_name = "网站迁移 Site import"
