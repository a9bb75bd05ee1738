"""The write API (issue 18 item 4): drafts with attachments and applications received elsewhere,
through a token of one agency — scoped to it, never publishing, idempotent, audited, Chinese errors."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.disclosure.models import Document
from gongkai.testing.files import pdf

from .write_kit import APPLICANT, Writer, make_token

pytestmark = pytest.mark.django_db

DRAFTS, APPS = "/api/v1/drafts/", "/api/v1/applications/"


def draft_fields(**extra):
    return {
        "title": "随州市2025年城乡低保标准调整的通知",
        "category": "16",
        "written_on": "2025-03-03",
    } | extra


def upload(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.fixture
def editor_token(agency_tree, make_staff, category):
    return make_token(make_staff, agency_tree["city"], "editor")


@pytest.fixture
def writer(client, editor_token):
    return Writer(client, editor_token[1])


def test_a_draft_with_attachments_is_created_as_a_draft_of_the_tokens_agency(
    writer, editor_token, agency_tree
):
    r = writer.multipart(
        DRAFTS,
        draft_fields(
            doc_number="随民发[2025]3号",
            attachments=[upload("标准.pdf", pdf("a")), upload("表.pdf", pdf("b"))],
        ),
    )
    assert r.status_code == 201, r.content
    body = r.json()
    doc = Document.objects.get(pk=body["id"])
    assert doc.agency == agency_tree["city"] and doc.state == "draft" and body["state_label"] == "草稿"
    assert doc.doc_number == "随民发〔2025〕3号"  # normalised by the disclosure service
    assert sorted(a["name"] for a in body["attachments"]) == ["标准.pdf", "表.pdf"]
    assert doc.attachments.count() == 2 and doc.index_number == ""
    assert doc.created_by == editor_token[0].account
    assert body["staff_url"].endswith(f"/staff/documents/{doc.pk}/")
    # Not in the public API: a draft is not published.
    assert client_get_public(writer.client, doc.pk) == 404


def client_get_public(client, pk):
    return client.get(f"/api/v1/documents/{pk}/").status_code


def test_a_draft_still_passes_the_review_by_a_person(writer, agency_tree, make_staff):
    """The draft goes through 提交 → 保密审查 → 发布 in the staff workflow; the token account, as its
    author, could not review it, and no endpoint publishes."""
    from gongkai.disclosure import services

    doc = Document.objects.get(pk=writer.multipart(DRAFTS, draft_fields()).json()["id"])
    editor = make_staff(agency_tree["city"], "editor", username="city-editor")
    reviewer = make_staff(agency_tree["city"], "reviewer", username="city-reviewer")
    services.transition(editor, doc, "submit")
    services.transition(reviewer, doc, "approve")
    services.transition(editor, doc, "publish")
    assert client_get_public(writer.client, doc.pk) == 200


def test_the_api_cannot_publish(writer):
    r = writer.multipart(DRAFTS, draft_fields(state="published"))
    doc = Document.objects.get(pk=r.json()["id"])
    assert doc.state == "draft" and doc.published_at is None
    for path in (f"/api/v1/drafts/{doc.pk}/publish/", f"/api/v1/documents/{doc.pk}/"):
        assert writer.json(path, {}, key="p").status_code in (404, 405)
    assert Document.objects.get(pk=doc.pk).state == "draft"


def test_missing_and_bad_fields_are_answered_in_chinese(writer):
    r = writer.json(DRAFTS, {"category": "nope", "written_on": "03/03/2025"})
    assert r.status_code == 400
    errors = r.json()
    assert errors["title"] == ["请填写信息名称"]
    assert errors["category"] == ["没有代码为“nope”的主题分类"]
    assert errors["written_on"] == ["日期格式应为 YYYY-MM-DD"]
    # The service's own checks come back per field too.
    r = writer.json(DRAFTS, draft_fields(expires_on="2020-01-01"), key="k-2")
    assert r.status_code == 400 and r.json()["expires_on"] == ["废止日期不能早于成文日期"]
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("通知.pdf", b"MZ\x90\x00 not a pdf at all", "文件内容与扩展名“.pdf”不符"),
        ("run.exe", pdf(), "不支持的文件类型“.exe”"),
        ("空.pdf", b"", "文件为空"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_created(writer, name, data, says):
    r = writer.multipart(DRAFTS, draft_fields(attachments=[upload("好.pdf", pdf()), upload(name, data)]))
    assert r.status_code == 400, r.content
    (message,) = r.json()["attachments"]
    assert message.startswith(f"附件“{name}”：") and says in message
    assert not Document.objects.exists()


def test_attachments_are_added_to_own_drafts_only(writer, client, agency_tree, make_staff, workflow):
    own = Document.objects.get(pk=writer.multipart(DRAFTS, draft_fields()).json()["id"])
    r = writer.multipart(
        f"/api/v1/drafts/{own.pk}/attachments/", {"attachments": [upload("补充.pdf", pdf())]}, key="a1"
    )
    assert r.status_code == 201 and [a["name"] for a in r.json()["attachments"]] == ["补充.pdf"]
    # Another agency's draft: not found (its existence is not revealed), untouched.
    theirs = workflow.draft(agency_tree["other"], title="岳阳的草稿")
    r = writer.multipart(
        f"/api/v1/drafts/{theirs.pk}/attachments/", {"attachments": [upload("x.pdf", pdf())]}, key="a2"
    )
    assert r.status_code == 404 and r.json()["detail"] == "没有找到本机关的这条信息。"
    assert theirs.attachments.count() == 0
    # Even a sub-agency of the token's agency is another agency.
    below = workflow.draft(agency_tree["district"], title="区里的草稿")
    r = writer.multipart(
        f"/api/v1/drafts/{below.pk}/attachments/", {"attachments": [upload("x.pdf", pdf())]}, key="a3"
    )
    assert r.status_code == 404 and below.attachments.count() == 0
    # A published document of its own agency takes no attachment through the API.
    published = workflow.publish(agency_tree["city"], title="已发布")
    r = writer.multipart(
        f"/api/v1/drafts/{published.pk}/attachments/", {"attachments": [upload("x.pdf", pdf())]}, key="a4"
    )
    assert r.status_code == 400 and r.json()["detail"] == ["只有草稿可以添加附件"]


def test_tokens_are_refused_without_header_unknown_revoked_expired(
    client, editor_token, agency_tree, make_staff
):
    from gongkai.api import tokens
    from gongkai.api.models import ApiToken

    w = Writer(client, editor_token[1])
    r = client.post(DRAFTS, draft_fields(), HTTP_IDEMPOTENCY_KEY="x")
    assert r.status_code == 401 and "需要接口令牌" in r.json()["detail"]
    assert r["WWW-Authenticate"].startswith("Bearer")
    r = w.multipart(DRAFTS, draft_fields(), plain=editor_token[1][:-2] + "xx")
    assert r.status_code == 401 and r.json()["detail"] == "接口令牌无效"
    # Expired.
    ApiToken.objects.filter(pk=editor_token[0].pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    r = w.multipart(DRAFTS, draft_fields())
    assert r.status_code == 401 and r.json()["detail"] == "接口令牌已过期，请联系本机关的机关管理员"
    # Revoked.
    ApiToken.objects.filter(pk=editor_token[0].pk).update(expires_at=None)
    assert w.multipart(DRAFTS, draft_fields(), key="ok").status_code == 201
    admin = make_staff(agency_tree["city"], "agency_admin", username="city-admin-2")
    tokens.revoke_token(admin, editor_token[0].pk)
    r = w.multipart(DRAFTS, draft_fields(), key="after")
    assert r.status_code == 401 and r.json()["detail"] == "接口令牌已吊销，请联系本机关的机关管理员"
    assert Document.objects.count() == 1


def test_a_token_needs_the_role_of_the_endpoint(client, agency_tree, make_staff, category):
    _, plain = make_token(make_staff, agency_tree["city"], "handler")
    r = Writer(client, plain).multipart(DRAFTS, draft_fields())
    assert r.status_code == 403 and r.json()["detail"] == "该接口令牌没有编辑角色，不能调用此接口"
    assert not Document.objects.exists()


def test_idempotency_same_body_same_result_other_body_409(writer):
    first = writer.multipart(DRAFTS, draft_fields(attachments=[upload("a.pdf", pdf("x"))]), key="cms-42")
    again = writer.multipart(DRAFTS, draft_fields(attachments=[upload("a.pdf", pdf("x"))]), key="cms-42")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Document.objects.count() == 1
    other = writer.multipart(DRAFTS, draft_fields(attachments=[upload("a.pdf", pdf("y"))]), key="cms-42")
    assert other.status_code == 409
    assert other.json()["detail"] == "该 Idempotency-Key 已用于内容不同的请求：请为新的请求使用新的键"
    assert Document.objects.count() == 1
    # A request without a key is refused: a retry could not be recognised.
    r = writer.multipart(DRAFTS, draft_fields(), key=None)
    assert r.status_code == 400 and "Idempotency-Key" in r.json()
    # Keys are per token: another token's same key is a new request.
    assert writer.multipart(DRAFTS, draft_fields(), key="cms-43").status_code == 201
    assert Document.objects.count() == 2


def test_a_failed_request_does_not_use_up_its_key(writer):
    assert writer.multipart(DRAFTS, draft_fields(written_on=""), key="retry").status_code == 400
    assert writer.multipart(DRAFTS, draft_fields(), key="retry").status_code == 201


def test_every_creation_use_and_change_is_audited(writer, editor_token):
    token = editor_token[0]
    doc_id = writer.multipart(DRAFTS, draft_fields(attachments=[upload("a.pdf", pdf())])).json()["id"]
    entries = AuditEntry.objects.order_by("pk")
    created = entries.get(object_type="api.apitoken", action="api_token_create")
    assert created.object_id == str(token.pk) and created.data["roles"] == ["editor"]
    assert (
        entries.filter(object_type="api.apitoken", action="api_token_use", actor=token.account).count() == 1
    )
    doc_actions = list(
        entries.filter(object_type="disclosure.document", object_id=str(doc_id)).values_list(
            "action", "actor"
        )
    )
    assert doc_actions == [("create", token.account.pk), ("attach", token.account.pk)]
    assert "接口令牌：公文系统" in entries.get(action="create", object_type="disclosure.document").actor_label


# -- applications -----------------------------------------------------------------------------


@pytest.fixture
def handler_writer(client, agency_tree, make_staff):
    token, plain = make_token(make_staff, agency_tree["city"], "handler", name="12345热线")
    return Writer(client, plain), token


def test_an_application_received_in_person_is_registered_and_its_clock_starts(handler_writer, agency_tree):
    from gongkai.applications.models import Application

    w, token = handler_writer
    today = timezone.localdate()
    r = w.json(APPS, APPLICANT | {"received_on": today.isoformat(), "applied_on": today.isoformat()})
    assert r.status_code == 201, r.content
    body = r.json()
    app = Application.objects.get(pk=body["id"])
    assert (
        app.agency == agency_tree["city"]
        and app.channel == "in_person"
        and app.registered_by == token.account
    )
    assert body["number"] == app.number and len(body["access_code"]) >= 6
    assert app.received_on == today and body["received_on"] == today.isoformat()
    assert app.due_on and body["due_on"] == app.due_on.isoformat()
    # The 查询码 is kept only as a hash, and the applicant's look-up accepts it.
    from gongkai.applications.services import find_for_applicant

    assert body["access_code"] not in str(Application.objects.filter(pk=app.pk).values().first())
    assert find_for_applicant(agency_tree["city"], app.number, body["access_code"]) == app


def test_application_checks_are_the_staff_registrations(handler_writer):
    from gongkai.applications.models import Application

    w, _ = handler_writer
    r = w.json(APPS, APPLICANT | {"id_number": "110105194912310021", "delivery": "post", "channel": "online"})
    assert r.status_code == 400
    errors = r.json()
    assert errors["channel"] == ["申请渠道选项“online”无效"]
    r = w.json(APPS, APPLICANT | {"id_number": "110105194912310021", "delivery": "post"}, key="k-2")
    errors = r.json()
    assert (
        r.status_code == 400 and "address" in errors and errors["address"] == ["选择邮寄的，请填写通信地址"]
    )
    assert "校验" in errors["id_number"][0] or "身份证" in errors["id_number"][0]
    assert not Application.objects.exists()


def test_art_31_receipt_rules_undo_the_registration(handler_writer):
    """Registered post: the receipt date is the day signed for — without the 签收记录 it is refused
    (Art. 31) and nothing is registered."""
    from gongkai.applications.models import Application

    w, _ = handler_writer
    today = timezone.localdate().isoformat()
    r = w.json(APPS, APPLICANT | {"channel": "registered_post", "received_on": today})
    assert r.status_code == 400
    assert "签收记录" in r.json()["detail"][0] and "第三十一条" in r.json()["detail"][0]
    assert not Application.objects.exists()
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    r = w.json(APPS, APPLICANT | {"received_on": future}, key="k-3")
    assert r.status_code == 400 and "晚于今天" in r.json()["detail"][0]
    assert not Application.objects.exists()
    r = w.json(
        APPS,
        APPLICANT | {"channel": "registered_post", "received_on": today, "receipt_note": "EMS 1234"},
        key="k-4",
    )
    assert r.status_code == 201 and Application.objects.get().receipt_note == "EMS 1234"


def test_application_idempotency_returns_the_same_number_and_code(handler_writer):
    from gongkai.applications.models import Application

    w, _ = handler_writer
    first = w.json(APPS, APPLICANT, key="hotline-7781")
    again = w.json(APPS, dict(reversed(list(APPLICANT.items()))), key="hotline-7781")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and first.json()["access_code"]
    assert Application.objects.count() == 1
    conflict = w.json(APPS, APPLICANT | {"applicant_name": "赵六"}, key="hotline-7781")
    assert conflict.status_code == 409 and "Idempotency-Key" in conflict.json()["detail"]
    assert Application.objects.count() == 1


def test_an_editor_token_cannot_register_applications(writer):
    r = writer.json(APPS, APPLICANT)
    assert r.status_code == 403 and r.json()["detail"] == "该接口令牌没有申请承办人角色，不能调用此接口"


def test_a_nul_character_in_any_field_is_a_400_in_chinese_not_a_500(writer):
    """PostgreSQL cannot store or compare NUL: a 主题分类 code with one was a 500 (found by the fuzz test)."""
    r = writer.json(DRAFTS, draft_fields(category="1\x006"), key="nul-1")
    assert r.status_code == 400 and "空字符" in r.json()["detail"]
    r = writer.json(DRAFTS, draft_fields(title="通知\x00"), key="nul-2")
    assert r.status_code == 400
    assert not Document.objects.exists()
