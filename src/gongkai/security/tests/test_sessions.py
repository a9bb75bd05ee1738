"""Idle timeout and logging out everywhere (issue 12 item 8)."""

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.security.signals import SESSION_SEEN

pytestmark = pytest.mark.django_db


def test_idle_session_ends(agency_tree, make_staff, login, settings):
    make_staff(agency_tree["city"], "editor", username="zhang")
    client, _ = login("zhang")
    assert client.get(reverse("staff:documents")).status_code == 200
    session = client.session
    session[SESSION_SEEN] -= settings.GONGKAI_SESSION_IDLE_MINUTES * 60 + 5
    session.save()
    response = client.get(reverse("staff:documents"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("staff:login"))
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="会话超时").count() == 1


def test_recent_activity_keeps_the_session(agency_tree, make_staff, login, settings):
    make_staff(agency_tree["city"], "editor", username="zhang")
    client, _ = login("zhang")
    session = client.session
    session[SESSION_SEEN] -= settings.GONGKAI_SESSION_IDLE_MINUTES * 60 - 60
    session.save()
    assert client.get(reverse("staff:documents")).status_code == 200


def test_logout_ends_every_session_of_the_user(agency_tree, make_staff, login):
    make_staff(agency_tree["city"], "editor", username="zhang")
    office, _ = login("zhang", ip="192.0.2.10")
    home, _ = login("zhang", ip="198.51.100.20")
    assert home.get(reverse("staff:documents")).status_code == 200
    office.post(reverse("staff:logout"))
    response = home.get(reverse("staff:documents"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("staff:login"))
    logout = AuditEntry.objects.get(action="退出登录")
    assert logout.source_ip == "192.0.2.10"
    assert AuditEntry.objects.filter(action="登录").count() == 2
    # A new login after that works (a stale session does not end the new ones).
    again, _ = login("zhang", ip="192.0.2.10")
    assert home.get(reverse("staff:documents")).status_code == 302
    assert again.get(reverse("staff:documents")).status_code == 200
