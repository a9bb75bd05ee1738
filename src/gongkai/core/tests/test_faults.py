"""Faults (issue 12 item 15): the database restarting mid-request, the broker down, a process killed
while writing a file — nothing half-written, nothing silently lost, a clear Chinese answer."""

import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError

from gongkai.core import background
from gongkai.core.storage import AtomicFileSystemStorage
from gongkai.testing.factories import APPLICANT

pytestmark = pytest.mark.django_db


class DiesMidway(ContentFile):
    """Content whose writer is killed after the first chunk (what SIGKILL does to a worker)."""

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.7 first half of the letter"
        raise KeyboardInterrupt("worker killed")


def test_a_file_is_written_whole_or_not_at_all(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(KeyboardInterrupt):
        storage.save("letters/1-2025-0001.pdf", DiesMidway(b""))
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == []  # no half file, no leftover
    name = storage.save("letters/1-2025-0001.pdf", ContentFile(b"%PDF-1.7 whole letter"))
    assert (tmp_path / name).read_bytes() == b"%PDF-1.7 whole letter"
    # Never overwrites: a second file of the same name gets a name of its own.
    other = storage.save("letters/1-2025-0001.pdf", ContentFile(b"another"))
    assert other != name and (tmp_path / name).read_bytes() == b"%PDF-1.7 whole letter"


def test_database_gone_mid_submission_gives_a_chinese_503_and_nothing_written(
    client, agency_tree, monkeypatch
):
    from gongkai.applications import services
    from gongkai.applications.models import Application

    def restarted(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(services, "submit", restarted)
    slug = agency_tree["city"].slug
    response = client.post(f"/{slug}/apply/", APPLICANT | {"token": "t-restart"})
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "系统暂时不可用" in page and "没有保存" in page and "administrator" not in page
    assert not Application.objects.exists()


class FakeTask:
    name = "gongkai.tests.fake"

    def __init__(self):
        self.ran = threading.Event()

    def delay(self, *args):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def __call__(self, *args):
        self.args = args
        self.ran.set()


def test_broker_down_the_task_runs_here_instead_of_being_lost(settings):
    settings.GONGKAI_BACKGROUND = "celery"
    task = FakeTask()
    background.enqueue(task, 42)
    assert task.ran.wait(10) and task.args == (42,)


def test_broker_down_after_commit_the_request_still_succeeds(settings, django_capture_on_commit_callbacks):
    settings.GONGKAI_BACKGROUND = "celery"
    task = FakeTask()
    with django_capture_on_commit_callbacks(execute=True):
        background.submit(task, 7)
    deadline = time.monotonic() + 10
    while not task.ran.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert task.ran.is_set() and task.args == (7,)


def test_database_gone_after_the_view_says_maybe_saved_and_resubmitting_makes_no_duplicate(
    agency_tree, monkeypatch
):
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    from gongkai.applications.models import Application

    client = Client(raise_request_exception=False)
    slug = agency_tree["city"].slug
    original = SessionStore.save

    def gone(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "save", gone)
    response = client.post(f"/{slug}/apply/", APPLICANT | {"token": "t-after"})
    assert response.status_code == 503 and "可能已经保存" in response.content.decode()
    assert Application.objects.filter(idempotency_key="t-after").count() == 1  # the view had committed
    monkeypatch.setattr(SessionStore, "save", original)
    again = client.post(f"/{slug}/apply/", APPLICANT | {"token": "t-after"})
    assert again.status_code == 302
    assert Application.objects.filter(idempotency_key="t-after").count() == 1
