"""The mailbox from the public's form to the closed case, through the workflow table."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.interaction import services
from gongkai.interaction.models import Access, Message, State
from gongkai.interaction.workflow import TRANSITIONS
from gongkai.testing import files

pytestmark = pytest.mark.django_db


def write_url(box):
    return reverse("interaction_portal:write", args=[box.agency.slug, box.pk])


def test_public_form_checks_phone_and_names_errors_in_chinese(client, box, message_data):
    page = client.post(
        write_url(box), message_data | {"phone": "12345", "title": "", "public_ok": ""}
    ).content.decode()
    for text in ("请填写有效的联系电话", "请填写标题", "请选择是否公开您的留言", "留言未提交"):
        assert text in page, text
    assert Message.objects.count() == 0


def test_submission_gives_number_code_and_deadline_by_kind(client, box, message_data, on):
    on(dt.date(2025, 9, 26))  # Friday before the National Day holiday
    token = re.search(r'name="token" value="([0-9a-f]+)"', client.get(write_url(box)).content.decode()).group(
        1
    )
    page = client.post(write_url(box), message_data | {"token": token}, follow=True).content.decode()
    client.post(write_url(box), message_data | {"token": token})  # a double click
    msg = Message.objects.get()
    assert msg.number == "SZMZJ-2025-0001" and msg.state == State.SUBMITTED and msg.public_ok
    assert re.search(r'id="code">[A-Z0-9]{8}<', page)
    # 咨询: 5 working days after 2025-09-26, with 10-01..10-08 off and 09-28, 10-11 worked (调休).
    assert msg.deadline_days == 5 and msg.due_on == dt.date(2025, 10, 10)
    assert AuditEntry.objects.filter(object_id=str(msg.pk), action="submit").count() == 1


def test_box_deadline_setting_overrides_the_default(box, message_data, on):
    on(dt.date(2025, 3, 3))
    box.deadlines = {"complain": 5}
    box.save()
    msg, _ = services.submit(box, message_data | {"kind": "complain"})
    assert msg.deadline_days == 5 and msg.due_on == dt.date(2025, 3, 10)
    other, _ = services.submit(box, message_data | {"kind": "report"})
    assert other.deadline_days == 15


def test_attachments_are_checked_and_a_bad_one_writes_nothing(box, message_data):
    with pytest.raises(ValidationError, match="文件内容与扩展名"):
        services.submit(box, message_data, [("ok.pdf", files.pdf()), ("evil.pdf", b"MZ\x90\x00 not a pdf")])
    assert Message.objects.count() == 0
    msg, _ = services.submit(box, message_data, [("证明.pdf", files.pdf())])
    assert msg.attachments.get().kind == "pdf"


def test_kind_not_taken_by_the_box_is_refused(box, message_data):
    box.kinds = ["consult"]
    box.save()
    with pytest.raises(ValidationError, match="不受理此类"):
        services.submit(box, message_data | {"kind": "report"})


def test_full_workflow_with_audit_of_every_state_change(answered, staff):
    msg, code = answered
    assert msg.state == State.ANSWERED and msg.answered_on and msg.workdays_taken == 0 and msg.on_time
    actions = list(
        AuditEntry.objects.filter(object_id=str(msg.pk), object_type="interaction.message").values_list(
            "action", flat=True
        )
    )
    assert actions == ["submit", "accept", "assign", "reply", "approve_reply"]
    msg = services.rate(msg, "满意")
    assert msg.state == State.CLOSED and msg.closed_on


def test_roles_follow_the_table(submitted, staff):
    msg, _ = submitted
    with pytest.raises(PermissionDenied):
        services.accept(staff["leader"], msg)  # a leader does not dispatch
    services.accept(staff["dispatcher"], msg)
    services.assign(staff["dispatcher"], msg, handler=staff["handler"])
    services.reply(staff["handler"], msg, "答复内容已经写好，请审核后发送给留言人。")
    with pytest.raises(PermissionDenied):
        services.review_reply(staff["handler"], msg, True)  # the handler cannot approve a reply
    with pytest.raises(ValidationError, match="须填写理由"):
        services.review_reply(staff["leader"], msg, False, "")
    msg = services.review_reply(staff["leader"], msg, False, "请写明办理地点")
    assert msg.state == State.ASSIGNED and msg.review_note == "请写明办理地点"


def test_the_replier_may_not_review_own_reply(submitted, make_staff, agency_tree, staff):
    msg, _ = submitted
    both = make_staff(agency_tree["city"], "handler", "leader", username="both")
    services.accept(staff["dispatcher"], msg)
    services.assign(staff["dispatcher"], msg, handler=both)
    services.reply(both, msg, "本人起草的答复内容，不能自己审核。")
    with pytest.raises(ValidationError, match="答复人以外"):
        services.review_reply(both, msg, True)


def test_not_accepted_with_reason_the_writer_sees(client, submitted, staff, box):
    msg, code = submitted
    services.not_accept(staff["dispatcher"], msg, "无实质内容", "未写明诉求")
    msg.refresh_from_db()
    assert msg.state == State.NOT_ACCEPTED
    client.post(
        reverse("interaction_portal:lookup", args=[box.agency.slug]), {"number": msg.number, "code": code}
    )
    page = client.get(reverse("interaction_portal:status", args=[box.agency.slug, msg.pk])).content.decode()
    assert "不予受理" in page and "无实质内容：未写明诉求" in page
    with pytest.raises(ValidationError):
        services.not_accept(staff["dispatcher"], msg, "无实质内容")  # not twice


def test_wrong_state_is_refused_in_chinese(submitted, staff):
    msg, _ = submitted
    with pytest.raises(ValidationError, match="当前状态为“待受理”，不能提交答复"):
        services.reply(staff["handler"], msg, "还没有受理就答复是不允许的。")


def test_isolation_other_agency_gets_404_supervisor_reads(client, submitted, staff):
    msg, _ = submitted
    client.force_login(staff["other_handler"])
    assert client.get(reverse("staff:interaction_case", args=[msg.pk])).status_code == 404
    assert client.post(reverse("staff:interaction_act", args=[msg.pk, "accept"])).status_code == 404
    with pytest.raises(Http404):
        services.accept(staff["other_handler"], msg)
    client.force_login(staff["supervisor"])
    page = client.get(reverse("staff:interaction_case", args=[msg.pk])).content.decode()
    assert msg.title in page and "13912345678" not in page and "139****5678" in page
    with pytest.raises(Http404):
        services.accept(staff["supervisor"], msg)


def test_transfer_gives_receiver_access_sender_keeps_read_and_the_clock(
    client, submitted, staff, agency_tree
):
    msg, _ = submitted
    due = msg.due_on
    services.accept(staff["dispatcher"], msg)
    with pytest.raises(ValidationError, match="须填写理由"):
        services.transfer(staff["dispatcher"], msg, agency_tree["other"], "")
    msg = services.transfer(staff["dispatcher"], msg, agency_tree["other"], "属岳阳市民政局职责")
    assert msg.agency == agency_tree["other"] and msg.state == State.ACCEPTED and msg.due_on == due
    assert Access.objects.filter(message=msg, agency=agency_tree["city"]).exists()
    # The receiver handles it now; the sender reads, cannot act.
    services.assign(staff["other_handler"], msg, handler=staff["other_handler"])
    with pytest.raises(Http404):
        services.reply(staff["handler"], msg, "原机关已经不能再答复这条留言了。")
    client.force_login(staff["handler"])
    page = client.get(reverse("staff:interaction_case", args=[msg.pk])).content.decode()
    assert "您只能查看" in page and "13912345678" not in page
    assert msg.number in client.get(reverse("staff:interaction") + "?status=transferred").content.decode()
    # A third agency still sees nothing.
    client.force_login(staff["district"])
    assert client.get(reverse("staff:interaction_case", args=[msg.pk])).status_code == 404


def test_return_to_dispatcher(submitted, staff):
    msg, _ = submitted
    services.accept(staff["dispatcher"], msg)
    services.assign(staff["dispatcher"], msg, handler=staff["handler"])
    msg = services.return_to_dispatcher(staff["handler"], msg, "不属本科室职责")
    assert msg.state == State.ACCEPTED and msg.handler is None


def test_one_unsatisfied_rating_reopens_once(answered, staff):
    msg, _ = answered
    msg = services.rate(msg, "不满意", "没有说清楚在哪个社区办理")
    assert msg.state == State.ASSIGNED and msg.reopened == 1 and msg.answered_on is None
    services.reply(staff["handler"], msg, "补充答复：请到户籍所在地社区服务中心办理。")
    msg = services.review_reply(staff["leader"], msg, True)
    msg = services.rate(msg, "不满意")
    assert msg.state == State.CLOSED and msg.rating == "不满意"  # the second time it closes
    with pytest.raises(ValidationError):
        services.rate(msg, "满意")


def test_phone_is_masked_in_the_queue_and_full_on_the_handlers_case_page(client, submitted, staff):
    msg, _ = submitted
    client.force_login(staff["dispatcher"])
    queue = client.get(reverse("staff:interaction")).content.decode()
    assert "139****5678" in queue and "13912345678" not in queue
    case = client.get(reverse("staff:interaction_case", args=[msg.pk])).content.decode()
    assert "13912345678" in case


def test_workflow_table_is_the_one_the_docs_describe():
    assert TRANSITIONS["transfer"].sources == (State.ACCEPTED, State.ASSIGNED)
    assert TRANSITIONS["approve_reply"].not_by_replier
    assert all(t.label for t in TRANSITIONS.values())


def test_the_documented_workflow_table_lists_every_action_of_the_code():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[4] / "docs" / "interaction.md").read_text(encoding="utf-8")
    documented = {
        line.split("|")[1].strip()
        for line in doc.splitlines()
        if line.startswith("| ") and line.split("|")[1].strip() in TRANSITIONS
    }
    assert documented == set(TRANSITIONS)
    for t in TRANSITIONS.values():
        assert f"| {t.action} | {t.label}" in doc, t.action


def test_the_queue_lists_open_messages_by_due_date_and_drops_closed_ones(
    client, answered, box, message_data, staff
):
    msg, _ = answered
    later, _ = services.submit(box, message_data | {"kind": "complain", "title": "投诉十五天"})
    sooner, _ = services.submit(box, message_data | {"kind": "consult", "title": "咨询五天"})
    client.force_login(staff["dispatcher"])
    page = client.get(reverse("staff:interaction")).content.decode()
    assert (
        page.index(sooner.number) < page.index(later.number) and msg.number not in page
    )  # answered: not open
    services.rate(msg, "不满意")  # reopened: back in the queue
    assert msg.number in client.get(reverse("staff:interaction")).content.decode()
