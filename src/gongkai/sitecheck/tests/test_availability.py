"""站点无法访问 over a week (国办秘函〔2019〕19号): ≥ 20 visits a day for 7 days; the site fails
when the visits not opened within 15 seconds reach 5 %."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from django.urls import reverse

from gongkai.sitecheck.availability import assess, probe
from gongkai.sitecheck.models import AvailabilityProbe, InspectedSite
from gongkai.sitecheck.tasks import probe_home, run_inspection
from gongkai.testing.site import FakeDNS

from .conftest import NOW


def week(failures: int, per_day: int = 24, days: int = 7) -> list:
    """Hourly visits over ``days`` days ending at NOW, the first ``failures`` of them failed."""
    visits = (
        [NOW - timedelta(hours=h) for h in range(per_day * days)]
        if per_day == 24
        else [
            NOW - timedelta(days=d, minutes=m * (1440 // per_day))
            for d in range(days)
            for m in range(per_day)
        ]
    )
    return [(at, i >= failures) for i, at in enumerate(sorted(visits))]


def test_five_percent_of_a_watched_week_is_the_threshold():
    assert not assess(week(8), NOW).veto  # 8 of 168 = 4.8 %
    nine = assess(week(9), NOW)  # 9 of 168 = 5.4 %
    assert nine.veto and nine.visits == 168 and "单项否决" in nine.summary()


def test_twenty_visits_a_day_are_enough_and_a_short_week_decides_nothing():
    assert assess(week(7, per_day=20), NOW).veto  # 7 of 140 = 5 %: 超过（含）
    short = assess(week(60, days=5), NOW)  # many failures, but only 5 days watched
    assert not short.veto and not short.complete and "监测不足" in short.summary()


def test_a_probe_opens_within_15_seconds_or_fails():
    def handler(request):
        if request.url.path == "/down":
            return httpx.Response(503)
        if request.url.path == "/slow":
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, text="<html>首页</html>")

    transport = httpx.MockTransport(handler)
    ok = probe("http://site.test/", user_agent="t", transport=transport)
    assert ok.ok and ok.detail == "200"
    assert probe("http://site.test/down", user_agent="t", transport=transport).detail == "HTTP 503"
    slow = probe("http://site.test/slow", user_agent="t", transport=transport)
    assert not slow.ok and "15秒" in slow.detail


@pytest.mark.django_db
def test_a_week_of_failed_visits_is_a_single_veto_in_the_next_inspection(
    servers, client, make_staff, agency_tree
):
    site_server, _ext = servers
    city = agency_tree["city"]
    site = InspectedSite.objects.create(
        agency=city,
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
    AvailabilityProbe.objects.bulk_create(
        AvailabilityProbe(
            site=site, at=at, ok=ok, seconds=0.2 if ok else 15.0, detail="200" if ok else "超时（15秒未打开）"
        )
        for at, ok in week(12)
    )
    row = probe_home(site, now=NOW + timedelta(minutes=30))
    assert row.ok  # the home page opens now; the week still counts
    run = run_inspection(site, now=NOW + timedelta(minutes=31), transport=FakeDNS())
    assert any(line.startswith("站点无法访问") for line in run.veto)
    [finding] = run.findings.filter(kind="site_unreachable")
    assert "15秒内未能打开" in finding.evidence and "国办秘函〔2019〕19号" in finding.indicator
    client.force_login(make_staff(city, "editor", username="site-editor"))
    page = client.get(reverse("staff:sitecheck_site", args=[site.pk])).content.decode()
    assert "首页可用性" in page
