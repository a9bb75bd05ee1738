"""Wrong 查询码 guesses on the applicant's status page (Art. 29 cases, private to the applicant).

Counted per (agency, application number, source address) and per source address, in the shared
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


def _keys(request, agency_id: int, number: str) -> list[tuple[str, int]]:
    ip = client_ip(request)
    return [
        (f"lookup-fail:number:{_digest(agency_id, (number or '').strip().upper(), ip)}",
         settings.GONGKAI_LOOKUP_MAX_FAILURES_PER_NUMBER),
        (f"lookup-fail:source:{_digest(ip)}", settings.GONGKAI_LOOKUP_MAX_FAILURES_PER_SOURCE),
    ]


def refused(request, agency_id: int, number: str) -> bool:
    """Whether this source has used up its wrong guesses (for this number, or overall)."""
    keys = _keys(request, agency_id, number)
    counts = cache.get_many([key for key, _limit in keys])
    return any(counts.get(key, 0) >= limit for key, limit in keys)


def note_failure(request, agency_id: int, number: str) -> None:
    window = settings.GONGKAI_LOOKUP_WINDOW_SECONDS
    for key, _limit in _keys(request, agency_id, number):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
