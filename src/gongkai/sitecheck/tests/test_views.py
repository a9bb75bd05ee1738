import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from gongkai.sitecheck.models import InspectedSite, InspectionFinding, InspectionRun
from gongkai.testing.opened import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_with_runs(agency_tree):
    site = InspectedSite.objects.create(
        agency=agency_tree["city"], name="随州市民政局网站", start_url="http://127.0.0.1:9/"
    )
    for day, broken in ((1, 2), (2, 1)):
        run = InspectionRun.objects.create(
            site=site,
            started_at=dt.datetime(2026, 11, day, 8, tzinfo=dt.UTC),
            finished_at=dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC),
            pages=40,
            links=300,
        )
        for i in range(broken):
            InspectionFinding.objects.create(
                run=run,
                kind="broken_link",
                page="http://127.0.0.1:9/a.html",
                target=f"http://127.0.0.1:9/missing{i}.html",
                evidence="HTTP 404",
                indicator="不可用链接",
            )
        InspectionFinding.objects.create(
            run=run,
            kind="text_error",
            page="http://127.0.0.1:9/b.html",
            target="",
            evidence="“政政”重复：…市政政府…",
            indicator="错别字",
        )
    return site


def test_history_trend_findings_and_exports(client, agency_tree, make_staff, site_with_runs):
    client.force_login(make_staff(agency_tree["city"], "editor", username="ed"))
    listing = client.get(reverse("staff:sitecheck")).content.decode()
    assert "随州市民政局网站" in listing
    page = client.get(reverse("staff:sitecheck_site", args=[site_with_runs.pk])).content.decode()
    assert 'id="trend-data"' in page and "2026-11-01" in page and '"broken_link": [2, 1]' in page
    run = site_with_runs.runs.first()  # newest
    detail = client.get(reverse("staff:sitecheck_run", args=[run.pk])).content.decode()
    assert "不可用链接" in detail and "missing0.html" in detail and "文字错误" in detail
    xlsx = client.get(reverse("staff:sitecheck_export", args=[run.pk, "xlsx"]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    text = " ".join(
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )
    assert "missing0.html" in text and "政政" in text
    pdf = client.get(reverse("staff:sitecheck_export", args=[run.pk, "pdf"]))
    pdf_seen = pdf_text(b"".join(pdf.streaming_content))
    assert "missing0.html" in pdf_seen and "政政" in pdf_seen


def test_other_agencies_get_404_and_supervisors_read_only(client, agency_tree, make_staff, site_with_runs):
    run = site_with_runs.runs.first()
    client.force_login(make_staff(agency_tree["other"], "agency_admin", username="other"))
    for url in (
        reverse("staff:sitecheck_site", args=[site_with_runs.pk]),
        reverse("staff:sitecheck_run", args=[run.pk]),
        reverse("staff:sitecheck_export", args=[run.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("staff:sitecheck_run_now", args=[site_with_runs.pk])).status_code == 404
    assert "随州市民政局网站" not in client.get(reverse("staff:sitecheck")).content.decode()
    client.force_login(make_staff(agency_tree["province"], "supervisor", username="sup"))
    assert client.get(reverse("staff:sitecheck_run", args=[run.pk])).status_code == 200
    assert client.post(reverse("staff:sitecheck_run_now", args=[site_with_runs.pk])).status_code == 404


def test_admin_adds_a_site_and_runs_it_now(client, agency_tree, make_staff, monkeypatch):
    calls = []

    def fake_inspection(site, **kwargs):  # no crawl in this test: record the call, store an empty run
        calls.append(site.pk)
        return InspectionRun.objects.create(site=site, started_at=dt.datetime.now(dt.UTC), pages=1)

    monkeypatch.setattr("gongkai.sitecheck.tasks.run_inspection", fake_inspection)
    client.force_login(make_staff(agency_tree["city"], "agency_admin", username="adm"))
    page = client.post(reverse("staff:sitecheck"), {"name": "", "start_url": "not a url"}).content.decode()
    assert "请填写网站名称" in page and "请填写有效的网址" in page
    client.post(reverse("staff:sitecheck"), {"name": "门户", "start_url": "http://127.0.0.1:9/"})
    site = InspectedSite.objects.get(name="门户")
    assert site.agency == agency_tree["city"]
    client.post(reverse("staff:sitecheck_run_now", args=[site.pk]))
    assert calls == [site.pk]


def test_demo_scheduler_runs_each_job_at_its_interval(monkeypatch):
    from django.conf import settings

    from gongkai.core import scheduler

    done = []
    monkeypatch.setattr(
        settings,
        "CELERY_BEAT_SCHEDULE",
        {
            "hourly": {"task": "gongkai.sitecheck.tests.test_views.job_hourly", "schedule": 3600.0},
            "twice-a-day": {"task": "gongkai.sitecheck.tests.test_views.job_daily", "schedule": 43200.0},
        },
    )
    monkeypatch.setattr(scheduler, "_last_run", {})
    monkeypatch.setattr("gongkai.sitecheck.tests.test_views.DONE", done)
    assert scheduler.run_due_jobs(0) == ["hourly", "twice-a-day"]
    assert scheduler.run_due_jobs(1800) == []
    assert scheduler.run_due_jobs(3600) == ["hourly"]
    assert scheduler.run_due_jobs(43200) == ["hourly", "twice-a-day"]
    assert done == ["h", "d", "h", "h", "d"]


DONE: list = []


def job_hourly():
    DONE.append("h")


def job_daily():
    DONE.append("d")


def test_run_now_answers_at_once_and_the_run_page_shows_progress_then_the_result(
    client, agency_tree, make_staff, settings, monkeypatch, servers, django_capture_on_commit_callbacks
):
    """立即检查 no longer crawls inside the request: the click queues the run (a worker, or a thread
    of the demo server, runs it) and lands on the run's page with a progress bar that htmx polls;
    without JavaScript the page refreshes itself and shows the result once the run has ended."""
    from gongkai.sitecheck.models import RunStatus
    from gongkai.sitecheck.tasks import inspect_site_task

    site_server, _ext = servers
    site = InspectedSite.objects.create(
        agency=agency_tree["city"],
        name="示例市民政局",
        start_url=site_server.base + "/",
        config={
            "max_pages": 20,
            "rate": 0,
            "timeout": 1.5,
            "retries": 0,
            "parse_workers": 0,
            "check_external": False,
        },
    )
    settings.GONGKAI_BACKGROUND = "celery"
    queued = []
    monkeypatch.setattr(inspect_site_task, "delay", lambda *args: queued.append(args))
    client.force_login(make_staff(agency_tree["city"], "agency_admin", username="adm"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:sitecheck_run_now", args=[site.pk]))
    run = site.runs.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "staff:sitecheck_run", args=[run.pk]
    )
    assert run.status == RunStatus.QUEUED and queued == [(site.pk, run.pk)] and run.findings.count() == 0

    page = client.get(response["Location"]).content.decode()
    progress_url = reverse("staff:sitecheck_run_progress", args=[run.pk])
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 1s"' in page
    assert "gongkai/htmx.min.js" in page and '<meta http-equiv="refresh" content="5">' in page
    assert "<progress" in page and "等待开始检查" in page and "自查报告 XLSX" not in page

    again = client.post(reverse("staff:sitecheck_run_now", args=[site.pk]), follow=True)
    assert "该网站正在检查中" in again.content.decode() and site.runs.count() == 1 and len(queued) == 1

    InspectionRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, checked=3, found=12)
    fragment = client.get(progress_url)
    assert "已检查 <strong>3</strong> 个网址，已发现 12 个" in fragment.content.decode()
    assert 'value="25"' in fragment.content.decode() and "HX-Refresh" not in fragment

    inspect_site_task(site.pk, run.pk)  # what the worker does
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.pages > 1 and run.checked == run.found > 1
    assert client.get(progress_url)["HX-Refresh"] == "true"
    page = client.get(reverse("staff:sitecheck_run", args=[run.pk])).content.decode()
    assert "hx-get" not in page and "自查报告 XLSX" in page and f"检查页面 {run.pages} 个" in page
