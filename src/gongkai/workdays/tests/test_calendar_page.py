"""The holiday calendar page of the platform's calendar administrators (issue 11, item 2): paste the
State Council's notice, confirm it month by month, save (one transaction, audited); or edit by hand."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.workdays.calendar import holiday_table
from gongkai.workdays.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db
D = dt.date
NOTICES = Path(__file__).resolve().parents[2] / "rules" / "tests" / "fixtures" / "holiday_notices"
# Items in the notice's form for 2027 (a stand-in written for the test, not the real notice).
ITEMS_2027 = (
    "国务院办公厅关于2027年部分节假日安排的通知\n国办发明电〔2026〕99号\n"
    "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
    "二、春节：2月6日（周六）至13日（周六）放假调休，共8天。2月20日（周六）上班。\n"
    "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。"
)


@pytest.fixture
def cal_admin(agency_tree, make_staff):
    return make_staff(agency_tree["province"], "agency_admin", "calendar_admin", username="cal-admin")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_years_are_listed_with_their_source(client, cal_admin):
    client.force_login(cal_admin)
    page = client.get(reverse("staff:calendar")).content.decode()
    assert "2026年" in page and "chinesecalendar 数据包" in page
    assert "2027年节假日安排尚未录入" in page or "粘贴通知录入" in page
    assert 'href="/staff/calendar/2026/edit/"' in page


def test_paste_preview_then_save(client, cal_admin):
    client.force_login(cal_admin)
    preview = client.post(reverse("staff:calendar_preview"), {"mode": "notice", "text": ITEMS_2027})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()  # the preview saves nothing
    assert (
        "确认2027年节假日安排" in page
        and "共放假 <strong>11</strong> 天，调休上班 <strong>1</strong> 天" in page
    )
    assert page.count('class="month"') == 12
    assert 'class="off" title="春节" data-date="2027-02-06"' in page
    assert 'class="work" title="春节" data-date="2027-02-20"' in page
    assert "2月20日（周六）" in page and "国办发明电〔2026〕99号" in page
    ctx = preview.context
    saved = client.post(
        reverse("staff:calendar_save"),
        {
            "year": ctx["year"],
            "holidays": ctx["holidays"],
            "workdays": ctx["workdays"],
            "names": ctx["names"],
            "source": ctx["source"],
        },
    )
    assert saved.status_code == 302
    assert messages_of(saved)[0].startswith("已录入2027年节假日安排（放假11天，调休上班1天）")
    table = holiday_table()
    assert 2027 in table.years and not table.is_workday(D(2027, 2, 8)) and table.is_workday(D(2027, 2, 20))
    assert SpecialDay.objects.get(date=D(2027, 2, 10)).name == "春节"
    entry = CalendarYear.objects.get(year=2027)
    assert entry.source.endswith("（国办发明电〔2026〕99号）") and entry.entered_by == "cal-admin"
    audit = AuditEntry.objects.get(action="enter_holiday_year")
    assert (
        audit.actor == cal_admin
        and audit.data["workdays"] == ["2027-02-20"]
        and audit.data["replaced"] is None
    )


def test_a_real_notice_pasted_for_a_stored_year_replaces_it_identically(client, cal_admin):
    client.force_login(cal_admin)
    before = set(SpecialDay.objects.filter(date__year=2025).values_list("date", "kind"))
    preview = client.post(
        reverse("staff:calendar_preview"),
        {"mode": "notice", "text": (NOTICES / "2025.txt").read_text(encoding="utf-8")},
    )
    assert "2025年已录入" in preview.content.decode()
    ctx = preview.context
    client.post(
        reverse("staff:calendar_save"),
        {k: ctx[k] for k in ("year", "holidays", "workdays", "names", "source")},
    )
    assert set(SpecialDay.objects.filter(date__year=2025).values_list("date", "kind")) == before
    assert AuditEntry.objects.get(action="enter_holiday_year").data[
        "replaced"
    ]  # the old days are kept in the audit


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "notice", "text": "请于明天上班。", "year": "2027"}, "没有找到“一、元旦：……”"),
        (
            {"mode": "notice", "text": "一、元旦：1月1日（周四）放假。", "year": "2027"},
            "2027年是周五，通知写的是周四",
        ),
        (
            {"mode": "manual", "year": "2027", "holidays": "2027-01-01", "workdays": "2027-01-04"},
            "本来就是工作日",
        ),
        ({"mode": "manual", "year": "2027", "holidays": "2028-01-01", "workdays": ""}, "不属于2027年"),
        ({"mode": "manual", "year": "2027", "holidays": "2027/01/01", "workdays": ""}, "格式不正确"),
    ],
)
def test_what_cannot_be_read_is_refused_in_chinese_and_nothing_saved(client, cal_admin, data, message):
    client.force_login(cal_admin)
    response = client.post(reverse("staff:calendar_preview"), data)
    assert response.status_code == 200
    assert any(message in m for m in messages_of(response)), messages_of(response)
    assert message in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_save_checks_again_and_is_all_or_nothing(client, cal_admin):
    client.force_login(cal_admin)
    response = client.post(
        reverse("staff:calendar_save"),
        {"year": "2027", "holidays": "2027-01-01", "workdays": "2027-01-01", "names": "{}"},
    )
    assert "不能既是放假日又是调休上班日" in messages_of(response)[0]
    assert not CalendarYear.objects.filter(year=2027).exists() and not SpecialDay.objects.filter(
        date__year=2027
    )


def test_manual_editor_is_filled_with_the_stored_year(client, cal_admin):
    client.force_login(cal_admin)
    page = client.get(reverse("staff:calendar_edit", args=[2026])).content.decode()
    assert "2026-02-15" in page and "2026-02-14" in page  # 春节 off, the Saturday before worked
    preview = client.post(
        reverse("staff:calendar_preview"),
        {
            "mode": "manual",
            "year": "2027",
            "holidays": "2027-01-01..2027-01-03\n2027-02-06..2027-02-13",
            "workdays": "2027-02-20",
            "source": "",
        },
    )
    assert preview.context["n_holidays"] == 11 and preview.context["source"] == "人工录入"


@pytest.mark.parametrize("who", [("agency_admin",), ("handler", "supervisor")])
def test_only_calendar_administrators_enter_a_year(client, agency_tree, make_staff, who):
    client.force_login(make_staff(agency_tree["province"], *who, username="not-cal"))
    page = client.get(reverse("staff:calendar"))
    assert page.status_code == 200 and "粘贴通知录入" not in page.content.decode()
    assert client.get(reverse("staff:calendar_edit", args=[2027])).status_code == 403
    assert (
        client.post(reverse("staff:calendar_preview"), {"mode": "notice", "text": ITEMS_2027}).status_code
        == 403
    )
    assert (
        client.post(reverse("staff:calendar_save"), {"year": "2027", "holidays": "2027-01-01"}).status_code
        == 403
    )
    assert not CalendarYear.objects.filter(year=2027).exists()
