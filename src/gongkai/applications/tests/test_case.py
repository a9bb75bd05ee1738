import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application, Channel
from gongkai.rules.deadline_events import Status

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def app(agency_tree, case_staff, form_data):
    application, _ = services.submit(
        agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=case_staff["handler"]
    )
    return application


def test_national_day_2026_with_supplement_consultation_and_extension(client, app, case_staff, on):
    h, head = case_staff["handler"], case_staff["head"]
    on(D(2026, 9, 15))
    services.confirm_receipt(h, app, D(2026, 9, 15))
    on(D(2026, 9, 18))
    services.request_supplement(h, app, D(2026, 9, 18), "请写明所需资金发放的具体区县", 10)
    app.refresh_from_db()
    assert app.status == Status.AWAITING_SUPPLEMENT
    on(D(2026, 9, 25))
    services.supplement_received(h, app, D(2026, 9, 25))
    on(D(2026, 9, 29))
    services.consult(h, app, D(2026, 9, 29), "某社会救助服务中心")
    on(D(2026, 10, 13))
    services.consultation_answered(h, app, D(2026, 10, 13), "某社会救助服务中心", "不同意公开其账户信息")
    app.refresh_from_db()
    # Restart from 09-25: Sep 28, 29 count; Sep 30-Oct 13 (consultation, National Day inside) do not;
    # Oct 14 … Nov 6 are working days 3 … 20.
    assert app.due_on == D(2026, 11, 6)
    on(D(2026, 11, 2))
    with pytest.raises(PermissionDenied):
        services.approve_extension(h, app, D(2026, 11, 2), 20)  # only the office head approves
    with pytest.raises(ValidationError, match="不得超过20个工作日"):
        services.approve_extension(head, app, D(2026, 11, 2), 21)
    services.approve_extension(head, app, D(2026, 11, 2), 20)
    app.refresh_from_db()
    assert app.due_on == D(2026, 11, 6)  # not before the applicant is told
    on(D(2026, 11, 3))
    services.notify_extension(h, app, D(2026, 11, 3))
    app.refresh_from_db()
    assert app.due_on == D(2026, 12, 4)
    on(D(2026, 11, 4))
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.approve_extension(head, app, D(2026, 11, 4), 5)

    client.force_login(h)
    page = client.get(reverse("staff:application", args=[app.pk])).content.decode()
    assert "2026-12-04" in page and "第三十条" in page and "不计入答复期限" in page
    assert "11010519491231002X" not in page and "13812345678" not in page  # masked
    supplement = app.notices.get(title="政府信息公开申请补正告知书")
    assert (
        "张三" in supplement.body
        and "请写明所需资金发放的具体区县" in supplement.body
        and "10个工作日" in supplement.body
    )
    extension = app.notices.get(title="政府信息公开申请延期答复告知书")
    assert "2026年12月4日" in extension.body


def test_out_of_order_actions_are_refused_with_the_article(app, case_staff, on):
    h = case_staff["handler"]
    with pytest.raises(ValidationError, match="尚未确认收到.*第三十一条"):
        services.request_supplement(h, app, D(2025, 3, 3), "请补正", 10)  # not received yet
    on(D(2025, 1, 20))
    services.confirm_receipt(h, app, D(2025, 1, 20))
    on(D(2025, 2, 10))
    with pytest.raises(ValidationError, match="7个工作日内"):
        services.request_supplement(h, app, D(2025, 2, 10), "请补正", 10)  # 8th working day after receipt
    on(D(2025, 1, 24))
    services.request_supplement(h, app, D(2025, 1, 24), "请补正", 10)
    on(D(2025, 1, 27))
    with pytest.raises(ValidationError, match="一次性告知"):
        services.request_supplement(h, app, D(2025, 1, 27), "还要补正", 10)
    with pytest.raises(ValidationError, match="收到日期只有一个"):
        services.confirm_receipt(h, app, D(2025, 1, 27))
    assert app.events.count() == 2


def test_no_supplement_in_time_closes_as_no_correction(app, case_staff, on):
    h = case_staff["handler"]
    on(D(2025, 1, 20))
    services.confirm_receipt(h, app, D(2025, 1, 20))
    on(D(2025, 1, 21))
    services.request_supplement(h, app, D(2025, 1, 21), "请补正", 5)
    on(D(2025, 3, 3))
    services.refresh(app, D(2025, 3, 3))
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.outcome == "other.no_correction"


def test_receipt_rules_by_channel(agency_tree, case_staff, form_data, on):
    h = case_staff["handler"]
    letter, _ = services.submit(
        agency_tree["city"], form_data, channel=Channel.ORDINARY_LETTER, registered_by=h
    )
    with pytest.raises(ValidationError, match="双方确认"):
        services.confirm_receipt(h, letter, D(2025, 3, 3))
    on(D(2025, 3, 3))
    services.confirm_receipt(h, letter, D(2025, 3, 3), "2025-03-03 电话与申请人确认")
    letter.refresh_from_db()
    assert letter.received_on == D(2025, 3, 3) and letter.receipt_confirmed_by == h
    other, _ = services.submit(agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=h)
    with pytest.raises(ValidationError, match="晚于今天"):
        services.confirm_receipt(h, other, D(2099, 1, 1))


def test_other_agency_cannot_see_or_touch_the_case(client, app, case_staff):
    outsider = case_staff["outsider"]
    with pytest.raises(Http404):
        services.confirm_receipt(outsider, app, D(2025, 3, 3))
    client.force_login(outsider)
    assert client.get(reverse("staff:application", args=[app.pk])).status_code == 404
    response = client.post(
        reverse("staff:application_act", args=[app.pk, "receipt"]), {"received_on": "2025-03-03"}
    )
    assert response.status_code == 404
    assert app.number not in client.get(reverse("staff:applications")).content.decode()
    assert not Application.objects.get(pk=app.pk).received_on


def test_queue_colours_and_masks(client, app, case_staff, agency_tree, form_data, on):
    h = case_staff["handler"]
    on(D(2025, 1, 20))
    services.confirm_receipt(h, app, D(2025, 1, 20))
    on(timezone.localdate())  # long overdue by now
    client.force_login(h)
    page = client.get(reverse("staff:applications")).content.decode()
    assert app.number in page and 'class="tag overdue"' in page and "138****5678" in page
    assert "13812345678" not in page
    overdue = client.get(reverse("staff:applications") + "?status=overdue").content.decode()
    assert app.number in overdue


def test_unconfirmed_applications_are_listed_above_the_queue(
    client, app, case_staff, agency_tree, form_data, on
):
    h = case_staff["handler"]
    received, _ = services.submit(agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=h)
    on(D(2025, 1, 20))
    services.confirm_receipt(h, received, D(2025, 1, 20))
    on(timezone.localdate())
    client.force_login(h)
    page = client.get(reverse("staff:applications")).content.decode()
    waiting, queue = page.split("办理中（按答复期限）")
    assert app.number in waiting and received.number not in waiting
    assert received.number in queue and app.number not in queue
