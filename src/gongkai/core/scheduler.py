"""In-process scheduling for the demo (no Celery worker or beat): the daily jobs run at start-up
and then every hour in a background thread of the development server. Production uses Celery beat
(``CELERY_BEAT_SCHEDULE`` in settings)."""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)
_started = False


def run_daily_jobs() -> None:
    from django.conf import settings
    from django.utils.module_loading import import_string

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        try:
            import_string(entry["task"])()
        except Exception:  # noqa: BLE001 - one failing job must not stop the others
            log.exception("scheduled job %s failed", name)


def start(interval_seconds: int = 3600) -> None:
    global _started
    if _started:
        return
    _started = True

    def loop() -> None:
        time.sleep(5)  # let the server finish starting
        while True:
            run_daily_jobs()
            time.sleep(interval_seconds)

    threading.Thread(target=loop, name="gongkai-scheduler", daemon=True).start()
