"""A NUL character anywhere in a request is a 400 in Chinese (JSON under /api/), never the 500 that
PostgreSQL's refusal of NUL made of it (gongkai.portal.nul_guard). Run on both databases: on
PostgreSQL the search, the staff list filter and a session cookie with NUL were a 500 before."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, Channel, IntakeOptions
from gongkai.testing.factories import APPLICANT
from gongkai.testing.files import png

pytestmark = pytest.mark.django_db


def refused(response) -> str:
    page = response.content.decode()
    assert response.status_code == 400, page[:300]
    assert "请求有误" in page and "空字符" in page
    return page


@pytest.fixture
def case(agency_tree, make_staff):
    city = agency_tree["city"]
    handler = make_staff(city, "handler", username="handler")
    app, _ = services.submit(city, dict(APPLICANT), channel=Channel.IN_PERSON, registered_by=handler)
    return {"handler": handler, "app": app, "editor": make_staff(city, "editor", username="editor")}


def test_a_staff_select_posted_with_nul_is_refused_and_assigns_no_one(client, case):
    client.force_login(case["handler"])
    assign = reverse("staff:application_act", args=[case["app"].pk, "assign"])
    page = refused(client.post(assign, {"handler": f"{case['handler'].pk}\x00"}))
    assert "返回工作台" in page  # the staff frame's way back
    case["app"].refresh_from_db()
    assert case["app"].handler is None
    client.post(assign, {"handler": case["handler"].pk})  # the same select without NUL works
    case["app"].refresh_from_db()
    assert case["app"].handler == case["handler"]


def test_a_staff_list_filter_with_nul_is_refused(client, case):
    client.force_login(case["editor"])
    refused(client.get(reverse("staff:documents"), {"q": "通知\x00"}))
    assert client.get(reverse("staff:documents"), {"q": "通知"}).status_code == 200


def test_a_public_search_with_nul_is_a_chinese_400_page(client, agency_tree):
    page = refused(client.get("/search/", {"q": "通知\x00"}))
    assert "返回首页" in page
    refused(client.get("/search/", {"q": "通知", "agency": agency_tree["city"].slug + "\x00"}))
    refused(client.get("/search/", {"q": "通知", "category\x00": "16"}))  # in a parameter's name
    assert client.get("/search/", {"q": "通知", "agency": agency_tree["city"].slug}).status_code == 200


def test_the_search_api_answers_nul_in_chinese_json(client):
    response = client.get("/api/search", {"q": "通知", "agency": "\x00"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "空字符" in response.json()["detail"]


def test_a_public_application_with_nul_is_refused_and_nothing_is_saved(client, agency_tree):
    url = reverse("applications_portal:apply", args=[agency_tree["city"].slug])
    refused(client.post(url, APPLICANT | {"token": "n1", "description": "2024年低保\x00名单"}))
    refused(client.post(url, APPLICANT | {"token": "n2", "applicant_name": "张\x00三"}))
    assert not Application.objects.exists()


def test_an_upload_is_not_read_only_the_fields_beside_it(client, agency_tree, settings, tmp_path):
    """A PNG holds NUL bytes: the upload passes; a NUL in a field of the same form does not."""
    settings.MEDIA_ROOT = tmp_path
    city = agency_tree["city"]
    IntakeOptions.objects.create(agency=city, asks_id_proof=True)
    url = reverse("applications_portal:apply", args=[city.slug])
    image = png()
    assert b"\x00" in image
    refused(
        client.post(
            url,
            APPLICANT
            | {
                "token": "u1",
                "applicant_name": "张\x00三",
                "id_proof": SimpleUploadedFile("身份证.png", image),
            },
        )
    )
    assert not Application.objects.exists()
    response = client.post(
        url, APPLICANT | {"token": "u2", "id_proof": SimpleUploadedFile("身份证.png", image)}
    )
    assert response.status_code == 302
    assert Application.objects.get().id_proof.read() == image


def test_a_json_body_with_nul_is_refused_in_chinese(client):
    response = client.post(
        "/api/v1/drafts/", json.dumps({"title": "通知\x00"}), content_type="application/json"
    )
    assert response.status_code == 400 and "空字符" in response.json()["detail"]


def test_a_cookie_with_nul_is_dropped_not_a_500(client, case):
    """A forged session cookie (an octal escape unquotes to NUL) was looked up in the session table."""
    client.cookies["sessionid"] = "\x00" + "a" * 31
    response = client.get("/")
    assert response.status_code == 200
    assert response.cookies["sessionid"].value == ""  # the browser is told to forget it
    assert client.get(reverse("staff:dashboard")).status_code == 302  # to the login page
