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
def test_staff_forms_require_csrf(agency_tree, make_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff(agency_tree["city"], "editor", username="csrf"))
    assert client.post(reverse("staff:document_create"), {"title": "x"}).status_code == 403
