"""Where the current request comes from, for the audit: set by
:class:`gongkai.audit.middleware.AuditContextMiddleware`, read by :func:`services.record` so that
every audited change carries its source address without each caller passing it."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings

_source_ip: ContextVar[str] = ContextVar("gongkai_audit_source_ip", default="")


def client_ip(request) -> str:
    """The client's address. Behind ``GONGKAI_TRUSTED_PROXIES`` reverse proxies (0 by default) the
    address is taken from X-Forwarded-For, that many hops from its right end; otherwise REMOTE_ADDR.
    Never trust the header without a proxy that overwrites it."""
    if request is None:
        return ""
    hops = int(getattr(settings, "GONGKAI_TRUSTED_PROXIES", 0) or 0)
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def current_source_ip() -> str:
    return _source_ip.get()


def set_source_ip(ip: str):
    return _source_ip.set(ip)


def reset_source_ip(token) -> None:
    _source_ip.reset(token)
