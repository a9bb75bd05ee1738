"""The workflow of a message or 12345 work order as data: which action moves it from which state to
which, and who may take it. Services, views, templates, docs and tests read this one table.

submitted → accepted (受理) or not accepted with a reason (不予受理; the writer sees it) → assigned to a
department or handler → transferred (转办) to another agency on the platform, or returned (退回) to the
dispatcher → replied → reply reviewed by a leader (approved: sent to the writer; or sent back) →
answered → closed, by the writer's rating (one 不满意 reopens the case once) or by the dispatcher.
Publication, unpublishing and moderation change no state (``target`` None).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.agencies.models import Role

from .models import State

WRITER = "writer"  # the member of the public who wrote, proven by number and 查询码
DISPATCH = (Role.AGENCY_ADMIN, Role.OFFICE_HEAD, Role.HANDLER)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change
    roles: tuple[str, ...]
    reason_required: bool = False
    not_by_replier: bool = False  # the leader who reviews a reply is not the one who wrote it


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("accept", "受理", (State.SUBMITTED,), State.ACCEPTED, DISPATCH),
        Transition(
            "not_accept", "不予受理", (State.SUBMITTED,), State.NOT_ACCEPTED, DISPATCH, reason_required=True
        ),
        Transition("assign", "分办", (State.ACCEPTED,), State.ASSIGNED, DISPATCH),
        Transition(
            "transfer",
            "转办其他机关",
            (State.ACCEPTED, State.ASSIGNED),
            State.ACCEPTED,
            DISPATCH,
            reason_required=True,
        ),
        Transition(
            "return", "退回分办", (State.ASSIGNED,), State.ACCEPTED, (Role.HANDLER,), reason_required=True
        ),
        Transition("reply", "提交答复", (State.ASSIGNED,), State.REPLIED, (Role.HANDLER,)),
        Transition(
            "approve_reply",
            "审核通过并答复",
            (State.REPLIED,),
            State.ANSWERED,
            (Role.LEADER,),
            not_by_replier=True,
        ),
        Transition(
            "reject_reply",
            "退回修改答复",
            (State.REPLIED,),
            State.ASSIGNED,
            (Role.LEADER,),
            reason_required=True,
            not_by_replier=True,
        ),
        Transition("rate", "评价", (State.ANSWERED,), State.CLOSED, (WRITER,)),
        Transition("reopen", "不满意，重新办理", (State.ANSWERED,), State.ASSIGNED, (WRITER,)),
        Transition("close", "办结", (State.ANSWERED,), State.CLOSED, DISPATCH),
        Transition("publish", "公开答复", (State.ANSWERED, State.CLOSED), None, (Role.LEADER, Role.REVIEWER)),
        Transition(
            "unpublish",
            "撤下公开",
            (State.ANSWERED, State.CLOSED),
            None,
            (Role.REVIEWER, Role.AGENCY_ADMIN),
            reason_required=True,
        ),
        Transition(
            "hide",
            "屏蔽（不文明内容）",
            tuple(State.values),
            None,
            (Role.REVIEWER, Role.AGENCY_ADMIN),
            reason_required=True,
        ),
    )
}

STAFF_ACTIONS = tuple(a for a, t in TRANSITIONS.items() if WRITER not in t.roles)


def available(message, user) -> list[Transition]:
    """The staff actions ``user`` may take on ``message`` now (for buttons; services check again)."""
    from gongkai.agencies.scoping import can_change

    out = []
    for t in TRANSITIONS.values():
        if WRITER in t.roles or message.state not in t.sources:
            continue
        if not can_change(user, message.agency_id, *t.roles):
            continue
        if t.not_by_replier and message.replied_by_id == user.pk:
            continue
        if t.action == "publish" and (message.published_at or not message.public_ok or message.hidden):
            continue
        if t.action == "unpublish" and not message.published_at:
            continue
        if t.action == "hide" and message.hidden:
            continue
        out.append(t)
    return out
