"""In-process scheduling for the demo (no Celery worker or beat): the jobs of
``CELERY_BEAT_SCHEDULE`` run at start-up and then at their interval (seconds), in a background
thread of the development server. Production uses Celery beat with the same schedule."""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)
_started = False


_last_run: dict[str, float] = {}


def run_due_jobs(now: float | None = None) -> list[str]:
    """Run every job whose interval has passed since it last ran; returns their names."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    now = time.monotonic() if now is None else now
    ran = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        last = _last_run.get(name)
        if last is not None and now - last < float(entry["schedule"]):
            continue
        _last_run[name] = now
        ran.append(name)
        try:
            import_string(entry["task"])()
        except Exception:
            log.exception("scheduled job %s failed", name)
    return ran


def start(tick_seconds: int = 300) -> None:
    global _started
    if _started:
        return
    _started = True

    def loop() -> None:
        time.sleep(5)  # let the server finish starting
        while True:
            run_due_jobs()
            time.sleep(tick_seconds)

    threading.Thread(target=loop, name="gongkai-scheduler", daemon=True).start()
