import datetime as dt

import pytest

from gongkai.applications import letters, services
from gongkai.applications.models import Channel, Reminder
from gongkai.applications.stats import applications_table
from gongkai.applications.tasks import remind_handlers
from gongkai.rules.annual.checks import check_report
from gongkai.rules.annual.model import empty_report, get_row

pytestmark = pytest.mark.django_db
D = dt.date


def test_handlers_are_reminded_at_5_and_2_working_days_left_once(
    agency_tree, case_staff, form_data, on, mailoutbox
):
    h = case_staff["handler"]
    h.email = "handler@example.cn"
    h.save()
    on(D(2025, 3, 3))
    app, _ = services.submit(agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=h)
    services.confirm_receipt(h, app, D(2025, 3, 3))
    services.assign(h, app, h)
    app.refresh_from_db()
    assert app.due_on == D(2025, 3, 31)
    assert remind_handlers("2025-03-21") == 0  # 6 working days left
    assert remind_handlers("2025-03-24") == 1  # 5 left
    assert remind_handlers("2025-03-24") == 0  # once
    assert remind_handlers("2025-03-27") == 1  # 2 left
    assert sorted(Reminder.objects.values_list("workdays_left", flat=True)) == [2, 5]
    assert len(mailoutbox) == 2 and "剩余2个工作日" in mailoutbox[1].subject
    assert form_data["phone"].replace(" ", "") not in mailoutbox[0].body


def close(app, staff, outcome, on, day):
    on(day)
    letters.draft_reply(staff["handler"], app, outcome, holder_agency="某局", provided=["材料"])
    row = app.letter
    import re

    letters.edit_reply(staff["handler"], app, re.sub(r"【请填写：[^】]*】", "已填", row.body))
    letters.sign_reply(staff["leader"], app)
    letters.send_reply(staff["handler"], app, day)


def test_applications_table_from_records_across_years(
    agency_tree, case_staff, form_data, on, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    city, h = agency_tree["city"], case_staff["handler"]
    cases = []
    for kind, received in [
        ("natural_person", D(2024, 12, 20)),
        ("commercial_enterprise", D(2025, 2, 10)),
        ("natural_person", D(2025, 12, 22)),
        ("legal_service_org", D(2025, 6, 3)),
    ]:
        on(received)
        app, _ = services.submit(
            city,
            form_data | {"applicant_kind": kind, "contact_person": "李四"},
            channel=Channel.IN_PERSON,
            registered_by=h,
        )
        services.confirm_receipt(h, app, received)
        cases.append(app)
    close(cases[0], case_staff, "granted", on, D(2025, 1, 10))  # carried over from 2024, granted in 2025
    close(cases[1], case_staff, "unavailable.not_held", on, D(2025, 3, 3))
    close(cases[3], case_staff, "withheld.third_party_rights", on, D(2025, 6, 20))
    close(cases[2], case_staff, "partially_granted", on, D(2026, 1, 9))  # carried forward into 2026
    on(D(2026, 2, 1))
    t24, t25, t26 = (applications_table(city, y) for y in (2024, 2025, 2026))
    assert (
        get_row(t24, "new_received")["natural_person"] == 1 and get_row(t24, "carried_forward")["total"] == 1
    )
    assert get_row(t25, "carried_over")["natural_person"] == 1
    assert get_row(t25, "new_received")["total"] == 3
    assert get_row(t25, "granted")["natural_person"] == 1
    assert get_row(t25, "unavailable.not_held")["commercial_enterprise"] == 1
    assert get_row(t25, "withheld.third_party_rights")["legal_service_org"] == 1
    assert (
        get_row(t25, "total_handled")["total"] == 3 and get_row(t25, "carried_forward")["natural_person"] == 1
    )
    assert get_row(t26, "carried_over") == get_row(t25, "carried_forward")
    assert get_row(t26, "partially_granted")["natural_person"] == 1
    for year, table in ((2025, t25), (2026, t26)):
        report = empty_report("2021", year, city.name)
        report["applications"] = table
        report["active_disclosure"] = None
        report["appeals"] = None
        assert check_report(report) == [], year
