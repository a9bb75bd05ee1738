import os
import sys

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "gongkai.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Load the Celery app so that @shared_task functions bind to it (eager in the demo).
        from django.db.models.signals import post_migrate

        from gongkai import celery  # noqa: F401

        post_migrate.connect(_create_cache_table, sender=self)
        from . import checks  # noqa: F401  (registers the deploy checks)

        # The demo has no Celery worker: run the daily jobs inside the development server.
        if settings.CELERY_TASK_ALWAYS_EAGER and "runserver" in sys.argv and os.environ.get("RUN_MAIN") == "true":
            from .scheduler import start

            start()


def _create_cache_table(using="default", **kwargs) -> None:
    """The database cache's table (lock-out counters when no Redis is configured), made by migrate."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
