"""The 接口令牌 staff page and token service: only the agency's administrator, only its own agency's
tokens, shown once, stored hashed, roles limited to what the write API needs, audited."""

import hashlib
import re

import pytest

from gongkai.api.models import ApiToken
from gongkai.audit.models import AuditEntry

from .write_kit import make_token

pytestmark = pytest.mark.django_db

PAGE = "/staff/api-tokens/"


@pytest.fixture
def city_admin(agency_tree, make_staff, client):
    admin = make_staff(agency_tree["city"], "agency_admin", username="city-admin")
    client.force_login(admin)
    return admin


def test_admin_creates_a_token_shown_once_and_stored_hashed(client, city_admin):
    r = client.post(
        PAGE + "new/", {"name": "公文交换系统", "roles": ["editor", "handler"], "expires_in_days": "30"}
    )
    assert r.status_code == 302
    page = client.get(PAGE).content.decode()
    plain = re.search(r'value="(gk_[0-9a-f]{8}_[^"]+)"', page).group(1)
    assert "此令牌只显示这一次" in page
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(plain.encode()).hexdigest() and plain not in str(token.__dict__)
    assert token.roles == ["editor", "handler"] and token.expires_at is not None
    assert token.account.agency == city_admin.agency and not token.account.has_usable_password()
    # The next visit no longer shows it.
    assert plain not in client.get(PAGE).content.decode()
    # Creation audited with the admin as actor.
    entry = AuditEntry.objects.get(action="api_token_create")
    assert entry.actor == city_admin and plain not in str(entry.data)


def test_form_errors_are_chinese_and_publishing_roles_refused(client, city_admin):
    r = client.post(PAGE + "new/", {"name": "", "roles": [], "expires_in_days": "90"})
    text = r.content.decode()
    assert r.status_code == 400 and "请填写令牌用途" in text and "请至少选择一个角色" in text
    r = client.post(PAGE + "new/", {"name": "x", "roles": ["agency_admin"], "expires_in_days": "90"})
    assert r.status_code == 400 and "角色“agency_admin”不能授予接口令牌" in r.content.decode()
    from django.core.exceptions import ValidationError

    from gongkai.api import tokens

    with pytest.raises(ValidationError, match="接口令牌只能持有"):
        tokens.create_token(city_admin, "x", ["reviewer"], 0)
    assert not ApiToken.objects.exists()


def test_only_the_agency_admin_manages_tokens(client, agency_tree, make_staff):
    editor = make_staff(agency_tree["city"], "editor", username="city-ed")
    client.force_login(editor)
    assert client.get(PAGE).status_code == 403
    assert (
        client.post(PAGE + "new/", {"name": "x", "roles": ["editor"], "expires_in_days": "0"}).status_code
        == 403
    )
    assert not ApiToken.objects.exists()


def test_an_admin_cannot_see_or_revoke_another_agencys_token(client, agency_tree, make_staff, city_admin):
    theirs, _ = make_token(make_staff, agency_tree["other"], "editor", name="岳阳公文系统")
    assert "岳阳公文系统" not in client.get(PAGE).content.decode()
    r = client.post(f"{PAGE}{theirs.pk}/revoke/")
    assert r.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None and theirs.account.is_active


def test_revocation_is_audited_and_the_account_disabled(client, agency_tree, make_staff, city_admin):
    own, _ = make_token(make_staff, agency_tree["city"], "editor")
    r = client.post(f"{PAGE}{own.pk}/revoke/", follow=True)
    assert "已吊销令牌“公文系统”" in r.content.decode()
    own.refresh_from_db()
    assert own.revoked_at and own.revoked_by == city_admin and not own.account.is_active
    entry = AuditEntry.objects.get(action="api_token_revoke")
    assert entry.actor == city_admin and entry.to_state == "已吊销"
    r = client.post(f"{PAGE}{own.pk}/revoke/", follow=True)
    assert "该令牌已经吊销" in r.content.decode()


def test_the_token_account_cannot_sign_in(client, agency_tree, make_staff):
    token, plain = make_token(make_staff, agency_tree["city"], "editor")
    assert not client.login(username=token.account.username, password=plain)
    assert not client.login(username=token.account.username, password="")


def test_a_refused_known_token_is_audited(client, agency_tree, make_staff):
    from gongkai.api import tokens

    token, plain = make_token(make_staff, agency_tree["city"], "editor")
    admin = make_staff(agency_tree["city"], "agency_admin", username="second-admin")
    tokens.revoke_token(admin, token.pk)
    r = client.post("/api/v1/drafts/", {}, HTTP_AUTHORIZATION=f"Bearer {plain}", HTTP_IDEMPOTENCY_KEY="k")
    assert r.status_code == 401
    assert AuditEntry.objects.filter(action="api_token_refused", object_id=str(token.pk)).count() == 1


def test_the_token_is_throttled_per_token(client, agency_tree, make_staff, settings, category):
    from django.core.cache import cache

    cache.clear()
    settings.GONGKAI_API_WRITE_RATE = "2/min"
    _, a = make_token(make_staff, agency_tree["city"], "editor", name="A")
    _, b = make_token(make_staff, agency_tree["city"], "editor", name="B")
    body = {"title": "t", "category": "16", "written_on": "2025-01-01"}

    def post(plain, key):
        return client.post(
            "/api/v1/drafts/", body, HTTP_AUTHORIZATION=f"Bearer {plain}", HTTP_IDEMPOTENCY_KEY=key
        )

    assert [post(a, f"a{i}").status_code for i in range(3)] == [201, 201, 429]
    assert "请求过于频繁" in post(a, "a9").json()["detail"]
    assert post(b, "b1").status_code == 201  # another token has its own allowance
    cache.clear()


def test_a_token_account_is_not_offered_as_a_person(agency_tree, make_staff):
    """A token holding 申请承办人 is not a 承办人 a case can be assigned to, and not named as the
    person who takes a step."""
    from gongkai.applications.forms import AssignForm
    from gongkai.applications.workflow import STEPS
    from gongkai.core.workflow import who_can

    city = agency_tree["city"]
    person = make_staff(city, "handler", username="city-handler")
    token, _ = make_token(make_staff, city, "handler", "editor", name="12345热线")
    from gongkai.interaction.forms import AssignForm as MessageAssignForm

    assert list(AssignForm(agency=city).fields["handler"].queryset) == [person]
    assert list(MessageAssignForm(agency=city).fields["handler"].queryset) == [person]
    assert who_can(STEPS, "receipt", city) == "“确认收到日期”须由申请承办人（city-handler）办理"
