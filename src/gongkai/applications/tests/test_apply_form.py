"""The online form beyond Art. 29's minimum: Back + submit again, the printable 回执, the 代理人/委托
section, the optional proof of identity, the 减免费用 request."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application, IntakeOptions
from gongkai.testing.files import pdf, png

pytestmark = pytest.mark.django_db
PNG = png()
PDF = pdf("authorisation")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def apply_url(agency):
    return reverse("applications_portal:apply", args=[agency.slug])


def fresh_token(client, agency) -> str:
    return re.search(
        r'name="token" value="([0-9a-f]+)"', client.get(apply_url(agency)).content.decode()
    ).group(1)


def test_back_and_submit_again_within_30_minutes_shows_the_first_application(
    client, agency_tree, form_data, monkeypatch
):
    city = agency_tree["city"]
    first = client.post(apply_url(city), form_data | {"token": fresh_token(client, city)}, follow=True)
    code = re.search(r'id="code">([A-Z0-9]{8})<', first.content.decode()).group(1)
    # Back: the browser restores the fields; the form now carries another token.
    again = client.post(apply_url(city), form_data | {"token": "another-token"}, follow=True).content.decode()
    assert Application.objects.count() == 1
    app = Application.objects.get()
    assert app.number in again and code in again and "未重复登记" in again
    # Someone else typing the same data gets no access to the first application.
    other = Client().post(apply_url(city), form_data | {"token": "third"}).content.decode()
    assert "该申请已提交过" in other and code not in other and "办理进度</h1>" not in other
    # A different request, or the same one after 30 minutes, is a new application.
    client.post(apply_url(city), form_data | {"token": "t4", "description": "另一项信息"})
    later = timezone.now() + dt.timedelta(minutes=31)
    monkeypatch.setattr(services, "now", lambda: later)
    client.post(apply_url(city), form_data | {"token": "t5"})
    assert Application.objects.count() == 3


def test_done_page_is_a_printable_receipt(client, agency_tree, form_data):
    city = agency_tree["city"]
    page = client.post(apply_url(city), form_data | {"token": fresh_token(client, city)}, follow=True)
    html = page.content.decode()
    app = Application.objects.get()
    receipt = html[html.index('class="receipt"') : html.index("</section>", html.index('class="receipt"'))]
    assert "政府信息公开申请回执" in receipt and app.number in receipt and 'id="code">' in receipt
    assert timezone.localtime(app.submitted_at).strftime("%Y年%-m月%-d日") in receipt
    assert "随州市民政局" in receipt and "二十个工作日内予以答复" in receipt and "第三十三条" in receipt
    assert 'data-action="print-receipt"' in html and "gongkai/print.css" in html


def test_an_agent_must_give_a_phone_and_the_authorisation(client, agency_tree, form_data):
    city = agency_tree["city"]
    page = client.post(apply_url(city), form_data | {"token": "a1", "agent_name": "李四"}).content.decode()
    assert "代理人申请的，请填写代理人联系电话" in page and "代理人申请的，请上传授权委托书" in page
    fake = SimpleUploadedFile("委托书.pdf", b"not a pdf at all")
    page = client.post(
        apply_url(city),
        form_data
        | {"token": "a2", "agent_name": "李四", "agent_phone": "13900000000", "authorisation": fake},
    ).content.decode()
    assert "授权委托书：文件内容与扩展名" in page and Application.objects.count() == 0
    good = SimpleUploadedFile("委托书.pdf", PDF)
    client.post(
        apply_url(city),
        form_data
        | {"token": "a3", "agent_name": "李四", "agent_phone": "13900000000", "authorisation": good},
    )
    app = Application.objects.get()
    assert app.agent_name == "李四" and app.authorisation.name.endswith("-authorisation.pdf")
    assert app.authorisation.read() == PDF


def test_proof_of_identity_is_offered_where_the_agency_asks_and_checked(client, agency_tree, form_data):
    city = agency_tree["city"]
    assert 'name="id_proof"' not in client.get(apply_url(city)).content.decode()
    IntakeOptions.objects.create(agency=city, asks_id_proof=True)
    page = client.get(apply_url(city)).content.decode()
    assert 'name="id_proof"' in page and 'enctype="multipart/form-data"' in page
    big = SimpleUploadedFile("身份证.png", PNG + b"\x00" * (5 * 1024 * 1024))
    page = client.post(apply_url(city), form_data | {"token": "p1", "id_proof": big}).content.decode()
    assert "身份证明：文件过大" in page
    word = SimpleUploadedFile("身份证.docx", b"PK\x03\x04" + b"\x00" * 30)
    page = client.post(apply_url(city), form_data | {"token": "p2", "id_proof": word}).content.decode()
    assert "身份证明：" in page and Application.objects.count() == 0
    client.post(
        apply_url(city), form_data | {"token": "p3", "id_proof": SimpleUploadedFile("身份证.png", PNG)}
    )
    assert Application.objects.get().id_proof.name.endswith("-id_proof.png")
    client.post(apply_url(city), form_data | {"token": "p4", "description": "不上传也可以"})  # optional
    assert Application.objects.count() == 2


def test_fee_waiver_request_is_offered_where_there_are_grounds(client, agency_tree, form_data, settings):
    city = agency_tree["city"]
    assert "申请减免信息处理费" not in client.get(apply_url(city)).content.decode()
    settings.GONGKAI_FEE_WAIVER_GROUNDS = ["申请人为最低生活保障对象"]
    page = client.get(apply_url(city)).content.decode()
    assert "申请减免信息处理费" in page and "申请人为最低生活保障对象" in page
    client.post(
        apply_url(city), form_data | {"token": "w1", "fee_waiver_request": "申请人为最低生活保障对象"}
    )
    assert Application.objects.get().fee_waiver_request == "申请人为最低生活保障对象"
    page = client.post(
        apply_url(city), form_data | {"token": "w2", "fee_waiver_request": "随便写"}
    ).content.decode()
    assert "选项无效" in page or "选择一个有效的选项" in page
