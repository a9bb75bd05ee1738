"""Issue 11 item 15: the admin's workbench lists the applications waiting for receipt
confirmation, and lists and charts name agencies in full (four “市民政局” cannot be told apart)."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DATA = {
    "applicant_kind": "natural_person",
    "applicant_name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "description": "低保资金发放情况",
    "medium": "electronic",
    "delivery": "online",
}


def test_the_admin_workbench_lists_applications_awaiting_receipt(client, agency_tree, make_staff):
    from gongkai.applications import services

    city = agency_tree["city"]
    admin = make_staff(city, "agency_admin", username="city-admin")
    waiting, _ = services.submit(city, DATA)
    received, _ = services.submit(city, dict(DATA, description="临时救助资金发放情况"))  # not a repeat
    services.confirm_receipt(
        make_staff(city, "handler", username="h"), received, services.today(), "电话确认"
    )
    services.submit(agency_tree["other"], DATA)  # another agency's: not listed
    client.force_login(admin)
    page = client.get(reverse("staff:dashboard")).content.decode()
    section = page[page.index('id="receipt"') :]
    section = section[: section.index("</section>")]
    assert waiting.number in section and "随州市民政局" in section
    assert section.count("<tr>") == 2  # the header and the one waiting application
    client.force_login(make_staff(city, "editor", username="ed"))
    assert 'id="receipt"' not in client.get(reverse("staff:dashboard")).content.decode()


def test_the_rollup_chart_names_agencies_in_full(client, agency_tree, make_staff):
    client.force_login(make_staff(agency_tree["province"], "supervisor", username="sup"))
    page = client.get(reverse("staff:reports_rollup") + "?year=2025").content.decode()
    data = json.loads(page[page.index('id="rollup-data"') :].split(">", 1)[1].split("</script>")[0])
    assert "随州市民政局" in data["agencies"] and "市民政局" not in data["agencies"]
