"""Requests per client and per minute for the API (settings.GONGKAI_API_RATE, e.g. ``"120/min"``),
counted in the shared cache (Redis or the database table, like the 查询码 look-up throttle in
``core/lookup_throttle.py``; never one process's memory). A client is its write token when it sends
one, otherwise its address (``audit.context.client_ip``, which honours the trusted proxies)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from gongkai.audit.context import client_ip


class ClientRateThrottle(SimpleRateThrottle):
    cache = cache
    scope = "api"

    def get_rate(self) -> str:
        return getattr(settings, "GONGKAI_API_RATE", "120/min")

    def get_cache_key(self, request, view) -> str:
        token = getattr(request, "auth", None)
        ident = f"token:{token.pk}" if getattr(token, "pk", None) else f"ip:{client_ip(request)}"
        return f"api-throttle:{self.scope}:{ident}"


class TokenRateThrottle(ClientRateThrottle):
    """The write API: requests per token (``settings.GONGKAI_API_WRITE_RATE``, e.g. ``"60/min"``)."""

    scope = "api-write"

    def get_rate(self) -> str:
        return getattr(settings, "GONGKAI_API_WRITE_RATE", "60/min")
