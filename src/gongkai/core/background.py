"""Long work off the request (issue 11, items 16–17): a site inspection, rendering a letter's or a
report's PDF, extracting an attachment's text.

:func:`submit` hands a Celery task over once the current transaction has committed (the task
reads what the request wrote):

- ``celery`` (a broker is configured, production): ``task.delay`` — a worker runs it;
- ``thread`` (no broker: the demo, a single machine): a thread of this process runs it, so the
  page answers at once and the work goes on beside it;
- ``inline`` (the tests): it runs at once, in the caller.

``GONGKAI_BACKGROUND`` chooses; the default follows ``GONGKAI_BROKER``.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import connections, transaction

log = logging.getLogger(__name__)


def mode() -> str:
    return getattr(settings, "GONGKAI_BACKGROUND", "thread")


def run_logged(task, args: tuple):
    """``task(*args)`` with a log line when it starts, ends (with its duration) or fails. Task
    arguments are row ids, never personal data."""
    log.info("task start task=%s args=%r", task.name, args)
    started = time.monotonic()
    try:
        result = task(*args)
    except Exception as exc:
        log.warning(
            "task failed task=%s args=%r seconds=%.2f error=%s",
            task.name,
            args,
            time.monotonic() - started,
            type(exc).__name__,
        )
        raise
    log.info("task done task=%s args=%r seconds=%.2f", task.name, args, time.monotonic() - started)
    return result


def _run(task, args: tuple) -> None:
    try:
        run_logged(task, args)
    except Exception:  # the task records its own failure where the user sees it; the log keeps the rest
        log.exception("后台任务 %s%r 失败", task.name, args)
    finally:
        connections.close_all()  # this thread's own connections


def _thread(task, args: tuple) -> None:
    threading.Thread(target=_run, args=(task, args), name=f"gongkai-{task.name}", daemon=True).start()


def enqueue(task, *args) -> None:
    """``task.delay(*args)``; when the broker cannot be reached (Redis stopped or restarting), the
    work is done in a thread of this process instead of being lost or failing the request."""
    try:
        task.delay(*args)
    except Exception as exc:
        log.warning("任务队列不可用（%s），%s 改在本进程内执行", type(exc).__name__, task.name)
        _thread(task, args)


def submit(task, *args) -> None:
    """Run ``task(*args)`` off the request (see the module docstring)."""
    how = mode()
    log.debug("task submitted task=%s args=%r mode=%s", task.name, args, how)
    if how == "inline":
        run_logged(task, args)
        return

    def start() -> None:
        if how == "celery":
            enqueue(task, *args)
        else:
            _thread(task, args)

    transaction.on_commit(start)
