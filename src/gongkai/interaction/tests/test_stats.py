"""Figures of a year: per source and kind, rates from the records, supervisors' subtree and ranking,
the CLI's JSON keys, and the annual report's generated sentences."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.interaction import services
from gongkai.interaction.models import Message, State
from gongkai.rules.interaction import FIGURE_KEYS

pytestmark = pytest.mark.django_db


def make(
    agency,
    kind="consult",
    state=State.CLOSED,
    received=dt.date(2025, 3, 3),
    answered=None,
    on_time=None,
    workdays=None,
    rating="",
    due=dt.date(2025, 3, 10),
    source="mailbox",
):
    return Message.objects.create(
        source=source,
        agency=agency,
        number=f"T-{Message.objects.count() + 1}",
        kind=kind,
        title="t",
        content="c",
        name="n",
        submitted_at=dt.datetime(received.year, received.month, received.day, 9, tzinfo=dt.UTC),
        received_on=received,
        due_on=due,
        state=state,
        answered_on=answered,
        on_time=on_time,
        workdays_taken=workdays,
        rating=rating,
    )


@pytest.fixture
def records(agency_tree):
    city, district = agency_tree["city"], agency_tree["district"]
    make(city, answered=dt.date(2025, 3, 5), on_time=True, workdays=2, rating="满意")
    make(city, answered=dt.date(2025, 3, 20), on_time=False, workdays=13, rating="不满意")
    make(city, state=State.ASSIGNED)  # open, past due
    make(city, state=State.NOT_ACCEPTED)
    make(
        city,
        kind="complain",
        source="hotline",
        state=State.CLOSED,
        answered=dt.date(2025, 3, 4),
        on_time=True,
        workdays=1,
        rating="基本满意",
    )
    make(city, received=dt.date(2024, 12, 30))  # last year: not counted
    make(district, answered=dt.date(2025, 3, 4), on_time=True, workdays=1, rating="满意")
    return city


def test_rates_per_source_and_kind(records):
    from gongkai.interaction.stats import agency_stats

    data = agency_stats(records, 2025, dt.date(2025, 12, 31))
    consult = data["sources"]["mailbox"]["kinds"]["consult"]
    assert (consult["received"], consult["accepted"], consult["closed"]) == (4, 3, 2)
    assert consult["closed_rate"] == round(2 / 3, 4) and consult["on_time_rate"] == 0.5
    assert (
        consult["avg_workdays"] == 7.5 and consult["satisfaction_rate"] == 0.5 and consult["overdue_now"] == 1
    )
    assert data["sources"]["hotline"]["total"]["satisfaction_rate"] == 1.0
    assert data["total"]["received"] == 5 and set(data["total"]) == set(FIGURE_KEYS)


def test_cli_json_and_supervisor_subtree_ranking(records, agency_tree, capsys):
    call_command("interaction", "stats", "--agency", "011043196", "--year", "2025", "--subtree", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["subtree"] and data["total"]["received"] == 6
    assert [r["agency"] for r in data["ranking"]] == [
        "随州市曾都区民政局",
        "随州市民政局",
    ]  # 100 % on time first
    call_command("interaction", "stats", "--agency", "011330001", "--year", "2025")
    text = capsys.readouterr().out
    assert "信箱/留言合计" in text and "12345热线合计" in text and "按期办结率" in text


def test_stats_page_scoped_and_ranked_for_supervisors(records, client, make_staff, agency_tree):
    client.force_login(make_staff(agency_tree["other"], "handler", username="s-other"))
    page = client.get(reverse("staff:interaction_stats") + "?year=2025").content.decode()
    assert "本年度暂无记录" in page  # another agency's records are not counted
    client.force_login(make_staff(agency_tree["city"], "handler", username="s-city"))
    response = client.get(reverse("staff:interaction_stats") + "?year=2025")
    assert response.context["data"]["total"]["received"] == 5  # not the district's below it
    assert "下级机关排名" not in response.content.decode()
    client.force_login(make_staff(agency_tree["province"], "supervisor", username="s-sup"))
    page = client.get(reverse("staff:interaction_stats") + "?year=2025").content.decode()
    assert "下级机关排名" in page and "随州市曾都区民政局" in page
    assert 'id="interaction-data"' in page and "interaction-chart.js" in page and "<script>" not in page


def test_annual_report_section_one_gets_the_figures(records):
    from gongkai.reports.build import facts

    overview = facts(records, 2025)["overview"]
    line = [s for s in overview if s.startswith("本年收到领导信箱")][0]
    assert "留言4件" in line and "办结2件" in line and "按期办结率50%" in line and "满意率50%" in line


def test_reminders_at_two_and_zero_working_days_left(submitted, staff, on):
    from gongkai.interaction.tasks import remind_handlers

    msg, _ = submitted
    services.accept(staff["dispatcher"], msg)
    services.assign(staff["dispatcher"], msg, handler=staff["handler"])
    msg.refresh_from_db()
    table_day = msg.received_on
    from gongkai.workdays.calendar import holiday_table

    two_left = holiday_table().add_workdays(msg.due_on, -2)
    assert remind_handlers(two_left.isoformat()) == 1
    assert remind_handlers(two_left.isoformat()) == 0  # once
    assert remind_handlers(table_day.isoformat()) == 0
    assert staff["handler"].message_reminders.get().workdays_left == 2
