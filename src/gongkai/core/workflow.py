"""Workflow as data, shared by the processes that are not documents (applications, reply letters,
annual reports): one table per process of ``state × action → roles, next state``.

The services call :func:`require` before they change anything; the pages ask :func:`allowed`
which buttons to show and :func:`who_can` whom to name when the step belongs to another role;
the tests loop over every action × state × role of a table and check that each combination the
table forbids is refused. (Documents keep their own table in :mod:`gongkai.disclosure.workflow`,
of the same shape.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.agencies.models import Role


@dataclass(frozen=True)
class Step:
    """One action of a process: from which states (``sources``), by which roles, to which states
    (``targets``; empty when the state does not change)."""

    action: str
    label: str
    sources: tuple[str, ...]
    roles: tuple[str, ...]
    targets: tuple[str, ...] = ()
    article: str = ""
    refused: str = ""  # said when the state does not allow the action (default: the state's name)


def table(*steps: Step) -> dict[str, Step]:
    return {s.action: s for s in steps}


def role_names(roles: Iterable[str]) -> str:
    return "或".join(Role(r).label for r in roles)


def _state_name(state: str, state_labels: Mapping[str, str]) -> str:
    return state_labels.get(state, state)


def require(
    steps: Mapping[str, Step], action: str, state: str, user, *, state_labels: Mapping[str, str]
) -> Step:
    """Refuse (ValidationError / PermissionDenied, in Chinese) what the table does not allow:
    ``action`` in ``state`` by ``user`` (the caller has already checked the user's agency)."""
    step = steps[action]
    if not user.has_role(*step.roles):
        raise PermissionDenied(f"“{step.label}”须由{role_names(step.roles)}办理")
    if state not in step.sources:
        name = _state_name(state, state_labels)
        raise ValidationError(
            step.refused.format(state=name) or f"当前状态为“{name}”，不能{step.label}", code="workflow"
        )
    return step


def allowed(steps: Mapping[str, Step], action: str, state: str, user) -> bool:
    step = steps[action]
    return state in step.sources and user.has_role(*step.roles)


def who_can(steps: Mapping[str, Step], action: str, agency) -> str:
    """“…须由公开工作机构负责人（李四）办理”: the roles of ``action`` and who holds them at ``agency``."""
    from gongkai.agencies.models import User

    step = steps[action]
    holders = [
        u.display_name
        # A write token's account (gongkai.api) is not a person to ask.
        for u in User.objects.filter(agency=agency, is_active=True, api_token__isnull=True).order_by("pk")
        if u.has_role(*step.roles)
    ]
    names = f"（{'、'.join(holders)}）" if holders else "（本机关尚无此角色的人员，请联系机关管理员）"
    return f"“{step.label}”须由{role_names(step.roles)}{names}办理"
