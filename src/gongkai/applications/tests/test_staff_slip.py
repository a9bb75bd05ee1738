"""Issue 11, item 11: the applicant's e-mail for the handler who delivers by e-mail (masked for
everyone else), and the 回执 with a 查询码 for applications staff register (counter, post, fax):
shown once, printable and as a PDF, reissued (audited, the old code stops working)."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, Channel
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
D = dt.date
CODE = re.compile(r'id="slip-code"[^>]*>([A-Z0-9]{8})<')


def register(client, form_data, channel="in_person", **extra):
    page = client.get(reverse("staff:application_register")).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    return client.post(
        reverse("staff:application_register"),
        form_data | {"channel": channel, "token": token, "applied_on": "2025-03-03"} | extra,
        follow=True,
    )


def lookup(client, agency, number, code):
    url = reverse("applications_portal:lookup", args=[agency.slug])
    return client.post(url, {"number": number, "code": code}, follow=True).content.decode()


# -- the e-mail on the case page ---------------------------------------------------------------


def test_handler_sees_the_email_when_delivery_is_by_email_others_see_it_masked(
    client, agency_tree, case_staff, form_data
):
    city = agency_tree["city"]
    by_email, _ = services.submit(
        city,
        form_data | {"email": "zhang.san@example.cn", "delivery": "email"},
        channel=Channel.IN_PERSON,
        registered_by=case_staff["handler"],
    )
    by_post, _ = services.submit(
        city,
        form_data | {"email": "li.si@example.cn", "delivery": "post", "description": "另一件申请"},
        channel=Channel.IN_PERSON,
        registered_by=case_staff["handler"],
    )
    client.force_login(case_staff["handler"])
    page = client.get(reverse("staff:application", args=[by_email.pk])).content.decode()
    assert "mailto:zhang.san@example.cn" in page and "以电子邮件送达" in page
    page = client.get(reverse("staff:application", args=[by_post.pk])).content.decode()
    assert "li.si@example.cn" not in page and "l***@example.cn" in page
    # The leader signs but does not deliver: masked, like the ID number and the phone.
    client.force_login(case_staff["leader"])
    page = client.get(reverse("staff:application", args=[by_email.pk])).content.decode()
    assert "zhang.san@example.cn" not in page and "z***@example.cn" in page


# -- registration gives a 回执 with a 查询码 ---------------------------------------------------------


@pytest.mark.parametrize("channel", ["in_person", "registered_post", "fax"])
def test_registration_shows_the_code_once_on_a_slip_that_works_on_the_portal(
    client, agency_tree, case_staff, form_data, channel, on
):
    city = agency_tree["city"]
    city.office_name, city.phone = "随州市民政局办公室", "0722-3222222"
    city.save()
    on(D(2025, 3, 3))
    client.force_login(case_staff["handler"])
    response = register(client, form_data, channel)
    app = Application.objects.get()
    assert response.redirect_chain[-1][0] == reverse("staff:application_slip", args=[app.pk])
    page = response.content.decode()
    code = CODE.search(page).group(1)
    assert app.number in page and "随州市民政局（随州市民政局办公室）" in page
    assert "二十个工作日内予以答复" in page and "第三十三条" in page  # Art. 33 time limit
    assert f"/{city.slug}/apply/status/" in page and "0722-3222222" in page  # where to look it up
    assert "2025年3月3日" in page
    # Only its hash is stored; the code opens the applicant's status page on the portal.
    assert code not in app.access_code_hash
    assert app.number in lookup(Client(), city, app.number, code)
    # Handed over: the slip no longer shows it, nor does the case page ever.
    client.post(reverse("staff:application_slip_done", args=[app.pk]))
    page = client.get(reverse("staff:application_slip", args=[app.pk])).content.decode()
    assert code not in page and "查询码只在登记或重新生成时显示一次" in page
    assert code not in client.get(reverse("staff:application", args=[app.pk])).content.decode()


def test_the_code_is_not_shown_again_later_nor_to_someone_else(
    client, agency_tree, case_staff, form_data, on, make_staff
):
    city = agency_tree["city"]
    on(D(2025, 3, 3))
    client.force_login(case_staff["handler"])
    code = CODE.search(register(client, form_data).content.decode()).group(1)
    app = Application.objects.get()
    slip = reverse("staff:application_slip", args=[app.pk])
    other = Client()
    other.force_login(make_staff(city, "handler", username="h2"))
    assert code not in other.get(slip).content.decode()
    on(D(2025, 3, 4))  # the next day the same browser no longer sees it either
    assert code not in client.get(slip).content.decode()


def test_slip_as_pdf_carries_number_and_code(client, agency_tree, case_staff, form_data, on, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils missing")
    on(D(2025, 3, 3))
    client.force_login(case_staff["handler"])
    code = CODE.search(register(client, form_data, "fax").content.decode()).group(1)
    app = Application.objects.get()
    response = client.get(reverse("staff:application_slip_pdf", args=[app.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "slip.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "政府信息公开申请回执" in text and app.number in text and code in text
    assert "二十个工作日" in text and "随州市民政局" in text


# -- 重新生成查询码 -------------------------------------------------------------------------------------


def test_reissued_code_replaces_the_old_one_everywhere_and_is_audited(
    client, agency_tree, case_staff, form_data, on
):
    city = agency_tree["city"]
    on(D(2025, 3, 3))
    client.force_login(case_staff["handler"])
    old = CODE.search(register(client, form_data).content.decode()).group(1)
    app = Application.objects.get()
    applicant = Client()
    assert app.number in lookup(applicant, city, app.number, old)  # the applicant looked once with it
    client.post(reverse("staff:application_slip_done", args=[app.pk]))
    # A reason is required.
    response = client.post(
        reverse("staff:application_act", args=[app.pk, "reissue_code"]), {"note": ""}, follow=True
    )
    assert "请写明重新生成查询码的原因" in response.content.decode()
    response = client.post(
        reverse("staff:application_act", args=[app.pk, "reissue_code"]),
        {"note": "申请人遗失回执"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("staff:application_slip", args=[app.pk])
    new = CODE.search(response.content.decode()).group(1)
    assert new != old
    assert "申请编号或查询码不正确" in lookup(Client(), city, app.number, old)
    assert app.number in lookup(Client(), city, app.number, new)
    # The browser that proved the old code earlier must prove the new one.
    status = reverse("applications_portal:status", args=[city.slug, app.pk])
    assert applicant.get(status).status_code == 302
    entry = AuditEntry.objects.get(action="reissue_code")
    assert entry.actor == case_staff["handler"] and entry.reason == "申请人遗失回执"
    assert new not in str(entry.data) and old not in str(entry.data)
    history = client.get(reverse("staff:application", args=[app.pk])).content.decode()
    assert "重新生成查询码" in history


def test_only_who_may_register_may_reissue(client, agency_tree, case_staff, form_data):
    app, code = services.submit(
        agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=case_staff["handler"]
    )
    for user in (case_staff["leader"], case_staff["outsider"]):
        client.force_login(user)
        response = client.post(
            reverse("staff:application_act", args=[app.pk, "reissue_code"]), {"note": "遗失"}
        )
        assert response.status_code in (403, 404)
    assert app.number in lookup(Client(), agency_tree["city"], app.number, code)
    assert not AuditEntry.objects.filter(action="reissue_code").exists()
