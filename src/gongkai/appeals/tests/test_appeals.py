"""Appeal records: entered by staff from the application's page, counted in section 四."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from gongkai.appeals import services
from gongkai.appeals.models import AppealCase
from gongkai.appeals.stats import appeals_table
from gongkai.audit.services import history

pytestmark = pytest.mark.django_db
D = dt.date
CASE = {"number": "随府复〔2025〕7号", "body": "随州市人民政府"}


@pytest.fixture
def app(agency_tree, make_application):
    return make_application(
        agency_tree["city"], "natural_person", D(2025, 2, 3), D(2025, 2, 20), "withheld.state_secret"
    )


@pytest.fixture
def staff(agency_tree, make_staff):
    return {
        "handler": make_staff(agency_tree["city"], "handler", username="ap-handler"),
        "supervisor": make_staff(agency_tree["province"], "supervisor", username="ap-sup"),
        "outsider": make_staff(agency_tree["other"], "handler", "office_head", username="ap-out"),
    }


def test_counting_year_is_the_filing_year_and_open_at_year_end_is_pending(app, staff, agency_tree):
    h = staff["handler"]
    services.create_case(h, app, CASE | {"kind": "reconsideration", "filed_on": D(2025, 3, 1)})
    late = services.create_case(h, app, CASE | {"kind": "reconsideration", "filed_on": D(2025, 12, 1)})
    services.create_case(
        h,
        app,
        CASE | {"kind": "litigation", "route": "direct", "body": "曾都区人民法院", "filed_on": D(2026, 1, 5)},
    )  # next year's report
    services.set_result(h, late, "corrected", D(2026, 2, 1))
    city = agency_tree["city"]
    assert appeals_table(city, 2025)["reconsideration"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 2,
        "total": 2,
    }
    assert appeals_table(city, 2026)["litigation_direct"]["pending"] == 1
    assert appeals_table(city, 2026)["reconsideration"]["total"] == 0
    assert appeals_table(agency_tree["province"], 2025)["reconsideration"]["total"] == 0
    assert [e.action for e in history(late)] == ["create", "result"]


def test_a_co_defendant_lawsuit_counts_for_the_original_agency_only(app, staff, agency_tree):
    services.create_case(
        staff["handler"],
        app,
        CASE
        | {
            "kind": "litigation",
            "route": "after_reconsideration",
            "co_defendant": True,
            "body": "曾都区人民法院",
            "filed_on": D(2025, 6, 1),
            "result": "upheld",
            "closed_on": D(2025, 10, 1),
        },
    )
    assert appeals_table(agency_tree["city"], 2025)["litigation_after_reconsideration"]["upheld"] == 1
    # The reconsideration body (here the province) is co-defendant, but the case is not its own.
    AppealCase.objects.update(agency=agency_tree["province"])
    assert appeals_table(agency_tree["province"], 2025)["litigation_after_reconsideration"]["total"] == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "litigation", "filed_on": D(2025, 3, 1)}, "直接起诉还是复议后起诉"),
        (
            {"kind": "litigation", "route": "direct", "co_defendant": True, "filed_on": D(2025, 3, 1)},
            "须为复议后起诉",
        ),
        ({"kind": "reconsideration", "filed_on": D(2025, 1, 1)}, "不能早于申请的收到日期"),
        ({"kind": "reconsideration", "filed_on": D(2025, 3, 1), "result": "upheld"}, "须填写审结日期"),
        (
            {
                "kind": "reconsideration",
                "filed_on": D(2025, 3, 1),
                "result": "upheld",
                "closed_on": D(2025, 2, 1),
            },
            "不能早于立案日期",
        ),
        (
            {"kind": "reconsideration", "filed_on": D(2025, 3, 1), "closed_on": D(2025, 4, 1)},
            "尚未审结的案件不能有审结日期",
        ),
        ({"kind": "reconsideration", "filed_on": D(2025, 3, 1), "number": ""}, "请填写案号"),
    ],
)
def test_bad_input_is_refused_in_chinese(app, staff, data, message):
    with pytest.raises(ValidationError, match=message):
        services.create_case(staff["handler"], app, CASE | data)
    assert not AppealCase.objects.exists()


def test_entered_from_the_case_page_and_shown_there(client, app, staff):
    client.force_login(staff["handler"])
    page = client.get(reverse("staff:application", args=[app.pk])).content.decode()
    create = reverse("staff:appeal_create", args=[app.pk])
    assert "行政复议、行政诉讼" in page and create in page
    response = client.post(
        create,
        {
            "kind": "litigation",
            "route": "direct",
            "number": "（2025）鄂1303行初12号",
            "body": "曾都区人民法院",
            "filed_on": "2025-04-01",
            "result": "pending",
        },
    )
    assert response.status_code == 302
    case = AppealCase.objects.get()
    page = client.get(reverse("staff:application", args=[app.pk])).content.decode()
    assert "（2025）鄂1303行初12号" in page and "尚未审结" in page
    client.post(reverse("staff:appeal", args=[case.pk]), {"result": "corrected", "closed_on": "2025-09-09"})
    case.refresh_from_db()
    assert case.result == "corrected" and case.closed_on == D(2025, 9, 9)
    response = client.post(
        create,
        {"kind": "litigation", "number": "x", "body": "y", "filed_on": "2025-04-01", "result": "pending"},
    )
    assert "直接起诉还是复议后起诉" in response.content.decode()


def test_other_agencies_get_404_and_supervisors_only_read(client, app, staff):
    case = services.create_case(
        staff["handler"], app, CASE | {"kind": "reconsideration", "filed_on": D(2025, 3, 1)}
    )
    client.force_login(staff["outsider"])
    assert client.get(reverse("staff:appeal", args=[case.pk])).status_code == 404
    assert client.get(reverse("staff:appeal_create", args=[app.pk])).status_code == 404
    assert (
        client.post(
            reverse("staff:appeal", args=[case.pk]), {"result": "upheld", "closed_on": "2025-05-05"}
        ).status_code
        == 404
    )
    assert case.number not in client.get(reverse("staff:appeals")).content.decode()
    with pytest.raises(Http404):
        services.set_result(staff["outsider"], case, "upheld", D(2025, 5, 5))
    client.force_login(staff["supervisor"])
    page = client.get(reverse("staff:appeal", args=[case.pk])).content.decode()
    assert case.number in page and "保存结果" not in page
    assert case.number in client.get(reverse("staff:appeals")).content.decode()
    assert client.get(reverse("staff:appeal_create", args=[app.pk])).status_code == 404
    assert (
        client.post(
            reverse("staff:appeal", args=[case.pk]), {"result": "upheld", "closed_on": "2025-05-05"}
        ).status_code
        == 404
    )
    case.refresh_from_db()
    assert case.result == "pending"
