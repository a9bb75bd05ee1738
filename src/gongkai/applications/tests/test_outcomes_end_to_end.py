"""Every outcome of the national format, end to end through the views:
submit (portal) → receive → decide → letter (draft, edit, sign, send) → the applicant's status page."""

import datetime as dt
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application, ReplyLetter
from gongkai.applications.tasks import refresh_expired_cases
from gongkai.audit.models import AuditEntry
from gongkai.rules.outcomes import OUTCOMES, get_outcome
from gongkai.testing.opened import pdf_text

pytestmark = pytest.mark.django_db
D = dt.date
REPLIED_BY_LETTER = [o.code for o in OUTCOMES if o.code not in ("other.no_correction", "other.fee_unpaid")]


@pytest.fixture
def people(agency_tree, case_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clients = {}
    for role in ("handler", "head", "leader"):
        clients[role] = Client()
        clients[role].force_login(case_staff[role])
    return clients


def submit(agency, form_data) -> tuple[Client, Application, str]:
    applicant = Client()
    page = applicant.get(reverse("applications_portal:apply", args=[agency.slug])).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    done = applicant.post(
        reverse("applications_portal:apply", args=[agency.slug]), form_data | {"token": token}, follow=True
    ).content.decode()
    code = re.search(r'id="code">([A-Z0-9]{8})<', done).group(1)
    return applicant, Application.objects.latest("pk"), code


def act(client, app, action, **data):
    response = client.post(reverse("staff:application_act", args=[app.pk, action]), data, follow=True)
    return response.content.decode()


def letter_step(client, app, step, **data):
    return client.post(
        reverse("staff:application_letter", args=[app.pk, step]), data, follow=True
    ).content.decode()


@pytest.mark.parametrize("outcome", REPLIED_BY_LETTER)
def test_outcome_by_reply_letter(outcome, agency_tree, people, form_data, on):
    city = agency_tree["city"]
    on(D(2025, 3, 3))
    applicant, app, code = submit(city, form_data)
    h = people["handler"]
    act(h, app, "receipt", received_on="2025-03-03", how="网上申请，当日电话与申请人确认")
    if outcome == "unavailable.still_unclear":
        on(D(2025, 3, 4))
        act(h, app, "supplement", on="2025-03-04", items="请写明所需信息的年份", days="10")
        on(D(2025, 3, 7))
        act(h, app, "supplement_received", on="2025-03-07")
    if outcome == "not_processed.excessive":
        on(D(2025, 3, 4))
        act(h, app, "request_reasons", on="2025-03-04", days="15")
    on(D(2025, 3, 10))
    page = letter_step(
        h,
        app,
        "draft",
        outcome=outcome,
        holder_agency="随州市财政局",
        provided="2024年度城乡低保资金发放表（电子版，共3页）",
    )
    row = ReplyLetter.objects.get(application=app)
    assert row.state == "draft" and row.outcome == outcome
    # Staff fill in what the template leaves open, then a leader signs.
    body = re.sub(r"【请填写：([^】]*)】", lambda m: f"（{m.group(1)}：已核实）", row.body)
    letter_step(h, app, "edit", body=body)
    assert "答复告知书已签发" not in letter_step(people["handler"], app, "sign")  # a handler cannot sign
    assert ReplyLetter.objects.get(pk=row.pk).state == "draft"
    letter_step(people["leader"], app, "sign")
    page = letter_step(h, app, "send", on="2025-03-10")
    row.refresh_from_db()
    app.refresh_from_db()
    assert row.state == "sent" and app.status == "closed" and app.outcome == outcome, page
    assert app.closed_on == D(2025, 3, 10)

    status = applicant.get(reverse("applications_portal:status", args=[city.slug, app.pk])).content.decode()
    result = get_outcome(outcome)
    assert "已办结" in status and form_data["applicant_name"] in status and app.number in status
    assert "行政复议" in status
    if (
        result.reconsideration_first()
    ):  # 行政复议法 2023 Art. 23(四), broad reading: 复议前置, no direct lawsuit
        assert "应当先申请行政复议" in row.body_text and "6个月内" not in row.body_text
    else:
        assert (
            "60日内" in row.body_text
            and "6个月内" in row.body_text
            and "应当先申请行政复议" not in row.body_text
        )
    if outcome == "unavailable.not_held":
        assert "随州市财政局" in row.body_text
    pdf = applicant.get(reverse("applications_portal:letter", args=[city.slug, app.pk, "pdf"]))
    data = b"".join(pdf.streaming_content)
    assert hashlib.sha256(data).hexdigest() == row.pdf_sha256
    letter = pdf_text(data)  # what the applicant reads: the letter addressed to them, about their application
    assert form_data["applicant_name"] in letter and app.number in letter, letter[:300]
    # Another browser without the code sees nothing.
    assert (
        Client().get(reverse("applications_portal:letter", args=[city.slug, app.pk, "pdf"])).status_code
        == 302
    )
    # Staff downloading the letter (the applicant's name and address) is audited as an export.
    staff_copy = h.get(
        reverse("staff:application_letter_file", args=[app.pk, "docx"]), REMOTE_ADDR="192.0.2.8"
    )
    assert staff_copy.status_code == 200
    export = AuditEntry.objects.get(action="导出个人信息", object_id=str(app.pk))
    assert export.actor_id == int(h.session["_auth_user_id"]) and export.source_ip == "192.0.2.8"


@pytest.mark.parametrize(
    ("outcome", "setup"),
    [
        ("other.no_correction", ("supplement", {"on": "2025-03-04", "items": "请写明年份", "days": "5"})),
        ("other.fee_unpaid", ("fee", {"on": "2025-03-04", "method": "volume", "quantity": "150"})),
    ],
)
def test_outcomes_by_expiry(outcome, setup, agency_tree, people, form_data, on):
    city = agency_tree["city"]
    on(D(2025, 3, 3))
    applicant, app, code = submit(city, form_data)
    act(people["handler"], app, "receipt", received_on="2025-03-03", how="电话确认")
    on(D(2025, 3, 4))
    action, data = setup
    act(people["handler"], app, action, **data)
    status = applicant.get(reverse("applications_portal:status", args=[city.slug, app.pk])).content.decode()
    assert "等待" in status and ("补正告知书" in status or "1700" in status)
    on(D(2025, 5, 6))  # the period has run out
    status = applicant.get(reverse("applications_portal:status", args=[city.slug, app.pk])).content.decode()
    assert "已办结" in status  # the page replays the clock to today …
    app.refresh_from_db()
    assert app.status != "closed"  # … but a GET writes nothing: the daily task closes the case
    refresh_expired_cases()
    app.refresh_from_db()
    assert app.status == "closed" and app.outcome == outcome
    # A reply after closure is refused.
    page = letter_step(people["handler"], app, "draft", outcome="granted")
    assert "已办结" in page and not ReplyLetter.objects.filter(application=app).exists()
    assert Application.objects.get(pk=app.pk).outcome == outcome


def test_reply_before_receipt_is_refused(agency_tree, people, form_data, on):
    on(D(2025, 3, 3))
    applicant, app, code = submit(agency_tree["city"], form_data)
    page = letter_step(people["handler"], app, "draft", outcome="granted")
    assert "尚未确认收到申请的日期" in page and not ReplyLetter.objects.exists()
