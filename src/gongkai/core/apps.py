import os
import sys

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "gongkai.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Load the Celery app so that @shared_task functions bind to it (eager in the demo).
        from gongkai import celery  # noqa: F401

        from . import checks  # noqa: F401  (registers the deploy checks)

        # The demo has no Celery worker: run the daily jobs inside the development server.
        if (
            settings.CELERY_TASK_ALWAYS_EAGER
            and "runserver" in sys.argv
            and os.environ.get("RUN_MAIN") == "true"
        ):
            from .scheduler import start

            start()
