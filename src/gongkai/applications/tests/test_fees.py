"""The information-processing fee on a case: the notice (Art. 42) and waivers, which exist only
where the installation lists its grounds (docs/domain.md: none verified, none by default)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, Channel
from gongkai.audit.services import history

pytestmark = pytest.mark.django_db
D = dt.date
GROUND = "申请人为最低生活保障对象"


@pytest.fixture
def app(agency_tree, case_staff, form_data, on):
    on(D(2025, 3, 3))
    application, _ = services.submit(
        agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=case_staff["handler"]
    )
    services.confirm_receipt(case_staff["handler"], application, D(2025, 3, 3))
    return application


def test_no_waiver_is_offered_or_accepted_by_default(client, app, case_staff, on):
    on(D(2025, 3, 4))
    client.force_login(case_staff["handler"])
    page = client.get(reverse("staff:application", args=[app.pk])).content.decode()
    assert "不减免" not in page
    with pytest.raises(ValidationError, match="减免情形之内"):
        services.send_fee_notice(case_staff["handler"], app, D(2025, 3, 4), "volume", 150, waiver=GROUND)
    assert Application.objects.get(pk=app.pk).fee_amount is None


def test_a_configured_ground_waives_the_fee_without_pausing_the_clock(client, app, case_staff, on, settings):
    settings.GONGKAI_FEE_WAIVER_GROUNDS = [GROUND]
    on(D(2025, 3, 4))
    due = Application.objects.get(pk=app.pk).due_on
    client.force_login(case_staff["handler"])
    assert "不减免" in client.get(reverse("staff:application", args=[app.pk])).content.decode()
    response = client.post(
        reverse("staff:application_act", args=[app.pk, "fee"]),
        {"on": "2025-03-04", "method": "volume", "quantity": "150", "waiver": GROUND},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.fee_amount, app.fee_waiver) == (0, f"{GROUND}（减免1700元）")
    assert app.due_on == due and app.notices.count() == 0  # no notice, the clock runs on
    [entry] = [e for e in history(app) if e.action == "fee_waived"]
    assert entry.reason == GROUND and entry.data["amount_waived"] == 1700
    page = client.get(reverse("staff:application", args=[app.pk])).content.decode()
    assert f"已减免：{GROUND}（减免1700元）" in page
    with pytest.raises(ValidationError, match="已处理过"):
        services.send_fee_notice(case_staff["handler"], app, D(2025, 3, 4), "volume", 150, waiver=GROUND)


def test_without_a_ground_the_notice_is_sent_as_before(app, case_staff, on, settings):
    settings.GONGKAI_FEE_WAIVER_GROUNDS = [GROUND]
    on(D(2025, 3, 4))
    services.send_fee_notice(case_staff["handler"], app, D(2025, 3, 4), "volume", 150)
    app.refresh_from_db()
    assert (app.fee_amount, app.fee_waiver) == (1700, "")
    assert app.notices.filter(kind="fee_notice_sent").exists()
