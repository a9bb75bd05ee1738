"""互动回应差 (国办秘函〔2019〕19号): the inspection reads the agency's mailbox records — a valid
message unanswered for more than 3 months is a single veto in its next inspection."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest

from gongkai.interaction import services
from gongkai.interaction.models import Box, Message
from gongkai.sitecheck.models import InspectedSite
from gongkai.sitecheck.tasks import run_inspection
from gongkai.testing.site import FakeDNS

from .conftest import NOW


@pytest.mark.django_db
def test_a_message_unanswered_for_over_three_months_is_a_single_veto(servers, agency_tree, make_staff):
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
    box = Box.objects.create(agency=city, name="局长信箱", kinds=["consult"])
    msg, _ = services.submit(
        box,
        {
            "kind": "consult",
            "title": "咨询",
            "content": "请问如何办理？",
            "name": "王五",
            "phone": "13900000000",
            "public_ok": False,
        },
    )
    services.accept(make_staff(city, "agency_admin", username="veto-admin"), msg)
    today = NOW.date()

    def received(day: dt.date) -> None:
        Message.objects.filter(pk=msg.pk).update(received_on=day)

    received(today - timedelta(days=80))  # under 3 months: no veto
    run = run_inspection(site, now=NOW, transport=FakeDNS())
    assert not any("互动回应差" in line for line in run.veto)
    received(today - timedelta(days=95))
    run = run_inspection(site, now=NOW + timedelta(minutes=5), transport=FakeDNS())
    [line] = [line for line in run.veto if "互动回应差" in line]
    assert msg.number in line and "超过3个月未答复" in line
