"""Notices are sent as composed, without a signing step: one with a 【请填写：…】 gap is never sent
(refused in Chinese, naming where to fill it in, nothing written); each letter a case sends — every
notice and the reply — takes its own number from the agency's sequence of the year (GB/T 9704-2012
7.2.4), kept once sent."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from gongkai.applications import facts, services
from gongkai.applications.letter_numbers import take_number
from gongkai.applications.models import Application, CaseEvent, LetterCounter, LetterSettings, Notice
from gongkai.audit.models import AuditEntry
from gongkai.rules.deadline_events import Event, EventKind

pytestmark = pytest.mark.django_db
D = dt.date


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _act(client, app, action, **data) -> str:
    return client.post(
        reverse("staff:application_act", args=[app.pk, action]), data, follow=True
    ).content.decode()


def _snapshot(app) -> tuple:
    app = Application.objects.get(pk=app.pk)
    return (
        Notice.objects.count(),
        CaseEvent.objects.count(),
        AuditEntry.objects.count(),
        app.status,
        app.due_on,
        list(LetterCounter.objects.values_list("agency_id", "year", "last_serial")),
    )


@pytest.fixture
def case(agency_tree, case_staff, form_data, on):
    on(D(2026, 3, 2))
    app, _ = services.submit(agency_tree["city"], form_data)
    services.confirm_receipt(case_staff["handler"], app, D(2026, 3, 2), "电话确认")
    on(D(2026, 3, 4))
    return app


def test_a_reasons_notice_without_its_period_is_refused_then_sent_with_it(case, case_staff):
    """说明理由告知书 (Art. 35): the period to explain is on the form; cleared, nothing is sent."""
    h = _client(case_staff["handler"])
    page = h.get(reverse("staff:application", args=[case.pk])).content.decode()
    assert 'id="id_request_reasons_days"' in page and 'value="15"' in page  # offered, 15 by default
    before = _snapshot(case)
    page = _act(h, case, "request_reasons", on="2026-03-04", days="")
    assert "不能发出" in page and "【请填写：说明理由的期限】" in page and "说明理由期限（工作日）" in page
    assert _snapshot(case) == before  # no notice, no event, no audit line, no number taken
    page = _act(h, case, "request_reasons", on="2026-03-04", days="10")
    notice = case.notices.get()
    assert "请您自收到本告知书之日起10个工作日内，向本机关书面说明申请理由" in notice.body
    assert "【请填写" not in notice.body and notice.number == "随民依公开〔2026〕1号"
    assert case.events.get(kind="reasons_requested").days == 10


def test_a_fee_notice_without_a_payment_method_is_refused_naming_the_settings_page(case, case_staff):
    """收费通知书 (Art. 42): how to pay comes from the form or the agency's 告知书设置; neither → refused."""
    LetterSettings.objects.filter(agency=case.agency).update(fee_payment="")
    h = _client(case_staff["handler"])
    before = _snapshot(case)
    page = _act(h, case, "fee", on="2026-03-04", method="volume", quantity="150", payment="")
    assert (
        "信息处理费缴纳通知书尚有未填写的内容" in page
        and "告知书设置" in page
        and "缴纳方式、收款账户" in page
    )
    assert _snapshot(case) == before
    assert Application.objects.get(pk=case.pk).fee_amount is None  # the fee was not recorded either
    # Set by the agency admin: the form offers it and the notice carries it.
    LetterSettings.objects.filter(agency=case.agency).update(fee_payment="到本机关办公室现场缴纳。")
    page = h.get(reverse("staff:application", args=[case.pk])).content.decode()
    assert "到本机关办公室现场缴纳。</textarea>" in page
    _act(h, case, "fee", on="2026-03-04", method="volume", quantity="150", payment="到本机关办公室现场缴纳。")
    notice = case.notices.get()
    assert "缴纳方式：到本机关办公室现场缴纳。" in notice.body and "【请填写" not in notice.body


def test_a_fee_notice_takes_the_payment_typed_on_the_form(case, case_staff):
    LetterSettings.objects.filter(agency=case.agency).update(fee_payment="")
    services.send_fee_notice(
        case_staff["handler"], case, D(2026, 3, 4), "volume", 150, payment="微信扫码缴纳；"
    )
    assert "缴纳方式：微信扫码缴纳。" in case.notices.get().body


@pytest.mark.parametrize(
    ("kind", "details"),
    [
        ("supplement", {"days": 10}),
        ("third_party", {}),
        ("agency_consultation", {}),
        ("fee", {"fee": None}),
        ("reasons_request", {}),
        ("later_reply", {}),
        ("extension", {}),
    ],
)
def test_no_notice_with_a_gap_is_ever_sent(case, case_staff, kind, details):
    """Whatever the notice, a gap left in it refuses the action and writes nothing."""
    if kind == "fee":
        from gongkai.rules.fees import compute_fee

        LetterSettings.objects.filter(agency=case.agency).update(fee_payment="")
        details = {"fee": compute_fee("volume", 150)}
    notice = facts.compose(case, kind, D(2026, 3, 4), **details)
    assert notice.placeholders  # composed with a gap
    before = _snapshot(case)
    with pytest.raises(ValidationError) as refused:
        services.add_event(
            case_staff["handler"],
            case,
            Event(EventKind.REASONS_REQUESTED, D(2026, 3, 4), days=10),
            notice=notice,
        )
    assert "不能发出" in " ".join(refused.value.messages) and "【请填写：" in " ".join(refused.value.messages)
    assert _snapshot(case) == before


def test_every_letter_takes_its_own_number_and_keeps_it(
    agency_tree, case, case_staff, form_data, settings, tmp_path, make_staff, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    h = case_staff["handler"]
    services.request_supplement(h, case, D(2026, 3, 4), "年份", 10)
    services.supplement_received(h, case, D(2026, 3, 4))
    services.consult(h, case, D(2026, 3, 4), "随州市某某公司")
    assert list(case.notices.order_by("pk").values_list("number", flat=True)) == [
        "随民依公开〔2026〕1号",
        "随民依公开〔2026〕2号",
    ]
    # Another case of the same agency goes on with the sequence; another agency has its own.
    other, _ = services.submit(agency_tree["city"], {**form_data, "description": "另一件"})
    services.confirm_receipt(h, other, D(2026, 3, 4), "电话确认")
    services.request_supplement(h, other, D(2026, 3, 4), "年份", 10)
    assert other.notices.get().number == "随民依公开〔2026〕3号"
    services.supplement_received(h, other, D(2026, 3, 4))
    # A refused notice (gap) takes no number: the next one is 4, not 5.
    LetterSettings.objects.filter(agency=case.agency).update(fee_payment="")
    with pytest.raises(ValidationError):
        services.send_fee_notice(h, other, D(2026, 3, 4), "volume", 150)
    services.request_reasons(h, other, D(2026, 3, 4), days=15)
    assert other.notices.get(kind="reasons_requested").number == "随民依公开〔2026〕4号"
    # Another agency has its own sequence; a send rolled back after its number was taken gives it back.
    district = agency_tree["district"]
    dh = make_staff(district, "handler", username="district-handler")
    third, _ = services.submit(district, form_data)
    services.confirm_receipt(dh, third, D(2026, 3, 4), "电话确认")

    def broken(*args, **kwargs):
        raise RuntimeError("数据库中断")

    with monkeypatch.context() as patch:
        patch.setattr(services, "refresh", broken)
        with pytest.raises(RuntimeError, match="数据库中断"):
            services.request_supplement(dh, third, D(2026, 3, 4), "年份", 10)
    assert not third.notices.exists()
    services.request_supplement(dh, third, D(2026, 3, 4), "年份", 10)
    assert third.notices.get().number == "曾民依公开〔2026〕1号"
    assert LetterCounter.objects.get(agency=agency_tree["city"], year=2026).last_serial == 4
    # The reply: a draft leaves the serial open; sent, it takes the next number and keeps it.
    from gongkai.applications import letters

    services.consultation_answered(h, case, D(2026, 3, 4), "随州市某某公司", "同意")
    letters.draft_reply(h, case, "granted", provided=["低保资金分配表"])
    row = case.letter
    assert letters._letter(row).number == "随民依公开〔2026〕\u3000\u3000号"
    letters.sign_reply(case_staff["leader"], case)
    letters.send_reply(h, case, D(2026, 3, 4))
    row.refresh_from_db()
    assert row.number == "随民依公开〔2026〕5号" and "\n随民依公开〔2026〕5号\n" in row.body_text
    letters.freeze_files(row.pk)
    row.refresh_from_db()
    from docx import Document

    for _ in range(2):  # downloaded twice: the same number
        response = _client(h).get(reverse("staff:application_letter_file", args=[case.pk, "docx"]))
        text = "\n".join(
            p.text for p in Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs
        )
        assert "随民依公开〔2026〕5号" in text
    # A new year starts again at 1.
    with transaction.atomic():
        assert take_number(agency_tree["city"], 2027) == "随民依公开〔2027〕1号"
