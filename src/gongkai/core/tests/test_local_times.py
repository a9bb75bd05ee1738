"""One time zone (Asia/Shanghai) on every page, chart and export (issue 11, item 12). The database
keeps UTC; 2026-12-05 17:30 UTC is 2026-12-06 01:30 in Beijing — a different day, so a UTC leak shows."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from gongkai.core.times import local_iso, local_text

pytestmark = pytest.mark.django_db
UTC_EVENING = dt.datetime(2026, 12, 5, 17, 30, tzinfo=dt.UTC)


@pytest.fixture
def run(agency_tree):
    from gongkai.sitecheck.models import InspectedSite, InspectionRun

    site = InspectedSite.objects.create(
        agency=agency_tree["city"], name="随州市民政局门户", start_url="http://127.0.0.1:9/"
    )
    return InspectionRun.objects.create(site=site, started_at=UTC_EVENING, pages=3)


def test_helpers():
    assert local_iso(UTC_EVENING) == "2026-12-06T01:30:00+08:00"
    assert local_text("2026-12-05T17:30:00+00:00") == "2026-12-06 01:30"  # a stamp stored in UTC before
    assert local_text(UTC_EVENING, "%Y%m%d") == "20261206"


def test_site_inspection_chart_report_and_export_name_in_beijing_time(client, run, make_staff, agency_tree):
    from gongkai.sitecheck.models import trend

    assert trend(run.site)["dates"] == ["2026-12-06 01:30"]  # the ECharts axis
    assert run.as_report()["started_at"] == "2026-12-06T01:30:00+08:00"  # the JSON export
    assert str(run).endswith("2026-12-06 01:30")
    client.force_login(make_staff(agency_tree["city"], "agency_admin", username="tz-admin"))
    response = client.get(reverse("staff:sitecheck_export", args=[run.pk, "xlsx"]))
    assert response.status_code == 200
    assert "20261206" in response["Content-Disposition"]


def test_entered_figures_say_when_in_beijing_time():
    from gongkai.reports.forms import FiguresForm
    from gongkai.reports.services import _stamp

    user = SimpleNamespace(display_name="张三", pk=1)
    stamp = _stamp(user, "12")
    assert stamp["at"].endswith("+08:00")
    old = SimpleNamespace(
        entered={
            "licensing": {"value": "12", "by": "张三", "by_id": 1, "at": "2026-12-05T17:30:00.123456+00:00"}
        }
    )
    assert FiguresForm(report=old).fields["licensing"].help_text == "张三 于 2026-12-06 01:30 填报"


def test_feed_dates_carry_beijing_offset(client, workflow, agency_tree):
    from gongkai.disclosure.models import Document

    doc = workflow.publish(agency_tree["city"])
    Document.objects.filter(pk=doc.pk).update(published_at=UTC_EVENING)
    xml = client.get(f"/{agency_tree['city'].slug}/feed/").content.decode()
    assert re.search(r"<pubDate>Sun, 06 Dec 2026 01:30:00 \+0800</pubDate>", xml), xml[:800]
