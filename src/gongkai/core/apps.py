from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Load the Celery app so that @shared_task functions bind to it (eager in the demo).
        from gongkai import celery  # noqa: F401
