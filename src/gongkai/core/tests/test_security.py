import logging

import pytest
from django.urls import reverse

from gongkai.core.masking import mask_id_number, mask_personal_data, mask_phone


def test_masking():
    assert mask_id_number("420102199001011234") == "420102********1234"
    assert mask_phone("13812345678") == "138****5678"
    text = "申请人张三，身份证420102199001011234，电话13812345678，座机027-87654321"
    masked = mask_personal_data(text)
    assert "420102199001011234" not in masked and "13812345678" not in masked and "87654321" not in masked
    assert "张三" in masked


def test_logs_never_contain_id_numbers_or_phones(caplog):
    from gongkai.core.logging import MaskPersonalDataFilter

    logger = logging.getLogger("gongkai.test")
    logger.addFilter(MaskPersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="gongkai.test"):
        logger.info("收到申请 %s 电话 %s", "420102199001011234", "13812345678")
    assert "420102199001011234" not in caplog.text and "13812345678" not in caplog.text
    assert "420102********1234" in caplog.text


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client, agency_tree, make_staff, settings):
    from django.core.cache import cache

    cache.clear()
    user = make_staff(agency_tree["city"], "editor", username="zhang")
    url = reverse("staff:login")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        page = client.post(url, {"username": "zhang", "password": "wrong"}).content.decode()
        assert "用户名或密码不正确" in page
    page = client.post(url, {"username": "zhang", "password": "correct-horse-battery"}).content.decode()
    assert "登录失败次数过多" in page
    assert "_auth_user_id" not in client.session
    cache.clear()
    response = client.post(url, {"username": "zhang", "password": "correct-horse-battery"})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_staff_forms_require_csrf(agency_tree, make_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff(agency_tree["city"], "editor", username="csrf"))
    assert client.post(reverse("staff:document_create"), {"title": "x"}).status_code == 403
