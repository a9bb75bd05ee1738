"""The audit administrator's list reads in Chinese (issue 11 item 13): the action, the kind of
record, the states and the agency's full name — not ``submit``, ``disclosure.document`` or
``draft → submitted``."""

import re

from gongkai.disclosure import services


def test_audit_list_names_actions_records_and_states_in_chinese(client, agency_tree, make_staff, workflow):
    city = agency_tree["city"]
    editor, _reviewer = workflow.staff_for(city)
    doc = workflow.draft(city, editor)
    services.transition(editor, doc, "submit")
    client.force_login(make_staff(city, "audit_admin", username="auditor"))

    page = client.get("/staff/audit/", {"object_type": "disclosure.document"}).content.decode()
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)) for r in re.findall(r"<tr>(.*?)</tr>", page, re.S)
    ]
    submitted = next(r for r in rows if "提交保密审查" in r)
    assert "政府信息" in submitted and "草稿 → 待保密审查" in submitted and "随州市民政局" in submitted
    assert not re.search(r"\b(submit|create|draft|submitted|disclosure\.document)\b", " ".join(rows))


def test_security_events_are_named_in_chinese(client, agency_tree, make_staff):
    """A login or a refused page is a 安全事件, not ``security.event``."""
    from gongkai.security import events

    auditor = make_staff(agency_tree["city"], "audit_admin", username="auditor")
    events.security_event(events.ACCESS_REFUSED, user=auditor, reason="测试")
    client.force_login(auditor)
    page = client.get("/staff/audit/", {"security_only": "on"}).content.decode()
    assert "安全事件" in page and "security.event" not in page
