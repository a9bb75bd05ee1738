"""The demo's 部分公开 case (issue 17): a fresh ``gongkai demo`` has a reply with a redacted PDF that
the applicant downloads from the status page with the number and the fixed 查询码; none of the
people's names, ID numbers or phones, nor the internal note, can be read from it."""

import datetime as dt
import subprocess

import pytest

from gongkai.applications.models import Application
from gongkai.delivery import demo, handover
from gongkai.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def _pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return "".join(out.stdout.decode().split())


def test_the_demo_case_gives_a_redacted_pdf_to_download(on, client):
    on(dt.date(2026, 12, 7))
    load_demo()
    app = Application.objects.get(idempotency_key=demo.KEY)
    assert app.outcome == "partially_granted" and app.is_closed
    assert "第十五条" in app.letter.body_text and "第十六条第一款" in app.letter.body_text
    page = client.post(
        "/hbmzt/apply/status/", {"number": app.number, "code": demo.CODE}, follow=True
    ).content.decode()
    assert "提供的政府信息" in page and "省级临时救助对象名单（区分处理后）" in page
    (copy,) = handover.released(app)
    response = client.get(f"/hbmzt/apply/{app.pk}/files/{copy.pk}/")
    assert response.status_code == 200
    text = _pdftotext(b"".join(response.streaming_content))
    for name, id_number, phone, place, amount in demo.PEOPLE:
        assert name not in text and id_number not in text and phone not in text
        assert place in text and str(amount) in text  # what may be disclosed is still there
    assert "经办人意见" not in text
    # Loading again adds nothing.
    load_demo()
    assert Application.objects.filter(idempotency_key=demo.KEY).count() == 1
