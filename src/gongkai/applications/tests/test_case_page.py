"""The staff case page: only the actions possible now, unique element ids, the right labels, who
can take a step that belongs to another role; each service one transaction; a GET writes nothing."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.db import connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, CaseEvent, Channel

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def app(agency_tree, case_staff, form_data, on):
    on(D(2025, 3, 3))
    application, _ = services.submit(
        agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=case_staff["handler"]
    )
    return application


def _page(client, user, app) -> str:
    client.force_login(user)
    return client.get(reverse("staff:application", args=[app.pk])).content.decode()


def _actions(page: str) -> set[str]:
    return set(re.findall(r'action="/staff/applications/\d+/([a-z_]+)/"', page))


def test_before_receipt_only_the_receipt_can_be_confirmed(client, app, case_staff):
    page = _page(client, case_staff["handler"], app)
    assert _actions(page) == {"receipt", "assign"}
    assert "告知补正" not in page and "<summary>起草答复告知书" not in page


def test_after_receipt_the_rules_decide_what_is_offered(client, app, case_staff, on):
    h, head = case_staff["handler"], case_staff["head"]
    services.confirm_receipt(h, app, D(2025, 3, 3))
    on(D(2025, 3, 4))
    page = _page(client, h, app)
    acts = _actions(page)
    assert {
        "supplement",
        "consult",
        "fee",
        "request_reasons",
        "withdraw",
    } <= acts and "起草答复告知书" in page
    assert not acts & {
        "receipt",
        "supplement_received",
        "consultation_answered",
        "fee_paid",
        "notify_extension",
        "later_date",
        "approve_extension",
    }
    # The extension is the office head's: the handler is told who can approve it.
    assert "“同意延长答复期限”须由公开工作机构负责人（head）办理" in _page(client, h, app)
    assert "approve_extension" in _actions(_page(client, head, app))
    services.approve_extension(head, app, D(2025, 3, 4), 10)
    on(D(2025, 3, 5))
    acts = _actions(_page(client, h, app))
    assert "notify_extension" in acts
    services.notify_extension(h, app, D(2025, 3, 5))
    page = _page(client, head, app)
    assert "approve_extension" not in _actions(page)  # only one extension (Art. 33)
    assert "<summary>同意延长答复期限" not in page and "须由公开工作机构负责人" not in page


def test_the_supplement_is_offered_only_within_seven_working_days(client, app, case_staff, on):
    h = case_staff["handler"]
    services.confirm_receipt(h, app, D(2025, 3, 3))
    on(D(2025, 3, 12))  # 7th working day
    assert "supplement" in _actions(_page(client, h, app))
    on(D(2025, 3, 13))
    assert "supplement" not in _actions(_page(client, h, app))


def test_element_ids_are_unique_and_the_answer_asks_for_its_receipt_date(client, app, case_staff, on):
    h = case_staff["handler"]
    services.confirm_receipt(h, app, D(2025, 3, 3))
    on(D(2025, 3, 4))
    services.consult(h, app, D(2025, 3, 4), "某公司")
    page = _page(client, h, app)
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    answer = page[page.index('consultation_answered/"') :]
    answer = answer[: answer.index("</form>")]
    assert "收到日期" in answer and "发函日期" not in answer
    labels = re.findall(r'<label for="([^"]+)"', page)
    assert labels and all(f'id="{i}"' in page for i in labels)


def test_a_get_of_the_staff_pages_writes_nothing(client, app, case_staff, on):
    h = case_staff["handler"]
    services.confirm_receipt(h, app, D(2025, 3, 3))
    services.request_supplement(h, app, D(2025, 3, 3), "请写明年份", 5)
    on(D(2025, 4, 30))  # the supplement period has run out: the page shows the case closed
    client.force_login(h)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("staff:application", args=[app.pk])).content.decode()
        client.get(reverse("staff:applications"))
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
    assert "已办结" in page and writes == []


@pytest.mark.parametrize(
    ("field", "call"),
    [
        ("received_on", lambda h, a: services.confirm_receipt(h, a, D(2025, 3, 3), "当面递交")),
        ("fee_method", lambda h, a: services.send_fee_notice(h, a, D(2025, 3, 4), "volume", 150)),
        ("fee_paid", lambda h, a: services.fee_paid(h, a, D(2025, 3, 5))),
    ],
)
def test_each_service_is_one_transaction(app, case_staff, on, monkeypatch, field, call):
    """If the application's own fields cannot be updated, the event is not kept either."""
    h = case_staff["handler"]
    if field != "received_on":
        services.confirm_receipt(h, app, D(2025, 3, 3))
        on(D(2025, 3, 4))
    if field == "fee_paid":
        services.send_fee_notice(h, app, D(2025, 3, 4), "volume", 150)
        on(D(2025, 3, 5))
    before = CaseEvent.objects.count()
    real_update = QuerySet.update

    def failing_update(self, **kwargs):
        if field in kwargs:
            raise RuntimeError("数据库写入失败")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", failing_update)
    with pytest.raises(RuntimeError):
        call(h, app)
    assert CaseEvent.objects.count() == before
    assert Application.objects.get(pk=app.pk).status == app.status or field != "received_on"
