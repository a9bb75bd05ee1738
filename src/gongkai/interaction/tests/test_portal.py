"""The writer's status page: number + 查询码, the reply, the rating."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.interaction.models import State

pytestmark = pytest.mark.django_db


def status_url(msg):
    return reverse("interaction_portal:status", args=[msg.box.agency.slug, msg.pk])


def test_status_needs_number_and_code(answered):
    msg, code = answered
    other = Client()
    assert other.get(status_url(msg)).status_code == 302
    lookup = reverse("interaction_portal:lookup", args=[msg.box.agency.slug])
    page = other.post(lookup, {"number": msg.number, "code": "WRONG123"}).content.decode()
    assert "留言编号或查询码不正确" in page
    other.post(lookup, {"number": msg.number.lower(), "code": code.lower()})
    page = other.get(status_url(msg)).content.decode()
    assert "户口簿" in page and "提交评价" in page


def test_rating_from_the_status_page_closes(client, answered):
    msg, code = answered
    client.post(
        reverse("interaction_portal:lookup", args=[msg.box.agency.slug]), {"number": msg.number, "code": code}
    )
    page = client.post(
        reverse("interaction_portal:rate", args=[msg.box.agency.slug, msg.pk]),
        {"rating": "基本满意"},
        follow=True,
    ).content.decode()
    msg.refresh_from_db()
    assert msg.state == State.CLOSED and msg.rating == "基本满意" and "感谢您的评价" in page


def test_rating_without_code_changes_nothing(answered):
    msg, _ = answered
    Client().post(
        reverse("interaction_portal:rate", args=[msg.box.agency.slug, msg.pk]), {"rating": "不满意"}
    )
    msg.refresh_from_db()
    assert msg.state == State.ANSWERED and msg.rating == ""


def test_the_message_of_another_agencys_box_is_404_under_this_slug(client, answered, agency_tree):
    msg, code = answered
    url = reverse("interaction_portal:status", args=[agency_tree["other"].slug, msg.pk])
    assert client.get(url).status_code == 404
