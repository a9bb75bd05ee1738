"""A December receipt before next year's holidays are entered (issue 11, item 1). On 2026-12-04
the 20th working day falls in 2027, which chinesecalendar 1.11 does not hold: the receipt used to
be a 500 (UnknownYearError). Now it is recorded, the case says the due date is pending with its
earliest possible value, and entering 2027 recounts it."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Channel, Reminder
from gongkai.applications.tasks import remind_handlers
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
D = dt.date
# A stand-in for the 2027 notice (not the real one, which is not out when these tests were written):
# only 1 January off, so the 20th working day after 2026-12-04 moves from 2027-01-01 to 01-04.
STAND_IN_2027 = {
    "year": "2027",
    "holidays": "2027-01-01",
    "workdays": "",
    "source": "测试用替代安排",
    "names": "{}",
}


@pytest.fixture
def december(agency_tree, case_staff, form_data, on):
    on(D(2026, 12, 4))
    app, _ = services.submit(agency_tree["city"], form_data, channel=Channel.ONLINE)
    return app


def test_december_online_receipt_is_recorded_and_shows_the_pending_due_date(client, december, case_staff):
    client.force_login(case_staff["handler"])
    response = client.post(
        reverse("staff:application_act", args=[december.pk, "receipt"]),
        {"received_on": "2026-12-04", "how": "电话与申请人确认"},
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["已办理"]
    december.refresh_from_db()
    assert december.received_on == D(2026, 12, 4) and december.status == "running"
    assert december.due_on == D(2027, 1, 1)  # earliest possible, counting 2027's weekends only
    page = client.get(reverse("staff:application", args=[december.pk])).content.decode()
    assert "答复期限待定：2027年节假日安排尚未录入" in page
    assert "答复期限最早为 2027-01-01" in page
    queue = client.get(reverse("staff:applications")).content.decode()
    assert 'class="tag pending"' in queue and "2027年节假日安排尚未录入" in queue


def test_entering_2027_recounts_the_case_in_the_same_transaction(
    client, december, case_staff, make_staff, agency_tree
):
    services.confirm_receipt(case_staff["handler"], december, D(2026, 12, 4), "电话确认")
    admin = make_staff(agency_tree["province"], "agency_admin", "calendar_admin", username="cal-admin")
    client.force_login(admin)
    response = client.post(reverse("staff:calendar_save"), STAND_IN_2027)
    assert response.status_code == 302
    december.refresh_from_db()
    assert december.due_on == D(2027, 1, 4)
    entry = AuditEntry.objects.get(action="enter_holiday_year")
    assert entry.actor == admin and entry.data["holidays"] == ["2027-01-01"]
    client.force_login(case_staff["handler"])
    page = client.get(reverse("staff:application", args=[december.pk])).content.decode()
    assert "待定" not in page and "答复期限：2027-01-04" in page


def test_extension_notice_waits_for_the_calendar_with_a_clear_message(december, case_staff, on):
    h, head = case_staff["handler"], case_staff["head"]
    services.confirm_receipt(h, december, D(2026, 12, 4), "电话确认")
    on(D(2026, 12, 7))
    services.approve_extension(head, december, D(2026, 12, 7), 20)  # the approval itself is recordable
    with pytest.raises(ValidationError, match="2027年节假日安排尚未录入，告知书无法写明答复期限"):
        services.notify_extension(h, december, D(2026, 12, 7))
    services.request_supplement(h, december, D(2026, 12, 7), "请写明所需信息的年度", 10)  # 补正 is recordable
    december.refresh_from_db()
    assert december.status == "awaiting_supplement"


def test_reminders_count_with_the_estimate(december, case_staff, mailoutbox):
    h = case_staff["handler"]
    h.email = "handler@example.cn"
    h.save()
    services.confirm_receipt(h, december, D(2026, 12, 4), "电话确认")
    services.assign(h, december, h)
    assert remind_handlers("2026-12-25") == 1  # 5 working days left to 2027-01-01 (estimate)
    assert Reminder.objects.get().workdays_left == 5
    assert "2027年节假日安排尚未录入" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("today", "who", "shown"),
    [
        (D(2026, 11, 1), "agency_admin", True),
        (D(2026, 10, 31), "agency_admin", False),
        (D(2026, 12, 5), "calendar_admin", True),
        (D(2026, 12, 5), "handler", False),
    ],
)
def test_banner_on_the_admins_workbench_from_1_november(
    client, agency_tree, make_staff, monkeypatch, today, who, shown
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    client.force_login(make_staff(agency_tree["city"], who, username=f"banner-{who}"))
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert ("下一年度节假日尚未录入" in page) is shown
    assert ('href="/staff/calendar/"' in page) is (who == "calendar_admin")


def test_art26_clock_lists_a_document_whose_due_date_is_pending(workflow, agency_tree):
    from gongkai.disclosure.deadlines import publication_clock
    from gongkai.disclosure.models import Document

    doc = workflow.draft(agency_tree["city"], written_on=D(2026, 12, 10))
    assert doc.publish_due_on == D(2027, 1, 7)  # 20 working days, 2027 counted with weekends only
    soon, overdue = publication_clock(Document.objects.all(), D(2026, 12, 31))
    assert [(r.document.pk, r.workdays_left, r.pending_year) for r in soon] == [(doc.pk, 5, 2027)]
