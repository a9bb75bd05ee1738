"""Two-factor authentication for staff (issue 12 item 8): TOTP with recovery codes; mandatory for
administrators and reviewers; demo accounts not forced outside production."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from gongkai.agencies.models import User
from gongkai.audit.models import AuditEntry
from gongkai.security.views import PENDING_KEY

pytestmark = pytest.mark.django_db


def test_shipped_default_forces_administrators_and_reviewers():
    import gongkai.settings as shipped

    assert {"agency_admin", "reviewer", "system_admin", "security_admin", "audit_admin"} <= set(
        shipped.GONGKAI_OTP_REQUIRED_ROLES
    )


def test_reviewer_without_authenticator_must_enrol_first(agency_tree, make_staff, client):
    client.force_login(make_staff(agency_tree["city"], "reviewer", username="shenhe"))
    response = client.get(reverse("staff:documents"))
    assert response.status_code == 302 and response["Location"] == reverse("staff:otp_setup")
    editor = make_staff(agency_tree["city"], "editor", username="bianji")
    client.force_login(editor)
    assert client.get(reverse("staff:documents")).status_code == 200


def test_demo_accounts_are_not_forced_outside_production(agency_tree, make_staff, login):
    user = make_staff(agency_tree["city"], "agency_admin", "reviewer", username="demo-admin")
    User.objects.filter(pk=user.pk).update(is_demo_account=True)
    client, response = login("demo-admin")
    assert response.status_code == 302 and response["Location"] == reverse("staff:dashboard")
    assert client.get(reverse("staff:documents")).status_code == 200


def test_enrolment_shows_qr_and_secret_then_recovery_codes(agency_tree, make_staff, client):
    user = make_staff(agency_tree["city"], "agency_admin", username="guanli")
    client.force_login(user)
    page = client.get(reverse("staff:otp_setup")).content.decode()
    assert "<svg" in page and 'id="otp-secret"' in page
    key = client.session[PENDING_KEY]
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    import base64

    assert base64.b32decode(secret) == bytes.fromhex(key)
    wrong = client.post(reverse("staff:otp_setup"), {"token": "000000"}).content.decode()
    assert "动态口令不正确" in wrong
    code = f"{TOTP(bytes.fromhex(key)).token():06d}"
    page = client.post(reverse("staff:otp_setup"), {"token": code}).content.decode()
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", page)
    assert len(codes) == 10 and "只显示这一次" in page
    assert client.get(reverse("staff:documents")).status_code == 200
    assert AuditEntry.objects.filter(action="启用双因素认证", actor=user).exists()


def test_login_asks_for_the_code_and_counts_wrong_codes(agency_tree, make_staff, login, enrolled, settings):
    user = make_staff(agency_tree["city"], "agency_admin", username="guanli")
    code = enrolled(user)
    client, response = login("guanli")
    assert response["Location"] == reverse("staff:login_otp")
    assert "_auth_user_id" not in client.session  # no session before the second factor
    assert client.get(reverse("staff:documents")).status_code == 302
    page = client.post(reverse("staff:login_otp"), {"token": "123456"}).content.decode()
    assert "动态口令或恢复码不正确" in page and "_auth_user_id" not in client.session
    response = client.post(reverse("staff:login_otp"), {"token": code()})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("staff:documents")).status_code == 200
    assert AuditEntry.objects.filter(action="登录失败", reason="动态口令或恢复码错误").count() == 1

    # Guessing codes locks the account like wrong passwords do.
    guesser, _ = login("guanli", ip="203.0.113.5")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = guesser.post(reverse("staff:login_otp"), {"token": "000000"})
    assert response.status_code == 429
    assert guesser.post(reverse("staff:login_otp"), {"token": code()}).status_code == 429
    assert "_auth_user_id" not in guesser.session


def test_a_recovery_code_works_once(agency_tree, make_staff, login, enrolled):
    user = make_staff(agency_tree["city"], "agency_admin", username="guanli")
    enrolled(user)
    recovery = enrolled.codes[0]
    client, _ = login("guanli")
    assert client.post(reverse("staff:login_otp"), {"token": recovery}).status_code == 302
    assert AuditEntry.objects.filter(action="使用恢复码", actor=user).exists()
    again = Client(REMOTE_ADDR="192.0.2.10")
    login("guanli", client=again)
    page = again.post(reverse("staff:login_otp"), {"token": recovery}).content.decode()
    assert "动态口令或恢复码不正确" in page
