"""The publication workflow as data: which action moves a document from which state to which,
and who may take it. Views, services, templates and tests read this one table.

draft → submitted → 保密审查 (approve, or reject back to the editor with a reason) → published
(now or at a scheduled time) → withdrawn (with a reason; the public page then says so).

Documents moved in from the agency's old site (gongkai.siteimport) enter as ``imported`` (迁移待核对)
unless the agency has switched the light review off ("已由原网站发布"); ``confirm_import`` publishes
one with the dates it had on the old site (it was published there already, Art. 19–20).
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
        Transition(
            "approve",
            "保密审查通过",
            (State.SUBMITTED,),
            State.APPROVED,
            (Role.REVIEWER,),
            not_by_author=True,
        ),
        Transition(
            "reject",
            "退回修改",
            (State.SUBMITTED,),
            State.DRAFT,
            (Role.REVIEWER,),
            reason_required=True,
            not_by_author=True,
        ),
        Transition("publish", "发布", (State.APPROVED,), State.PUBLISHED, (Role.EDITOR, Role.AGENCY_ADMIN)),
        Transition(
            "confirm_import",
            "核对无误，发布",
            (State.IMPORTED,),
            State.PUBLISHED,
            (Role.EDITOR, Role.AGENCY_ADMIN),
        ),
        Transition(
            "withdraw",
            "撤回",
            (State.PUBLISHED,),
            State.WITHDRAWN,
            (Role.AGENCY_ADMIN, Role.REVIEWER),
            reason_required=True,
        ),
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


def waiting_on(document, user, mine: list[Transition]) -> list[str]:
    """Steps due now that belong to another role, each saying who takes it (issue 11 item 14):
    “保密审查通过”或“退回修改”须由审查员（…）办理. Empty for staff of other agencies."""
    from dataclasses import replace

    from gongkai.agencies.scoping import can_change
    from gongkai.core.workflow import who_can

    if not can_change(user, document.agency_id):
        return []
    taken = {t.action for t in mine}
    groups: dict[tuple[str, ...], list[Transition]] = {}
    for t in TRANSITIONS.values():
        if document.state in t.sources and t.action not in taken:
            groups.setdefault(t.roles, []).append(t)
    return [
        who_can({"next": replace(ts[0], label="”或“".join(t.label for t in ts))}, "next", document.agency)
        for ts in groups.values()
    ]
