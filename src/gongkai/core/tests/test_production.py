"""The production profile: /healthz tells the proxy and the supervisor whether the database, the
cache and the broker answer; static files are served compressed, hashed and cached by WhiteNoise."""

import json
import socket

import pytest
from django.db import OperationalError

from gongkai.core import health

from .test_safe_defaults import PRODUCTION, gongkai

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_everything_answers(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (
        body["status"] == "正常"
        and body["checks"]["database"] == "正常"
        and body["checks"]["cache"] == "正常"
    )
    assert "未配置" in body["checks"]["broker"]
    assert "no-store" in response["Cache-Control"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_is_503_naming_the_broker_when_it_is_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "异常",
        "checks": {"database": "正常", "cache": "正常", "broker": "任务队列不可用"},
    }


def test_healthz_is_503_when_the_database_or_the_cache_fails(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""

    class DeadCursor:
        def __enter__(self):
            raise OperationalError("server closed the connection unexpectedly")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: DeadCursor())
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["database"] == "数据库不可用"
    assert "server closed" not in response.content.decode()  # which part, never why
    monkeypatch.undo()

    class ForgetfulCache:
        def set(self, *a, **k):
            pass

        def get(self, *a, **k):
            return None

        def delete(self, *a, **k):
            pass

    monkeypatch.setattr(health, "cache", ForgetfulCache())
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "缓存不可用"


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


SERVE = """
import json
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
c = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
url = staticfiles_storage.url("gongkai/site.css")
r = c.get(url, HTTP_ACCEPT_ENCODING="gzip", secure=True)
h = c.get("/healthz")
print(json.dumps({"url": url, "status": r.status_code, "cache": r.get("Cache-Control", ""),
                  "encoding": r.get("Content-Encoding", ""), "healthz": h.status_code}))
"""


def test_production_profile_serves_hashed_compressed_static_files_and_healthz_over_plain_http(tmp_path):
    env = PRODUCTION | {"GONGKAI_DEBUG": "0"}
    collected = gongkai(tmp_path, "collectstatic", "--noinput", "-v", "0", **env)
    assert collected.returncode == 0, collected.stderr
    run = gongkai(tmp_path, "shell", "-c", SERVE, **env)
    assert run.returncode == 0, run.stderr
    shown = json.loads(run.stdout.strip().splitlines()[-1])
    assert shown["url"].startswith("/static/gongkai/site.") and shown["url"] != "/static/gongkai/site.css"
    assert shown["status"] == 200 and "immutable" in shown["cache"] and shown["encoding"] == "gzip"
    # The SSL redirect of the production profile spares /healthz (probed over the loopback).
    assert shown["healthz"] in (200, 503)
