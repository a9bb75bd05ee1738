"""Files with the reply (issue 17, item 1): attached by the handler, released by sending the signed
letter (not before), downloaded by the applicant with the 查询码 or the e-mail link for the set
period, every download audited; staff scoped by agency; 送达 records."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.agencies.scoping import Refused
from gongkai.applications import services as app_services
from gongkai.audit.models import AuditEntry
from gongkai.delivery import handover, services
from gongkai.delivery.models import ReplyFile, ServiceRecord

from . import pdfs
from .conftest import DAY, applicant, client_for

pytestmark = pytest.mark.django_db


def _attach(user, app, data=None, name="低保资金发放表.pdf"):
    return services.attach(user, app, name, data or pdfs.weasyprint_pdf(), "")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _file_url(app, row):
    return reverse("delivery_portal:file", args=[app.agency.slug, app.pk, row.pk])


def test_files_reach_the_applicant_only_after_the_letter_is_sent(case, case_staff, send):
    app, code = case
    row = _attach(case_staff["handler"], app)
    browser = applicant(app, code)
    assert browser.get(_file_url(app, row)).status_code == 404  # attached, not yet released
    assert "提供的政府信息" not in browser.get(f"/{app.agency.slug}/apply/{app.pk}/").content.decode()
    send(app)
    page = browser.get(f"/{app.agency.slug}/apply/{app.pk}/").content.decode()
    assert "提供的政府信息" in page and row.title in page and _file_url(app, row) in page
    response = browser.get(_file_url(app, row))
    assert response.status_code == 200 and response.streaming  # FileResponse streams from storage
    assert _body(response) == row.file.open("rb").read()
    assert "attachment" in response["Content-Disposition"]


def test_the_letter_names_the_files_provided(case, case_staff, send):
    app, _ = case
    _attach(case_staff["handler"], app)
    letter = send(app)
    assert "低保资金发放表" in letter.body_text and "低保资金发放表.pdf" not in letter.body_text


def test_without_the_code_or_with_a_wrong_one_nothing_is_served(case, case_staff, send):
    app, code = case
    row = _attach(case_staff["handler"], app)
    send(app)
    stranger = client_for(case_staff["outsider"]).__class__()
    response = stranger.get(_file_url(app, row))
    assert response.status_code == 302 and "status" in response["Location"]
    stranger.post(f"/{app.agency.slug}/apply/status/", {"number": app.number, "code": "WRONG234"})
    assert stranger.get(_file_url(app, row)).status_code == 302
    # The right case under another agency's address: 404, not 500.
    browser = applicant(app, code)
    assert browser.get(f"/yymzj/apply/{app.pk}/files/{row.pk}/").status_code == 404
    assert browser.get(f"/{app.agency.slug}/apply/{app.pk}/files/999999/").status_code == 404


def test_every_download_is_audited_with_the_applicant_masked(case, case_staff, send):
    app, code = case
    row = _attach(case_staff["handler"], app)
    send(app)
    browser = applicant(app, code)
    before = AuditEntry.objects.filter(action="applicant_download").count()
    browser.get(_file_url(app, row))
    browser.get(_file_url(app, row))
    entries = AuditEntry.objects.filter(action="applicant_download").order_by("pk")
    assert entries.count() == before + 2
    entry = entries.last()
    assert entry.actor_label == "申请人张*（查询码）"  # 张三, masked
    assert entry.data["file"] == row.pk and entry.at is not None
    assert "张三" not in str(entry.data) and app.id_number not in str(entry.data)


def test_after_the_period_a_chinese_message_not_the_file(case, case_staff, send, settings, on):
    settings.GONGKAI_DELIVERY_DAYS = 30
    app, code = case
    row = _attach(case_staff["handler"], app)
    send(app)
    browser = applicant(app, code)
    released = row.__class__.objects.get(pk=row.pk).released_at
    last = app_services.timezone.localtime(released).date() + dt.timedelta(days=30)
    on(last)
    assert browser.get(_file_url(app, row)).status_code == 200
    on(last + dt.timedelta(days=1))
    response = browser.get(_file_url(app, row))
    assert response.status_code == 410
    text = response.content.decode()
    assert "下载期限已过" in text and "30日" in text
    assert "下载期限已过" in browser.get(f"/{app.agency.slug}/apply/{app.pk}/").content.decode()


def test_email_delivery_sends_a_signed_link_that_works_without_the_code(
    case, case_staff, send, django_capture_on_commit_callbacks
):
    app, _ = case
    assert app.delivery == "email"
    row = _attach(case_staff["handler"], app)
    with django_capture_on_commit_callbacks(execute=True):
        send(app)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [app.email]
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]
    assert path.startswith(f"/{app.agency.slug}/apply/{app.pk}/email/")
    anonymous = client_for(case_staff["handler"]).__class__()
    page = anonymous.get(path)
    assert page.status_code == 200 and row.title in page.content.decode()
    download = anonymous.get(path + f"{row.pk}/")
    assert download.status_code == 200 and _body(download) == row.file.open("rb").read()
    entry = AuditEntry.objects.filter(action="applicant_download").last()
    assert entry.actor_label == "申请人张*（电子邮件链接）"
    # A tampered token, and a token after the code was reissued: refused in Chinese, no 500.
    assert (
        anonymous.get(path.replace(path.split("/")[-2], path.split("/")[-2][:-2] + "xx")).status_code == 404
    )
    app_services.reissue_access_code(case_staff["handler"], app, "申请人遗失回执")
    refused = anonymous.get(path)
    assert refused.status_code == 404 and "链接无效或已过期" in refused.content.decode()


def test_staff_of_another_agency_cannot_see_attach_or_download(case, case_staff):
    app, _ = case
    row = _attach(case_staff["handler"], app)
    with pytest.raises(Refused):
        services.attach(case_staff["outsider"], app, "x.pdf", pdfs.weasyprint_pdf())
    outsider = client_for(case_staff["outsider"])
    assert outsider.get(reverse("staff:delivery_file", args=[app.pk, row.pk])).status_code == 404
    assert outsider.get(reverse("staff:delivery_redact", args=[app.pk, row.pk])).status_code == 404
    assert outsider.get(reverse("staff:delivery_page", args=[app.pk, row.pk, 1])).status_code == 404
    response = outsider.post(
        reverse("staff:delivery_attach", args=[app.pk]),
        {"file": io.BytesIO(pdfs.weasyprint_pdf()), "title": "x"},
    )
    assert response.status_code == 404
    assert ReplyFile.objects.filter(application=app).count() == 1
    # The handler's own agency: the case page lists it, and the staff download works.
    handler = client_for(case_staff["handler"])
    assert row.title in handler.get(reverse("staff:application", args=[app.pk])).content.decode()
    assert handler.get(reverse("staff:delivery_file", args=[app.pk, row.pk])).status_code == 200


def test_uploads_are_checked_like_every_upload(case, case_staff, settings):
    app, _ = case
    h = case_staff["handler"]
    with pytest.raises(ValidationError, match="文件内容与扩展名"):
        services.attach(h, app, "fake.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(ValidationError, match="不支持的文件类型"):
        services.attach(h, app, "script.exe", b"MZ\x90\x00")
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 1000
    with pytest.raises(ValidationError, match="文件过大"):
        services.attach(h, app, "big.pdf", pdfs.weasyprint_pdf())
    assert not ReplyFile.objects.filter(application=app).exists()
    # Through the page: a Chinese message, no 500.
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
    upload = io.BytesIO(b"not a picture")
    upload.name = "photo.png"
    page = (
        client_for(h)
        .post(reverse("staff:delivery_attach", args=[app.pk]), {"file": upload}, follow=True)
        .content.decode()
    )
    assert "文件内容与扩展名" in page


def test_nothing_changes_after_the_reply_is_sent(case, case_staff, send):
    app, _ = case
    row = _attach(case_staff["handler"], app)
    send(app)
    for change in (
        lambda: _attach(case_staff["handler"], app),
        lambda: services.set_release(case_staff["handler"], app, row.pk, False),
        lambda: services.remove(case_staff["handler"], app, row.pk),
    ):
        with pytest.raises(ValidationError, match="答复已送达"):
            change()


def test_a_file_kept_back_is_not_released(case, case_staff, send):
    app, code = case
    kept = _attach(case_staff["handler"], app, name="内部请示.pdf")
    given = _attach(case_staff["handler"], app)
    services.set_release(case_staff["handler"], app, kept.pk, False)
    send(app)
    assert list(handover.released(app)) == [given]
    assert applicant(app, code).get(_file_url(app, kept)).status_code == 404


def test_service_records_and_the_pickup_collector_masked(case, case_staff, send, on):
    app, _ = case
    h = case_staff["handler"]
    with pytest.raises(ValidationError, match="尚未送达"):
        services.record_service(h, app, method="post", served_on=DAY, tracking_number="1")
    _attach(h, app)
    send(app)
    on(DAY + dt.timedelta(days=6))
    with pytest.raises(ValidationError, match="领取人姓名"):
        services.record_service(h, app, method="pickup", served_on=DAY + dt.timedelta(days=5))
    with pytest.raises(ValidationError, match="不能早于答复日期"):
        services.record_service(h, app, method="post", served_on=DAY, tracking_number="EMS1")
    with pytest.raises(ValidationError, match="晚于今天"):
        services.record_service(
            h, app, method="post", served_on=DAY + dt.timedelta(days=9), tracking_number="E"
        )
    services.record_service(
        h,
        app,
        method="pickup",
        served_on=DAY + dt.timedelta(days=5),
        collector_name="李四光",
        collector_id="420102199001011234",
    )
    row = ServiceRecord.objects.get(application=app)
    assert row.collector_name == "李四光"  # kept (encrypted at rest)
    page = client_for(h).get(reverse("staff:application", args=[app.pk])).content.decode()
    assert "李**" in page and "420102********1234" in page
    assert "李四光" not in page and "420102199001011234" not in page
    entry = AuditEntry.objects.filter(action="record_service").last()
    assert "李四光" not in str(entry.data) and "199001011234" not in str(entry.data)
    # Through the form, a wrong date is a message, not a 500.
    response = client_for(h).post(
        reverse("staff:delivery_service", args=[app.pk]),
        {"method": "post", "served_on": "2020-01-01", "tracking_number": "EMS2"},
        follow=True,
    )
    assert response.status_code == 200 and "不能早于答复日期" in response.content.decode()


def test_the_service_slip_is_a_pdf_naming_the_letter_and_files(case, case_staff, send):
    import pymupdf

    app, _ = case
    _attach(case_staff["handler"], app)
    letter = send(app)
    response = client_for(case_staff["handler"]).get(reverse("staff:delivery_service_slip", args=[app.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pymupdf.open(stream=response.content, filetype="pdf") as doc:
        text = "".join(page.get_text() for page in doc).replace("\n", "")
    assert "送达回证" in text and letter.number in text and "低保资金发放表" in text
    assert app.applicant_name in text and "受送达人" in text


def test_the_form_the_letter_gives_decides_the_email_link(
    case, case_staff, send, django_capture_on_commit_callbacks
):
    """Art. 40: the letter may give another form than the one asked for; the e-mail link follows
    the form given, not the one asked for."""
    app, _ = case
    assert app.delivery == "email"
    _attach(case_staff["handler"], app)
    reading = {
        "medium": "paper",
        "delivery": "inspect",
        "ground": "carrier_safety",
        "reason": "档案为手写原件，纸张老化",
        "arrangement": "2026年3月10日上午9时，本机关档案室",
    }
    with django_capture_on_commit_callbacks(execute=True):
        row = send(app, form=reading)
    assert row.given_delivery == "inspect"
    assert mail.outbox == []


def test_a_letter_that_changes_the_form_to_email_sends_the_link(
    case, case_staff, send, django_capture_on_commit_callbacks
):
    app, _ = case
    type(app).objects.filter(pk=app.pk).update(delivery="post", medium="paper")
    app.refresh_from_db()
    _attach(case_staff["handler"], app)
    by_email = {"medium": "electronic", "delivery": "email", "ground": "cost", "reason": "共约1.2万页"}
    with django_capture_on_commit_callbacks(execute=True):
        send(app, form=by_email)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [app.email]
