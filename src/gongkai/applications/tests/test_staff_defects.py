"""Staff pages that answered 500: the subordinate agencies' overview (下级机关统计) and sending a
reply letter that was never drafted (issue 11, items 3 and 6)."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Channel, ReplyLetter

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def cases(agency_tree, case_staff, form_data, on):
    """Three applications in the city bureau (one overdue, one closed late, one new) and one in the district."""
    h = case_staff["handler"]
    on(D(2026, 3, 2))
    apps = [
        services.submit(agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=h)[0]
        for _ in range(3)
    ]
    services.confirm_receipt(h, apps[0], D(2026, 3, 2))
    services.confirm_receipt(h, apps[1], D(2026, 3, 2))
    on(D(2026, 5, 6))
    services.withdraw(h, apps[1], D(2026, 5, 6), "申请人撤回")
    services.submit(agency_tree["district"], form_data, channel=Channel.ONLINE)
    return apps


@pytest.mark.parametrize("who", ["supervisor", "admin", "head"])
def test_overview_of_subordinate_agencies_counts_each_agency(client, agency_tree, make_staff, cases, who):
    roles = {"supervisor": ("supervisor",), "admin": ("agency_admin",), "head": ("office_head",)}[who]
    agency = agency_tree["province"] if who == "supervisor" else agency_tree["city"]
    client.force_login(make_staff(agency, *roles, username=f"ov-{who}"))
    response = client.get(reverse("staff:applications_overview"))
    assert response.status_code == 200
    rows = {r["agency__name"]: r for r in response.context["per_agency"]}
    city = rows["随州市民政局"]
    assert (city["n_total"], city["n_open"], city["n_overdue"], city["n_late"]) == (3, 2, 1, 0)
    assert "岳阳市民政局" not in rows  # another tree
    page = response.content.decode()
    assert "随州市民政局" in page
    if who == "supervisor":  # a supervisor reads the subtree; staff only their own agency
        assert rows["随州市曾都区民政局"]["n_total"] == 1 and "随州市曾都区民政局" in page
    else:
        assert "随州市曾都区民政局" not in rows


@pytest.mark.parametrize("step", ["send", "sign", "edit"])
def test_letter_step_before_a_draft_is_refused_in_chinese(client, agency_tree, make_staff, cases, step):
    app = cases[0]
    staff = make_staff(agency_tree["city"], "handler", "leader", username="letter-staff")
    client.force_login(staff)
    response = client.post(
        reverse("staff:application_letter", args=[app.pk, step]), {"on": "2026-05-06", "body": "正文"}
    )
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("尚未起草答复告知书" in t for t in texts), texts
    assert not ReplyLetter.objects.filter(application=app).exists()
