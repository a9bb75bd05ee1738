"""``/healthz``: is this instance able to serve? The database, the cache and the task broker are
each tried (briefly); 200 when all answer, 503 otherwise — for the reverse proxy, the process
supervisor and the monitoring. Says which part failed, never why (no addresses, no messages)."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)
OK = "正常"


def check_database() -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
        cur.fetchone()
    return OK


def check_cache() -> str:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("cache returned another value")
    cache.delete(key)
    return OK


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "未配置（任务在本进程内执行）"
    from kombu import Connection

    with Connection(url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return OK


CHECKS = {
    "database": ("数据库", check_database),
    "cache": ("缓存", check_cache),
    "broker": ("任务队列", check_broker),
}


@never_cache
@require_GET
def healthz(request):
    checks, healthy = {}, True
    for name, (label, check) in CHECKS.items():
        try:
            checks[name] = check()
        except Exception:
            log.exception("健康检查：%s不可用", label)
            checks[name] = f"{label}不可用"
            healthy = False
    return JsonResponse(
        {"status": "正常" if healthy else "异常", "checks": checks},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
