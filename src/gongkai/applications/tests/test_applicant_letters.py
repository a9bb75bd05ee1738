"""The applicant's letters through the staff pages (issue 11, items 8–10): the application's own
date (申请日期), the letter number per agency, the 行政复议机关 (set by the agency admin; unset, a
gap that cannot be signed), the reading of 复议前置, and every notice as a DOCX and PDF download
that writes nothing."""

import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from gongkai.applications import services
from gongkai.applications.models import Application, CaseEvent, LetterSettings, Notice, ReplyLetter

pytestmark = pytest.mark.django_db
D = dt.date


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _register(client, form_data, **more) -> tuple[str, Application | None]:
    page = client.get(reverse("staff:application_register")).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    data = {**form_data, "channel": "registered_post", "token": token, **more}
    response = client.post(reverse("staff:application_register"), data, follow=True)
    return response.content.decode(), Application.objects.order_by("pk").last()


def _act(client, app, action, **data) -> str:
    return client.post(
        reverse("staff:application_act", args=[app.pk, action]), data, follow=True
    ).content.decode()


def _letter(client, app, step, **data) -> str:
    return client.post(
        reverse("staff:application_letter", args=[app.pk, step]), data, follow=True
    ).content.decode()


# -- item 8: the application's own date -------------------------------------------------------------


def test_the_letter_names_the_application_date_not_the_registration_date(
    agency_tree, case_staff, form_data, on
):
    """Registered on 21 October from a letter dated 15 October and signed for on 19 October."""
    h = _client(case_staff["handler"])
    on(D(2026, 10, 21))
    page, app = _register(h, form_data, applied_on="2026-10-15")
    assert app is not None and app.applied_on == D(2026, 10, 15), page
    _act(h, app, "receipt", received_on="2026-10-19", how="挂号信签收，单号XA123")
    _act(h, app, "supplement", on="2026-10-21", items="请写明所需信息的年份。", days="10")
    notice = app.notices.get()
    assert "于2026年10月19日收到您于2026年10月15日提交的政府信息公开申请" in notice.body
    assert "2026年10月21日提交" not in notice.body


def test_an_application_date_after_the_receipt_date_is_refused(agency_tree, case_staff, form_data, on):
    h = _client(case_staff["handler"])
    on(D(2026, 11, 4))
    page, _ = _register(h, form_data, applied_on="2026-11-05")
    assert "申请日期2026年11月5日晚于今天" in page
    page, app = _register(h, form_data, applied_on="2026-10-20")
    page = _act(h, app, "receipt", received_on="2026-10-19", how="挂号信签收")
    assert "收到申请日期2026年10月19日早于申请日期2026年10月20日" in page
    app.refresh_from_db()
    assert app.received_on is None and app.status == "not_received"
    # Left blank (no date on the paper), the letters name the receipt date only.
    page, app = _register(h, form_data)
    assert app.applied_on is None
    _act(h, app, "receipt", received_on="2026-11-02", how="挂号信签收")
    _act(h, app, "supplement", on="2026-11-04", items="年份", days="10")
    assert "于2026年11月2日收到您提交的政府信息公开申请" in app.notices.get().body


# -- item 8: the letter number, set by the agency admin -----------------------------------------


def test_the_agency_admin_sets_the_letter_number_and_the_reconsideration_body(
    agency_tree, make_staff, case_staff, form_data, on
):
    other = agency_tree["other"]
    admin = _client(make_staff(other, "agency_admin", username="yy-admin"))
    handler = _client(make_staff(other, "handler", username="yy-handler"))
    url = reverse("staff:application_letter_settings")
    page = admin.get(url).content.decode()
    assert "尚未设置行政复议机关" in page and "岳阳市民政局依申请公开〔2026〕12号" in page
    page = admin.post(url, {"number_prefix": "岳民依公开〔2026〕第", "reconsideration_body": ""}, follow=True)
    assert "只填写机关代字" in page.content.decode()
    assert not LetterSettings.objects.filter(agency=other).exists()
    # A handler reads the settings but cannot change them.
    assert "须由机关管理员修改" in handler.get(url).content.decode()
    assert handler.post(url, {"number_prefix": "X", "reconsideration_body": "Y"}).status_code == 403
    page = admin.post(
        url, {"number_prefix": "岳民依公开", "reconsideration_body": "岳阳市人民政府"}, follow=True
    )
    assert "告知书设置已保存" in page.content.decode() and "岳民依公开〔2026〕12号" in page.content.decode()
    row = LetterSettings.objects.get(agency=other)
    assert (row.number_prefix, row.reconsideration_body) == ("岳民依公开", "岳阳市人民政府")
    # The next letter carries the number in GB/T 9704 form and names the body.
    on(D(2026, 3, 2))
    app, _ = services.submit(other, form_data)
    for _ in range(11):  # the twelfth application of the year
        app, _ = services.submit(
            other, {**form_data, "id_number": "11010519491231002X", "description": f"第{_}件"}
        )
    assert app.number == "2026-0012"
    services.confirm_receipt(
        make_staff(other, "handler", "leader", username="yy-2"), app, D(2026, 3, 2), "电话确认"
    )
    user = Application.objects.get(pk=app.pk).agency.staff.get(username="yy-2")
    services.request_supplement(user, app, D(2026, 3, 2), "年份", 10)
    body = app.notices.get().body
    # Its own number: the agency's first letter of 2026, not the application's serial (2026-0012).
    assert "\n岳民依公开〔2026〕1号\n" in body


# -- item 10 (a): no 行政复议机关 → a visible gap, and no signature --------------------------------


def test_without_a_reconsideration_body_the_letter_shows_the_gap_and_is_not_signed(
    agency_tree, make_staff, form_data, on, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    other = agency_tree["other"]  # 岳阳市民政局: no 告知书设置
    staff = make_staff(other, "handler", "leader", "agency_admin", username="yy-all")
    c = _client(staff)
    on(D(2026, 3, 2))
    app, _ = services.submit(other, form_data)
    services.confirm_receipt(staff, app, D(2026, 3, 2), "电话确认")
    _letter(c, app, "draft", outcome="unavailable.not_held")
    page = c.get(reverse("staff:application", args=[app.pk])).content.decode()
    assert "向【请填写行政复议机关】申请行政复议" in page and 'id="reconsideration-gap"' in page
    page = _letter(c, app, "sign")
    assert "告知书未写明行政复议机关" in page and "第二十条第三款" in page
    assert ReplyLetter.objects.get(application=app).state == "draft"
    # The admin names the body; the redrafted letter names it and is signed.
    c.post(
        reverse("staff:application_letter_settings"),
        {"number_prefix": "岳民依公开", "reconsideration_body": "岳阳市人民政府"},
    )
    _letter(c, app, "draft", outcome="unavailable.not_held")
    assert "向岳阳市人民政府申请行政复议" in ReplyLetter.objects.get(application=app).body
    _letter(c, app, "sign")
    assert ReplyLetter.objects.get(application=app).state == "signed"


# -- item 10 (b): the reading of 复议前置 -----------------------------------------------------------


@pytest.mark.parametrize(("reading", "first"), [(None, True), ("broad", True), ("narrow", False)])
def test_the_reading_of_reconsideration_first_is_a_setting(
    reading, first, agency_tree, case_staff, form_data, on, settings
):
    if reading:
        settings.GONGKAI_RECONSIDERATION_FIRST = reading
    on(D(2026, 3, 2))
    app, _ = services.submit(agency_tree["city"], form_data)
    services.confirm_receipt(case_staff["handler"], app, D(2026, 3, 2), "电话确认")
    from gongkai.applications import letters

    body = letters.draft_reply(case_staff["handler"], app, "unavailable.not_held").body
    assert ("应当先申请行政复议" in body) is first
    assert ("6个月内" in body) is not first


# -- item 9: every notice as DOCX and PDF ------------------------------------------------------


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def _snapshot(app) -> tuple:
    app = Application.objects.get(pk=app.pk)
    return (
        Notice.objects.count(),
        CaseEvent.objects.count(),
        ReplyLetter.objects.count(),
        app.status,
        app.due_on,
        list(Notice.objects.values_list("pk", "body", "data")),
    )


def test_every_notice_downloads_as_docx_and_pdf_with_its_number_and_date(
    agency_tree, case_staff, form_data, on, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    h, head = _client(case_staff["handler"]), _client(case_staff["head"])
    on(D(2026, 3, 2))
    page, app = _register(h, form_data, applied_on="2026-02-27")
    _act(h, app, "receipt", received_on="2026-03-02", how="挂号信签收")
    _act(h, app, "supplement", on="2026-03-02", items="年份", days="5")
    on(D(2026, 3, 4))
    _act(h, app, "supplement_received", on="2026-03-04")
    _act(h, app, "consult", on="2026-03-04", party="随州市某某公司")
    _act(h, app, "consultation_answered", on="2026-03-04", party="随州市某某公司", note="同意")
    _act(h, app, "consult", on="2026-03-04", party="随州市财政局", agency="on")
    _act(h, app, "consultation_answered", on="2026-03-04", party="随州市财政局")
    _act(head, app, "approve_extension", on="2026-03-04", days="10")
    _act(h, app, "notify_extension", on="2026-03-04")
    _act(h, app, "fee", on="2026-03-04", method="volume", quantity="150")
    _act(h, app, "fee_paid", on="2026-03-04")
    _act(h, app, "request_reasons", on="2026-03-04", days="15")
    _letter(h, app, "draft", outcome="granted", provided="低保资金分配表")
    titles = set(app.notices.values_list("title", flat=True))
    assert titles == {
        "政府信息公开申请补正告知书",
        "政府信息公开第三方意见征询函",
        "政府信息公开征求意见函",
        "政府信息公开申请延期答复告知书",
        "信息处理费缴纳通知书",
        "政府信息公开申请说明理由告知书",
    }, titles
    case_page = h.get(reverse("staff:application", args=[app.pk])).content.decode()
    # Each notice its own number, in the order sent (GB/T 9704-2012 7.2.4), shown on the case page.
    numbers = list(app.notices.order_by("pk").values_list("number", flat=True))
    assert numbers == [f"随民依公开〔2026〕{n}号" for n in range(1, 7)], numbers
    assert all(n in case_page for n in numbers)
    before = _snapshot(app)
    files_before = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    for notice in app.notices.all():
        for kind in ("docx", "pdf"):
            url = reverse("staff:application_notice_file", args=[app.pk, notice.pk, kind])
            assert url in case_page  # a link on the case page
            response = h.get(url)
            assert response.status_code == 200, (notice.title, kind)
            assert "attachment" in response["Content-Disposition"]
            text = _docx_text(response.content) if kind == "docx" else _pdf_text(response.content)
            assert notice.title in text.replace("\n", "")
            assert notice.number in text and "2026年3月" in text, (notice.title, kind, text[:300])
    for kind in ("docx", "pdf"):
        url = reverse("staff:application_letter_file", args=[app.pk, kind])
        assert url in case_page
        response = h.get(url)
        assert response.status_code == 200
        text = _docx_text(response.content) if kind == "docx" else _pdf_text(response.content)
        # Not sent yet: the serial is given when it is sent.
        assert (
            "政府信息公开申请答复告知书" in text and "随民依公开〔2026〕" in text and "2026年3月4日" in text
        )
        assert not any(n in text for n in numbers)
    # The downloads wrote nothing: no row, no file, the case as it was.
    assert _snapshot(app) == before
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == files_before
    # Another agency's staff cannot download them.
    outsider = _client(case_staff["outsider"])
    notice = app.notices.first()
    assert (
        outsider.get(reverse("staff:application_notice_file", args=[app.pk, notice.pk, "pdf"])).status_code
        == 404
    )
    assert h.get(reverse("staff:application_notice_file", args=[app.pk, notice.pk, "exe"])).status_code == 404


def test_a_notice_kept_as_text_only_still_downloads(agency_tree, case_staff, form_data, on):
    on(D(2026, 3, 2))
    app, _ = services.submit(agency_tree["city"], form_data)
    services.confirm_receipt(case_staff["handler"], app, D(2026, 3, 2), "电话确认")
    services.request_supplement(case_staff["handler"], app, D(2026, 3, 2), "年份", 10)
    Notice.objects.update(data={})  # as sent before the letter was kept with it
    notice = app.notices.get()
    response = _client(case_staff["handler"]).get(
        reverse("staff:application_notice_file", args=[app.pk, notice.pk, "docx"])
    )
    text = _docx_text(response.content)
    assert "随民依公开〔2026〕1号" in text and "2026年3月2日" in text and "张三：" in text
    assert "特此告知。" in text and "随州市民政局" in text
