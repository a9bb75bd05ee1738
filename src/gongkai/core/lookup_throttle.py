"""Wrong 查询码 guesses on the private status pages of the public (an application under Art. 29,
a message to an agency's box).

Counted per (what is looked up, its number, source address) and per source address, in the shared
cache (Redis or the database; never one process's memory), apart from staff login. A source that
guessed wrong too often is refused for the window; every other address — the applicant's own
included — keeps working, so one guesser cannot lock an agency's applicants out.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from gongkai.audit.context import client_ip


def _digest(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


def _keys(request, scope: str, number: str) -> list[tuple[str, int]]:
    ip = client_ip(request)
    return [
        (
            f"lookup-fail:number:{_digest(scope, (number or '').strip().upper(), ip)}",
            settings.GONGKAI_LOOKUP_MAX_FAILURES_PER_NUMBER,
        ),
        (f"lookup-fail:source:{_digest(ip)}", settings.GONGKAI_LOOKUP_MAX_FAILURES_PER_SOURCE),
    ]


def refused(request, scope: str, number: str) -> bool:
    """Whether this source has used up its wrong guesses (for this number, or overall). ``scope``
    names what is looked up (e.g. ``application:<agency id>``)."""
    keys = _keys(request, scope, number)
    counts = cache.get_many([key for key, _limit in keys])
    return any(counts.get(key, 0) >= limit for key, limit in keys)


def note_failure(request, scope: str, number: str) -> None:
    window = settings.GONGKAI_LOOKUP_WINDOW_SECONDS
    for key, _limit in _keys(request, scope, number):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


def refusal_message() -> str:
    return f"本机查询失败次数过多，请{settings.GONGKAI_LOOKUP_WINDOW_SECONDS // 60}分钟后再试。"
