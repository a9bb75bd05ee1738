"""``gongkai annual harvest --celery``: the agencies shared out over two Celery workers listening
on the ``harvest`` queue (Redis on 127.0.0.1:6379, a database of its own), the lines gathered by
the command as the in-process harvest writes them. Skipped where Redis is not running."""

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.celery import app
from gongkai.collected.harvest.testing import Region

YEAR = 2025
CLAIM = "gongkai-test-harvest-claim"
SRC = Path(__file__).resolve().parents[3]


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")


def _reconnect() -> None:
    """Forget the connections and result backend made for the settings before (as after a fork)."""
    app._after_fork()
    app._backend_cache = None
    app._local = threading.local()


@pytest.fixture
def broker():
    """A Redis database of this run's own: another suite on the machine running this test at the
    same moment (a second checkout, CI) would otherwise share the queue and take half the tasks."""
    import redis

    for n in range(15, 0, -1):
        db = redis.Redis(host="127.0.0.1", port=6379, db=n)
        if db.set(CLAIM, os.getpid(), nx=True, ex=900):
            try:
                yield f"redis://127.0.0.1:6379/{n}"
            finally:
                db.delete(CLAIM)
                db.close()
            return
    pytest.skip("no free Redis database for the Celery test")


@pytest.fixture
def celery_app(broker):
    old = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=broker, result_backend=broker, task_always_eager=False)
    _reconnect()
    yield app
    app.conf.update(old)
    _reconnect()


@pytest.fixture
def workers(celery_app, broker, tmp_path):
    env = os.environ | {
        "GONGKAI_BROKER": broker,
        "GONGKAI_DEBUG": "1",
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "GONGKAI_HOME": str(tmp_path),
    }
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "gongkai",
                "worker",
                "-Q",
                "harvest",
                "-c",
                "1",
                "-P",
                "solo",
                "-n",
                f"harvest{i}@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "WARNING",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"worker{i}.log").open("w"),
        )  # fmt: skip
        for i in (1, 2)
    ]
    try:
        deadline = time.monotonic() + 60
        queues: dict = {}
        while time.monotonic() < deadline and len(queues) < 2:
            queues = celery_app.control.inspect(timeout=1.0).active_queues() or {}
        if len(queues) < 2:
            pytest.fail("the two Celery workers did not start")
        yield sorted(queues)
    finally:  # never leave a worker behind, whatever happened
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    region = Region.generate(12, YEAR, variants=1, cache=tmp_path_factory.mktemp("files"))
    with region.serve():
        yield region


def test_two_workers_share_the_harvest(region, workers, celery_app, tmp_path):
    chosen = [s for s in region.sites if s.layout != "scanned"]  # OCR is slow and tested elsewhere
    sites = tmp_path / "sites.csv"
    rows = ["机关名称,机关类型,网址"] + [f"{s.name},{s.kind},{region.url(s)}" for s in chosen]
    sites.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    err = io.StringIO()
    call_command(
        "annual", "harvest", str(sites), "--year", str(YEAR), "--rate", "0", "--jsonl", str(out),
        "--celery", stdout=io.StringIO(), stderr=err,
    )  # fmt: skip
    lines = {x["agency"]: x for x in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(lines) == {s.name for s in chosen}
    for spec in chosen:
        assert lines[spec.name]["found"] is spec.found, spec
        assert lines[spec.name]["late"] is spec.late, spec
    stats = celery_app.control.inspect(timeout=2.0).stats() or {}
    done = {
        name: s.get("total", {}).get("gongkai.collected.harvest.harvest_one", 0) for name, s in stats.items()
    }
    assert len(done) == 2 and all(n > 0 for n in done.values()), done  # both workers took agencies
    assert sum(done.values()) == len(chosen)  # each agency once


def test_celery_without_a_broker_is_refused_in_chinese(tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text("机关名称,机关类型,网址\n某局,部门,http://127.0.0.1:9/\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--celery 需要设置 GONGKAI_BROKER"):
        call_command("annual", "harvest", str(sites), "--year", str(YEAR), "--celery", stderr=io.StringIO())
