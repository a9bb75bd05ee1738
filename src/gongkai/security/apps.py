from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "gongkai.security"
    verbose_name = "安全（身份鉴别、访问控制）"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import checks, signals  # noqa: F401

        post_migrate.connect(_create_cache_table, sender=self)


def _create_cache_table(using="default", **kwargs) -> None:
    """The database cache's table (the 查询码 lock-out counters when no Redis is configured), made by
    every `gongkai migrate` (no-op when it exists or the cache is Redis)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
