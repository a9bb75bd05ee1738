"""Logs never carry an applicant's personal data (个人信息保护法 Art. 51; issue 19 item 7).

The whole journey runs with every logger at DEBUG: the applicant submits online, the handler
confirms receipt, drafts, a leader signs and the reply letter is sent and typeset in the
background. No log record (message, arguments or extra fields) holds the applicant's name, ID
number, phone, e-mail or address, while the background work does log (the test is not vacuous).
"""

import datetime as dt
import logging
import re

import pytest

from gongkai.applications.models import ReplyLetter

from .test_outcomes_end_to_end import act, letter_step, people, submit  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

PERSON = {
    "applicant_name": "欧阳明远",
    "id_number": "420302198807150012",
    "phone": "139 7123 4567",
    "email": "ouyang.mingyuan@example.cn",
    "address": "湖北省随州市曾都区青年路88号",
}


def _everything_logged(records: list[logging.LogRecord]) -> str:
    """Each record as a reader of the log could see it: the message with its arguments, the
    exception text and every extra field."""
    formatter = logging.Formatter()
    out = []
    for record in records:
        out.append(record.getMessage())
        if record.exc_info:
            out.append(formatter.formatException(record.exc_info))
        out.extend(str(v) for k, v in vars(record).items() if k not in ("msg", "args", "exc_info"))
    return "\n".join(out)


def test_submit_receipt_and_letter_log_no_personal_data(agency_tree, people, form_data, on, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    city = agency_tree["city"]
    on(dt.date(2025, 3, 3))
    _applicant, app, _code = submit(city, form_data | PERSON)
    assert app.applicant_name == PERSON["applicant_name"]  # the data went in
    handler = people["handler"]
    act(handler, app, "receipt", received_on="2025-03-03", how="网上申请，当日电话与申请人确认")
    on(dt.date(2025, 3, 10))
    letter_step(
        handler, app, "draft", outcome="granted", provided="2024年度城乡低保资金发放表（电子版，共3页）"
    )
    row = ReplyLetter.objects.get(application=app)
    body = re.sub(r"【请填写：([^】]*)】", lambda m: f"（{m.group(1)}：已核实）", row.body)
    letter_step(handler, app, "edit", body=body)
    letter_step(people["leader"], app, "sign")
    letter_step(handler, app, "send", on="2025-03-10")
    row.refresh_from_db()
    assert row.state == "sent" and row.pdf_sha256  # the letter, addressed to the applicant, was typeset

    logged = _everything_logged(caplog.records)
    assert "task done task=gongkai.applications.tasks.render_sent_letter" in logged  # the flow did log
    digits = re.sub(r"\D", "", logged)
    for field, value in PERSON.items():
        assert value not in logged, field
    assert PERSON["id_number"][:17] not in digits  # not even with separators
    assert re.sub(r"\D", "", PERSON["phone"]) not in digits
