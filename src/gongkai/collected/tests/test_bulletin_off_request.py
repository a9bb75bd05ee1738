"""The 通报 PDF is typeset off the request (WeasyPrint: ~80 s for 1,000 agencies): asked for by a
POST, rendered by a background task, kept, then downloaded; one rendering at a time; a failure
said in Chinese on the page; another region's supervisor never gets it; GET writes nothing."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Role, User
from gongkai.audit.models import AuditEntry
from gongkai.collected import bulletin as bulletin_module
from gongkai.collected.models import BulletinFile
from gongkai.collected.tasks import render_bulletin_task
from gongkai.collected.tests import test_supervision as base
from gongkai.collected.tests.test_supervision import PASSWORD, YEAR

region = base.region  # the same region of agencies and harvested reports (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def queued(settings, monkeypatch):
    """Background work as in production (a worker): remember what was queued instead of running it."""
    settings.GONGKAI_BACKGROUND = "celery"
    calls = []
    monkeypatch.setattr(render_bulletin_task, "delay", lambda *args: calls.append(args))
    return calls


def _page(client, **params):
    return client.get(reverse("staff:collected_supervision"), {"year": YEAR, **params}).content.decode()


def _ask(client, capture):
    with capture(execute=True):
        return client.post(f"{reverse('staff:collected_supervision_bulletin')}?year={YEAR}", follow=True)


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join((p.extract_text() or "") for p in pdf.pages).replace("\n", "")


def test_the_request_only_queues_and_the_page_shows_progress_then_the_link(
    client, region, queued, django_capture_on_commit_callbacks
):
    client.login(username="sup", password=PASSWORD)
    assert "生成通报PDF</button>" in _page(client)
    page = _ask(client, django_capture_on_commit_callbacks).content.decode()
    job = BulletinFile.objects.get(region=region["mine"], year=YEAR)
    assert queued == [(job.pk, 1)] and job.state == "running" and not job.file  # nothing typeset yet
    assert "正在生成" in page and "下载通报 PDF" not in page
    url = reverse("staff:collected_supervision_pdf")
    assert client.get(url, {"year": YEAR}).status_code == 404  # no half file is ever served

    page = _ask(client, django_capture_on_commit_callbacks).content.decode()  # asked again meanwhile
    assert queued == [(job.pk, 1)]  # no second rendering
    assert "通报PDF正在生成" in page

    status = reverse("staff:collected_supervision_bulletin_status")
    assert client.get(status, {"year": YEAR}).json() == {"state": "running"}  # what the page's script asks
    assert render_bulletin_task(job.pk, 1) is True  # what the worker does
    assert client.get(status, {"year": YEAR}).json() == {"state": "done"}
    page = _page(client)
    assert "正在生成" not in page and "下载通报 PDF" in page and "个机关，生成于" in page
    response = client.get(url, {"year": YEAR})
    text = _pdf_text(b"".join(response.streaming_content))
    assert "检查情况的通报" in text and "平台外逾期局" in text and "勾稽规则1" in text
    assert render_bulletin_task(job.pk, 1) is False  # a repeated message changes nothing
    assert AuditEntry.objects.filter(action="生成年报检查通报", agency=region["mine"]).count() == 1
    assert AuditEntry.objects.get(action="导出年报检查", reason="通报 PDF").actor == region["sup"]


def test_a_failure_is_said_in_chinese_and_can_be_asked_again(
    client, region, queued, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(b):
        raise RuntimeError("weasyprint exploded")

    monkeypatch.setattr(bulletin_module, "bulletin_pdf", broken)
    client.login(username="sup", password=PASSWORD)
    _ask(client, django_capture_on_commit_callbacks)
    job = BulletinFile.objects.get(region=region["mine"], year=YEAR)
    assert render_bulletin_task(job.pk, 1) is False
    page = _page(client)
    assert "通报PDF生成失败" in page and "生成通报PDF时出错" in page and "weasyprint" not in page
    assert "重新生成通报PDF</button>" in page

    from gongkai.rules.annual.render.layout import ReportError

    def no_font(b):
        raise ReportError("系统未安装中文字体（如 Debian 的 fonts-noto-cjk），无法生成 PDF")

    monkeypatch.setattr(bulletin_module, "bulletin_pdf", no_font)
    _ask(client, django_capture_on_commit_callbacks)
    assert queued[-1] == (job.pk, 2)
    render_bulletin_task(job.pk, 2)
    assert "系统未安装中文字体" in _page(client)


def test_a_lost_worker_can_be_replaced_and_its_late_result_is_dropped(
    client, region, queued, django_capture_on_commit_callbacks
):
    client.login(username="sup", password=PASSWORD)
    _ask(client, django_capture_on_commit_callbacks)
    job = BulletinFile.objects.get()
    BulletinFile.objects.filter(pk=job.pk).update(requested_at=timezone.now() - dt.timedelta(hours=1))
    assert "上次生成通报PDF未完成" in _page(client)
    _ask(client, django_capture_on_commit_callbacks)
    assert queued == [(job.pk, 1), (job.pk, 2)]
    assert render_bulletin_task(job.pk, 1) is False  # the lost one, finishing late: not kept
    assert BulletinFile.objects.get().state == "running"
    assert render_bulletin_task(job.pk, 2) is True


def test_scoped_to_the_supervisors_own_region_and_get_writes_nothing(client, region):
    other = User.objects.create_user(
        "sup2", password=PASSWORD, agency=region["child"], roles=[Role.SUPERVISOR], full_name="下级"
    )
    client.login(username="sup", password=PASSWORD)
    _page(client)
    assert client.get(reverse("staff:collected_supervision_bulletin"), {"year": YEAR}).status_code == 405
    assert not BulletinFile.objects.exists()  # neither the page nor a GET of the action asks for it
    client.post(f"{reverse('staff:collected_supervision_bulletin')}?year={YEAR}")  # inline in tests
    assert BulletinFile.objects.get().state == "done"
    client.force_login(other)  # a supervisor of another region (here: below) sees only their own
    assert client.get(reverse("staff:collected_supervision_pdf"), {"year": YEAR}).status_code == 404
    assert "下载通报 PDF" not in _page(client)
    status = reverse("staff:collected_supervision_bulletin_status")
    assert client.get(status, {"year": YEAR}).json() == {"state": "none"}  # not theirs
    client.force_login(User.objects.get(username="editor"))
    assert client.post(f"{reverse('staff:collected_supervision_bulletin')}?year={YEAR}").status_code == 403
    assert BulletinFile.objects.count() == 1
