"""Celery application: Redis in production, in-process (eager) in the demo and tests."""

import logging
import os

from celery import Celery
from celery.signals import task_failure, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

log = logging.getLogger(__name__)


# A worker's tasks log as the background threads do (gongkai.core.background.run_logged):
# start, end with its state, failure with the error's type. Arguments are row ids.
@task_prerun.connect
def _task_started(task_id=None, task=None, args=None, **_kwargs):
    log.info("task start task=%s id=%s args=%r", getattr(task, "name", "?"), task_id, tuple(args or ()))


@task_postrun.connect
def _task_ended(task_id=None, task=None, state=None, **_kwargs):
    log.info("task done task=%s id=%s state=%s", getattr(task, "name", "?"), task_id, state)


@task_failure.connect
def _task_failed(task_id=None, exception=None, sender=None, **_kwargs):
    log.warning(
        "task failed task=%s id=%s error=%s", getattr(sender, "name", "?"), task_id, type(exception).__name__
    )
