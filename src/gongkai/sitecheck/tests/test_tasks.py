"""Scheduled runs are stored; an external link is broken only at its third failure within 36 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gongkai.sitecheck.models import InspectedSite, InspectionRun, trend
from gongkai.sitecheck.report import render_html
from gongkai.sitecheck.tasks import inspect_all_sites, run_inspection
from gongkai.testing.site import FakeDNS

from .conftest import NOW


@pytest.mark.django_db
def test_scheduled_runs_keep_history_and_confirm_external_failures(servers):
    site_server, ext = servers
    site = InspectedSite.objects.create(
        name="示例市民政局",
        start_url=site_server.base + "/",
        config={
            "max_pages": 1,
            "rate": 0,
            "timeout": 1.5,
            "retries": 0,
            "parse_workers": 0,
            "check_images": False,
        },
    )
    dead = ext.base + "/missing"
    broken = []
    for hours in (0, 12, 24):
        run = run_inspection(site, now=NOW + timedelta(hours=hours), transport=FakeDNS())
        broken.append({f.target for f in run.findings.filter(kind="broken_link")})
    assert dead not in broken[0] and dead not in broken[1]
    assert dead in broken[2] and "http://nosuch.invalid/" in broken[2]
    assert site.link_failures.filter(url=dead).count() == 3

    assert InspectionRun.objects.filter(site=site).count() == 3
    chart = trend(site)
    assert len(chart["dates"]) == 3 and chart["series"]["broken_link"] == [0, 0, 2]
    report = site.runs.first().as_report()
    assert report["pages"] == 1 and "不可用链接" in render_html(report)


@pytest.mark.django_db
def test_inspect_all_sites_queues_only_active_sites(monkeypatch):
    InspectedSite.objects.create(name="甲", start_url="http://a.invalid/", active=True)
    InspectedSite.objects.create(name="乙", start_url="http://b.invalid/", active=False)
    queued = []
    monkeypatch.setattr("gongkai.sitecheck.tasks.inspect_site_task.delay", queued.append)
    assert inspect_all_sites() == 1 and len(queued) == 1
