"""Password policy (issue 12 item 8): length, classes, not the username, history of 5, change at
first login and after 90 days."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import User
from gongkai.rules.passwords import character_classes, problems

pytestmark = pytest.mark.django_db


def test_policy_rules():
    assert character_classes("abcDEF123!") == 4 and character_classes("abcdef-ghij") == 2
    assert problems("Short1!", "zhang") == ["密码至少12位。"]
    assert problems("alllowercase-letters", "zhang") == [
        "密码须包含大写字母、小写字母、数字、符号中的至少3类。"
    ]
    assert problems("Zhang-2025-abc", "zhang") == ["密码不能包含用户名。"]
    assert problems("Gnahz-2025-abc", "zhang") == ["密码不能包含用户名。"]
    assert problems("Quiet-River-2025", "zhang") == []


def _change(client, old, new):
    return client.post(
        reverse("staff:password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_password_change_enforces_policy_and_history(agency_tree, make_staff, client, settings):
    user = make_staff(agency_tree["city"], "editor", username="zhang")
    client.force_login(user)
    page = _change(client, "correct-horse-battery", "short").content.decode()
    assert "密码至少12位" in page
    page = _change(client, "correct-horse-battery", "zhang-zhang-2025").content.decode()
    assert "不能包含用户名" in page
    assert "至少3类" in _change(client, "correct-horse-battery", "onlylowercaseletters").content.decode()
    assert User.objects.get(pk=user.pk).check_password("correct-horse-battery")
    passwords = ["correct-horse-battery"] + [f"Quiet-River-{n}" for n in range(2020, 2026)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        response = _change(client, old, new)
        assert response.status_code == 302, response.content.decode()
    current = passwords[-1]
    # The last 5 passwords (the current one included) are refused; the one before them is allowed.
    for reused in passwords[-5:]:
        assert "最近5次" in _change(client, current, reused).content.decode(), reused
    assert _change(client, current, passwords[-6]).status_code == 302


def test_first_login_forces_a_password_change(agency_tree, make_staff, client):
    user = make_staff(agency_tree["city"], "editor", username="zhang")
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    client.force_login(user)
    response = client.get(reverse("staff:documents"))
    assert response.status_code == 302 and response["Location"] == reverse("staff:password_change")
    assert _change(client, "correct-horse-battery", "Quiet-River-2025").status_code == 302
    assert client.get(reverse("staff:documents")).status_code == 200
    assert not User.objects.get(pk=user.pk).must_change_password


def test_password_expires_after_the_configured_days(agency_tree, make_staff, client, settings):
    user = make_staff(agency_tree["city"], "editor", username="zhang")
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    client.force_login(user)
    assert client.get(reverse("staff:dashboard"))["Location"] == reverse("staff:password_change")
    settings.GONGKAI_PASSWORD_MAX_AGE_DAYS = 120
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_an_account_made_by_the_system_administrator_changes_its_password_first(agency_tree, admin_client):
    response = admin_client.post(
        reverse("admin:agencies_user_add"),
        {
            "username": "xinren",
            "password1": "Quiet-River-2025",
            "password2": "Quiet-River-2025",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="xinren").must_change_password
