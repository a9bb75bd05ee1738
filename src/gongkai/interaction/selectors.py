"""The reads of 政民互动 that staff pages and other apps (portal, sitecheck, reports) use.

Isolation: a member of staff reads the messages their agency holds (a supervisor: the subtree) and
those their agency transferred on (read only); anything else is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gongkai.agencies.scoping import scope, visible_agency_ids
from gongkai.rules.interaction import Source, add_months

from .models import OPEN_STATES, Access, Message


def visible_messages(user) -> QuerySet[Message]:
    held = scope(Message.objects.all(), user)
    ids = visible_agency_ids(user)
    if not ids:
        return held
    passed_on = Access.objects.filter(agency_id__in=ids).values("message_id")
    return Message.objects.filter(Q(pk__in=held.values("pk")) | Q(pk__in=passed_on))


def message_for(user, pk: int) -> Message:
    return get_object_or_404(visible_messages(user).select_related("agency", "box", "handler"), pk=pk)


def published(agency=None, box=None) -> QuerySet[Message]:
    """Published Q&A (互动回应): the writer agreed, the leader approved, not hidden."""
    qs = Message.objects.filter(
        published_at__isnull=False, hidden=False, public_ok=True, publish_approved=True
    )
    if box is not None:
        qs = qs.filter(box=box)
    elif agency is not None:
        qs = qs.filter(Q(agency=agency) | Q(box__agency=agency))
    return qs.select_related("agency", "box").order_by("-published_at", "-pk")


def unanswered_too_long(agency, today: dt.date) -> QuerySet[Message]:
    """国办秘函〔2019〕19号 互动回应差: messages of the mailbox received more than 3 months ago, not
    rejected as invalid and still without an answer to the writer (one never screened counts too). The agency's own boxes count, wherever the message
    went (a transfer does not excuse the channel), as do messages it holds."""
    cutoff = add_months(today, -3)
    return Message.objects.filter(
        Q(agency=agency) | Q(box__agency=agency),
        source=Source.MAILBOX,
        state__in=OPEN_STATES,
        received_on__lt=cutoff,
    ).order_by("received_on")


def veto_line(agency, today: dt.date) -> str | None:
    """The sentence the site inspection adds to its single-veto list, or None."""
    late = list(unanswered_too_long(agency, today)[:3])
    if not late:
        return None
    n = unanswered_too_long(agency, today).count()
    examples = "、".join(f"{m.number}（{m.received_on:%Y-%m-%d}收到）" for m in late)
    return f"互动回应差：{n}件有效留言超过3个月未答复，如{examples}（国办秘函〔2019〕19号）"


def published_reply(pk: int) -> Message | None:
    """One published Q&A (None when it is not published)."""
    return published().filter(pk=pk).first()


def published_under(agency_path: str = "") -> QuerySet[Message]:
    """Published Q&A of the agencies under ``agency_path`` (all agencies when empty)."""
    qs = published()
    if agency_path:
        qs = qs.filter(agency__path__startswith=agency_path)
    return qs


def year_stats(agency, year: int, today: dt.date, subtree: bool = False) -> dict:
    """The year's 政民互动 figures (counts and rates only, no message), as ``gongkai interaction stats``."""
    from .stats import agency_stats

    return agency_stats(agency, year, today, subtree=subtree)
