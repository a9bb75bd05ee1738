"""Login lock-out on django-axes (issue 12 item 5): 5 failures lock for 15 minutes, in the database
(every process sees it), audited, and a security administrator can unlock."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_five_failures_lock_the_account_and_the_lock_is_audited(agency_tree, make_staff, login, settings):
    make_staff(agency_tree["city"], "editor", username="zhang")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _client, response = login("zhang", "wrong", ip="192.0.2.10")
        assert "用户名或密码不正确" in response.content.decode()
    _client, response = login("zhang", "wrong", ip="192.0.2.10")
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    # Locked: the right password from another address is refused too (the username is locked) …
    client, response = login("zhang", ip="192.0.2.99")
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # … and the lock lives in the database, where every worker process sees it.
    assert AccessAttempt.objects.filter(username="zhang", failures_since_start__gte=5).exists()
    failed = AuditEntry.objects.filter(action="登录失败", data__username="zhang")
    assert failed.count() >= 5 and set(failed.values_list("source_ip", flat=True)) >= {"192.0.2.10"}
    locked = AuditEntry.objects.filter(action="账号锁定")
    assert locked.count() == 1 and locked.get().source_ip == "192.0.2.10"
    assert locked.get().agency == agency_tree["city"]


def test_security_administrator_unlocks(agency_tree, make_staff, login, settings, client, enrolled):
    make_staff(agency_tree["city"], "editor", username="zhang")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("zhang", "wrong")
    admin = make_staff(agency_tree["province"], "security_admin", username="anquan")
    enrolled(admin)
    editor = make_staff(agency_tree["province"], "editor", username="bianji")
    client.force_login(editor)
    assert client.get(reverse("staff:lockouts")).status_code == 404
    attempt = AccessAttempt.objects.get(username="zhang")
    assert client.post(reverse("staff:unlock", args=[attempt.pk])).status_code == 404
    client.force_login(admin)
    page = client.get(reverse("staff:lockouts")).content.decode()
    assert "zhang" in page and "解除锁定" in page
    response = client.post(reverse("staff:unlock", args=[attempt.pk]))
    assert response.status_code == 302
    user_client, response = login("zhang")
    assert response.status_code == 302 and "_auth_user_id" in user_client.session
    unlocked = AuditEntry.objects.get(action="解除锁定")
    assert unlocked.actor == admin and "zhang" in unlocked.reason


def test_security_administrator_of_another_tree_sees_no_lock(
    agency_tree, make_staff, login, settings, client, enrolled
):
    make_staff(agency_tree["city"], "editor", username="zhang")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("zhang", "wrong")
    other_admin = make_staff(agency_tree["other"], "security_admin", username="yueyang-anquan")
    enrolled(other_admin)
    client.force_login(other_admin)
    assert "zhang" not in client.get(reverse("staff:lockouts")).content.decode()
    attempt = AccessAttempt.objects.get(username="zhang")
    assert client.post(reverse("staff:unlock", args=[attempt.pk])).status_code == 404
