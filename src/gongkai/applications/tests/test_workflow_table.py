"""Workflow as data: every action × every status × every role of the application's table
(:data:`gongkai.applications.workflow.STEPS`) and of the reply letter's (``LETTER_STEPS``). Each
combination the table forbids is refused by the service, and nothing is written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from gongkai.agencies.models import Role
from gongkai.applications import letters, services, workflow
from gongkai.applications.models import Application, CaseEvent, Channel, ReplyLetter
from gongkai.applications.staff_views import ACTIONS
from gongkai.audit.models import AuditEntry
from gongkai.rules.deadline_events import Event, EventKind, Status

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2025, 3, 5)
REFUSED = (PermissionDenied, ValidationError, Http404)


@pytest.fixture
def staff_by_role(agency_tree, make_staff):
    return {role: make_staff(agency_tree["city"], role, username=f"u-{role}") for role in Role.values}


def _case(agency, handler, state: str, on) -> Application:
    """A case whose recorded events put it in ``state`` (received 3 March 2025, acted on 4 March)."""
    on(D(2025, 3, 3))
    app, _ = services.submit(
        agency,
        {
            "applicant_kind": "natural_person",
            "applicant_name": "张三",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13812345678",
            "description": "低保资金发放情况",
            "medium": "electronic",
            "delivery": "online",
        },
        channel=Channel.IN_PERSON,
        registered_by=handler,
    )
    if state == Status.NOT_RECEIVED:
        return app
    services.confirm_receipt(handler, app, D(2025, 3, 3))
    on(D(2025, 3, 4))
    if state == Status.AWAITING_SUPPLEMENT:
        services.request_supplement(handler, app, D(2025, 3, 4), "请写明年份", 10)
    elif state == Status.CONSULTING:
        services.consult(handler, app, D(2025, 3, 4), "某公司")
    elif state == Status.AWAITING_FEE:
        services.send_fee_notice(handler, app, D(2025, 3, 4), "volume", 150)
    elif state == Status.CLOSED:
        services.withdraw(handler, app, D(2025, 3, 4))
    app.refresh_from_db()
    assert app.status == state
    return app


def _run(action: str, user, app: Application, handler) -> None:
    if action == "reply":  # what sending the signed letter records
        services.add_event(user, app, Event(EventKind.REPLIED, DAY, outcome="granted"))
        return
    data = {
        "on": DAY,
        "received_on": DAY,
        "how": "电话确认",
        "items": "请写明年份",
        "days": 10,
        "note": "说明",
        "excused": True,
        "party": "某公司",
        "agency": False,
        "method": "volume",
        "quantity": 150,
        "waiver": "",
        "until": DAY + dt.timedelta(days=90),
        "handler": handler,
    }
    ACTIONS[action][1](user, app, data)


def _not_refused(call, *args) -> bool:
    """Run ``call(*args)`` in a savepoint that is always rolled back; True if it was not refused."""
    with transaction.atomic():
        try:
            call(*args)
        except REFUSED:
            return False
        finally:
            transaction.set_rollback(True)
    return True


def test_every_forbidden_case_action_is_refused(agency_tree, staff_by_role, on):
    handler = staff_by_role[Role.HANDLER]
    cases = {s.value: _case(agency_tree["city"], handler, s, on) for s in Status}
    on(DAY)
    events_before, audit_before = CaseEvent.objects.count(), AuditEntry.objects.count()
    allowed, wrongly_done = 0, []
    for action, step in workflow.STEPS.items():
        for state, app in cases.items():
            for role, user in staff_by_role.items():
                if state in step.sources and role in step.roles:
                    allowed += 1
                    continue
                if _not_refused(_run, action, user, app, handler):
                    wrongly_done.append(f"{action} / {state} / {role}")
    assert wrongly_done == []
    assert allowed > 20  # the table is not empty of permissions
    assert (CaseEvent.objects.count(), AuditEntry.objects.count()) == (events_before, audit_before)


def test_the_table_is_read_by_the_service_not_only_by_the_rules(agency_tree, staff_by_role, on):
    """Where the rules would allow an action, the table alone refuses the wrong role."""
    handler = staff_by_role[Role.HANDLER]
    app = _case(agency_tree["city"], handler, Status.RUNNING, on)
    on(DAY)
    with pytest.raises(PermissionDenied, match="公开工作机构负责人"):
        services.approve_extension(handler, app, DAY, 10)
    with pytest.raises(PermissionDenied, match="申请承办人"):
        services.consult(staff_by_role[Role.LEADER], app, DAY, "某公司")
    services.consult(handler, app, DAY, "某公司")  # the right role may


@pytest.fixture
def letters_in_every_state(agency_tree, staff_by_role, on, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    handler, leader = staff_by_role[Role.HANDLER], staff_by_role[Role.LEADER]
    out = {}
    for state in (workflow.NO_LETTER, "draft", "signed", "sent"):
        app = _case(agency_tree["city"], handler, Status.RUNNING, on)
        on(DAY)
        if state != workflow.NO_LETTER:
            letters.draft_reply(handler, app, "granted", provided=["《低保资金发放情况》，电子文档"])
        if state in ("signed", "sent"):
            letters.sign_reply(leader, app)
        if state == "sent":
            letters.send_reply(handler, app, DAY)
        out[state] = app
    return out


LETTER_CALLS = {
    "draft": lambda u, a: letters.draft_reply(u, a, "granted", provided=["《低保资金发放情况》，电子文档"]),
    "edit": lambda u, a: letters.edit_reply(u, a, "正文"),
    "sign": lambda u, a: letters.sign_reply(u, a),
    "send": lambda u, a: letters.send_reply(u, a, DAY),
}


def test_every_forbidden_letter_action_is_refused(letters_in_every_state, staff_by_role):
    states_before = dict(ReplyLetter.objects.values_list("application_id", "state"))
    wrongly_done = []
    for action, step in workflow.LETTER_STEPS.items():
        for state, app in letters_in_every_state.items():
            for role, user in staff_by_role.items():
                if state in step.sources and role in step.roles:
                    continue
                if _not_refused(LETTER_CALLS[action], user, app):
                    wrongly_done.append(f"{action} / {state} / {role}")
    assert wrongly_done == []
    assert dict(ReplyLetter.objects.values_list("application_id", "state")) == states_before
