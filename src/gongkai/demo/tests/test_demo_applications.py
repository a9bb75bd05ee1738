"""The demo's 依申请公开 cases: a fresh ``gongkai demo`` shows a case in every state, the queue and
the overdue list are not empty, loading twice adds nothing, and the printed number and 查询码 open
the closed case's reply on the public status page."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.applications.models import Application, CaseEvent, Notice, ReplyLetter
from gongkai.applications.validators import resident_id_ok
from gongkai.audit.models import AuditEntry
from gongkai.demo.loader import load_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def demo(on):
    on(TODAY)
    load_demo()
    return {a.number: a for a in Application.objects.filter(agency__slug="szmzj")}


def _staff_client(client):
    from gongkai.agencies.models import User

    client.force_login(User.objects.get(username="szmzj-admin"))
    return client


def test_szmzj_has_a_case_in_every_state(demo):
    apps = list(demo.values())
    by_status = {}
    for app in apps:
        by_status.setdefault(app.status, []).append(app)
    # 1. online, not yet confirmed as received (Art. 31)
    assert any(a.channel == "online" for a in by_status["not_received"])
    # 2. handed in at the counter, registered by staff, received and running
    counter = [a for a in by_status["running"] if a.channel == "in_person"]
    assert counter and counter[0].registered_by is not None and counter[0].received_on
    # 3. waiting for the 补正, with its notice; 4. a third party consulted, with its letter
    assert Notice.objects.filter(
        application__in=by_status["awaiting_supplement"], kind="supplement_requested"
    )
    assert Notice.objects.filter(application__in=by_status["consulting"], kind="third_party_consulted")
    # 5. extended, and the applicant told
    assert Notice.objects.filter(
        application__agency__slug="szmzj", kind="extension_notified", to_applicant=True
    )
    # 6. reply drafted, waiting for the leader; 7. reply signed and delivered: 予以公开
    assert ReplyLetter.objects.filter(application__agency__slug="szmzj", state="draft").exists()
    sent = ReplyLetter.objects.get(application__idempotency_key="demo-szmzj-closed", state="sent")
    assert sent.application.status == "closed" and sent.application.outcome == "granted" and sent.signed_by
    assert sent.pdf_sha256  # the frozen letter can be downloaded
    assert timezone.localtime(sent.signed_at).date() <= sent.sent_on < TODAY  # signed before it was sent
    # 8. overdue: received in October, no reply
    late = [a for a in apps if not a.is_closed and a.due_on and a.due_on < TODAY]
    assert late and late[0].received_on.month == 10
    # received dates in the past, before today; plausible applicants
    assert all(a.received_on < TODAY for a in apps if a.received_on)
    assert all(resident_id_ok(a.id_number) for a in apps)
    assert Application.objects.filter(agency__slug="hbmzt").count() >= 1


def test_queue_and_overdue_list_show_the_cases(demo, client):
    client = _staff_client(client)
    page = client.get("/staff/applications/").content.decode()
    open_numbers = [n for n, a in demo.items() if not a.is_closed]
    assert len(open_numbers) >= 6
    for number in open_numbers:
        assert number in page
    assert "没有符合条件的申请" not in page
    assert 'class="tag overdue"' in page  # the red colouring
    assert "待定" in page  # a due date in 2027, whose holidays are not entered
    late = client.get("/staff/applications/?status=overdue").content.decode()
    overdue = [n for n, a in demo.items() if not a.is_closed and a.due_on and a.due_on < TODAY]
    assert overdue and all(n in late for n in overdue)
    assert not [n for n in open_numbers if n not in overdue and n in late]
    for app in demo.values():  # every case page opens
        assert client.get(f"/staff/applications/{app.pk}/").status_code == 200


def test_loading_twice_adds_nothing(demo, on):
    counts = [m.objects.count() for m in (Application, CaseEvent, Notice, ReplyLetter, AuditEntry)]
    on(TODAY + dt.timedelta(days=1))
    load_demo()
    assert [m.objects.count() for m in (Application, CaseEvent, Notice, ReplyLetter, AuditEntry)] == counts


def test_printed_number_and_code_open_the_reply(on, client):
    on(TODAY)
    out = io.StringIO()
    call_command("demo", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if "随州市民政局" in line and "已办结" in line)
    number, code = re.search(r"申请编号 (\S+)\s+查询码 (\S+)", line).groups()
    page = client.post("/szmzj/apply/status/", {"number": number, "code": code}, follow=True).content.decode()
    assert "政府信息公开申请答复告知书" in page
    assert "本机关予以公开" in page and "最低生活保障资金发放情况统计表" in page
    wrong = client.post("/szmzj/apply/status/", {"number": number, "code": "AAAAAAAA"}).content.decode()
    assert "查询码不正确" in wrong


def test_the_demo_shows_articles_36_1_40_and_44(demo, client):
    """Issue 17: a reply linking a published document, one offering reading in place, and a group
    of three applicants asking for the same information."""
    published = ReplyLetter.objects.get(application__idempotency_key="demo-szmzj-published")
    assert published.state == "sent" and published.published_documents.count() == 1
    doc = published.published_documents.get()
    assert doc.title == "随州市民政局2017年政务信息公开工作情况"
    assert "/szmzj/" in published.body_text and "第三十六条第（一）项" in published.body_text
    inspect = ReplyLetter.objects.get(application__idempotency_key="demo-szmzj-inspect")
    assert inspect.given_delivery == "inspect" and inspect.form_differs
    assert "本机关改为安排您当面查阅、抄录" in inspect.body
    client = _staff_client(client)
    page = client.get("/staff/applications/same-information/").content.decode()
    same = Application.objects.filter(
        idempotency_key__in=["demo-szmzj-closed", "demo-szmzj-same-1", "demo-szmzj-same-2"]
    )
    assert "3 件申请，3 位申请人" in page and all(a.number in page for a in same)
    case = client.get(
        f"/staff/applications/{same.get(idempotency_key='demo-szmzj-same-1').pk}/"
    ).content.decode()
    assert 'id="art44-prompt"' in case and "可以纳入主动公开的范围" in case
