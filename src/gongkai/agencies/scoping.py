"""The one place that decides what a member of staff may see and change.

Every staff query goes through :func:`visible_agency_ids` / :func:`scope` (read) or
:func:`require_own_agency` (write). A member of staff sees their own agency; a supervisor also
sees the agency's whole subtree, read-only. Anything outside gives 404, never 403, so that the
existence of another agency's unpublished records is not revealed.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import ADMIN_ROLES, Agency, Role, User


def visible_agency_ids(user: User) -> list[int]:
    if not user.is_authenticated or user.agency_id is None or user.has_role(Role.AUDIT_ADMIN):
        return []
    if user.has_role(Role.SUPERVISOR):
        return list(user.agency.subtree().values_list("pk", flat=True))
    return [user.agency_id]


def scope(queryset: QuerySet, user: User, field: str = "agency") -> QuerySet:
    """``queryset`` restricted to what ``user`` may read (the audit administrator reads no records)."""
    if not user.is_authenticated or user.agency_id is None or user.has_role(Role.AUDIT_ADMIN):
        return queryset.none()
    if user.has_role(Role.SUPERVISOR):
        return queryset.filter(**{f"{field}__path__startswith": user.agency.path})
    return queryset.filter(**{f"{field}_id": user.agency_id})


def can_change(user: User, agency: Agency | int, *roles: str) -> bool:
    """Whether ``user`` works at ``agency`` and holds one of ``roles`` (any role if none given)."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    if not user.is_authenticated or user.agency_id != agency_id:
        return False
    working = set(user.roles or []) - {Role.SUPERVISOR, *ADMIN_ROLES}
    return bool(working & set(roles)) if roles else bool(working)


class Refused(Http404):
    """A refusal of a member of staff: shown as 404 (nothing revealed), audited as 拒绝访问."""


def require_own_agency(user: User, agency: Agency | int, *roles: str) -> None:
    if not can_change(user, agency, *roles):
        raise Refused("无此记录")
