"""The publication workflow as data: which action moves a document from which state to which,
and who may take it. Views, services, templates and tests read this one table.

draft → submitted → 保密审查 (approve, or reject back to the editor with a reason) → published
(now or at a scheduled time) → withdrawn (with a reason; the public page then says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.agencies.models import Role

from .models import State


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    reason_required: bool = False
    not_by_author: bool = False  # the author may not review their own document


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "提交保密审查", (State.DRAFT,), State.SUBMITTED, (Role.EDITOR,)),
        Transition("approve", "保密审查通过", (State.SUBMITTED,), State.APPROVED, (Role.REVIEWER,),
                   not_by_author=True),
        Transition("reject", "退回修改", (State.SUBMITTED,), State.DRAFT, (Role.REVIEWER,),
                   reason_required=True, not_by_author=True),
        Transition("publish", "发布", (State.APPROVED,), State.PUBLISHED, (Role.EDITOR, Role.AGENCY_ADMIN)),
        Transition("withdraw", "撤回", (State.PUBLISHED,), State.WITHDRAWN, (Role.AGENCY_ADMIN, Role.REVIEWER),
                   reason_required=True),
    )
}


def available(document, user) -> list[Transition]:
    """The actions ``user`` may take on ``document`` now (for buttons; services check again)."""
    from gongkai.agencies.scoping import can_change

    out = []
    for t in TRANSITIONS.values():
        if document.state not in t.sources or not can_change(user, document.agency_id, *t.roles):
            continue
        if t.not_by_author and document.created_by_id == user.pk:
            continue
        out.append(t)
    return out
