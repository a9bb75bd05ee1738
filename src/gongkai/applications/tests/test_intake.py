import re

import pytest
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def apply_url(agency):
    return reverse("applications_portal:apply", args=[agency.slug])


def token_of(page: str) -> str:
    return re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)


def test_missing_and_invalid_fields_are_named_in_chinese_and_nothing_is_saved(client, agency_tree, form_data):
    city = agency_tree["city"]
    token = token_of(client.get(apply_url(city)).content.decode())
    bad = form_data | {
        "applicant_name": "",
        "id_number": "110105194912310021",
        "phone": "12345",
        "description": "",
        "delivery": "post",
        "address": "",
    }
    page = client.post(apply_url(city), bad | {"token": token}).content.decode()
    for message in (
        "请填写申请人姓名或名称",
        "居民身份证号码不正确",
        "请填写有效的联系电话",
        "请描述所需的政府信息",
        "选择邮寄的，请填写通信地址",
        "申请未提交",
    ):
        assert message in page, message
    assert Application.objects.count() == 0


def test_submission_gives_number_and_code_and_double_submission_creates_one(client, agency_tree, form_data):
    city = agency_tree["city"]
    token = token_of(client.get(apply_url(city)).content.decode())
    first = client.post(apply_url(city), form_data | {"token": token}, follow=True).content.decode()
    again = client.post(
        apply_url(city), form_data | {"token": token}, follow=True
    ).content.decode()  # double click
    assert Application.objects.count() == 1
    app = Application.objects.get()
    assert re.fullmatch(r"\d{4}-0001", app.number) and app.channel == "online" and app.purpose == ""
    code = re.search(r'id="code">([A-Z0-9]{8})<', first).group(1)
    assert code in again  # the resubmitted page shows the same application and code
    assert app.phone == "13812345678"

    # Another browser needs the number and the code; a wrong code is refused.
    from django.test import Client

    other = Client()
    status_url = reverse("applications_portal:status", args=[city.slug, app.pk])
    assert other.get(status_url).status_code == 302
    lookup = reverse("applications_portal:lookup", args=[city.slug])
    assert (
        "申请编号或查询码不正确"
        in other.post(lookup, {"number": app.number, "code": "WRONGCODE"}).content.decode()
    )
    page = other.post(lookup, {"number": app.number, "code": code.lower()}, follow=True).content.decode()
    assert app.number in page and "待工作人员确认" in page
    assert AuditEntry.objects.filter(object_id=str(app.pk), action="submit").count() == 1


def test_a_new_form_is_a_new_application(client, agency_tree, form_data):
    city = agency_tree["city"]
    for n in range(2):
        token = token_of(client.get(apply_url(city)).content.decode())
        client.post(apply_url(city), form_data | {"token": token, "description": f"第{n + 1}项所需信息"})
    assert list(Application.objects.order_by("serial").values_list("serial", flat=True)) == [1, 2]


def test_organisation_applicant_needs_contact_person(client, agency_tree, form_data):
    city = agency_tree["city"]
    data = form_data | {
        "applicant_kind": "legal_service_org",
        "applicant_name": "某律师事务所",
        "id_type": "credit_code",
        "id_number": "9142010",
        "token": "t1",
    }
    page = client.post(apply_url(city), data).content.decode()
    assert "请填写联系人" in page and "统一社会信用代码应为18位" in page
