"""Chinese where staff look on the case page (issue 11 item 13): history lines and outcomes."""

import datetime as dt

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_case_history_reads_in_chinese(client, agency_tree, case_staff, form_data, monkeypatch):
    from django.utils import timezone

    from gongkai.applications import letters, services
    from gongkai.applications.models import Channel

    moment = timezone.make_aware(dt.datetime(2025, 3, 3, 10))
    monkeypatch.setattr(services, "now", lambda: moment)
    h = case_staff["handler"]
    app, _ = services.submit(agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=h)
    services.confirm_receipt(h, app, dt.date(2025, 3, 3))
    letters.draft_reply(h, app, "granted", provided=["《低保资金发放情况》，电子文档"])
    client.force_login(h)
    page = client.get(reverse("staff:application", args=[app.pk])).content.decode()
    history = page[page.index('id="audit"') :]
    assert "确认收到日期" in history and "未确认收到 → 办理中" in history and "起草答复告知书" in history
    assert "— → 草稿" in history
    for code in ("confirm_receipt", "not_received", "running", "draft_reply", ">submit<"):
        assert code not in history


def test_outcomes_are_named_not_coded_in_the_case_events(
    client, agency_tree, case_staff, form_data, monkeypatch, settings, tmp_path
):
    from django.utils import timezone

    from gongkai.applications import letters, services
    from gongkai.applications.models import Channel

    settings.MEDIA_ROOT = tmp_path
    moment = timezone.make_aware(dt.datetime(2025, 3, 3, 10))
    monkeypatch.setattr(services, "now", lambda: moment)
    h = case_staff["handler"]
    app, _ = services.submit(agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=h)
    services.confirm_receipt(h, app, dt.date(2025, 3, 3))
    letters.draft_reply(h, app, "granted", provided=["《低保资金发放情况》，电子文档"])
    letters.sign_reply(case_staff["leader"], app)
    letters.send_reply(h, app, dt.date(2025, 3, 3))
    client.force_login(h)
    page = client.get(reverse("staff:application", args=[app.pk])).content.decode()
    events = page[page.index('id="events"') : page.index('id="audit"')]
    assert "答复告知书（予以公开）" in events and "granted" not in events
