"""Template tags of the portal frame: ``{% site_frame agency as site %}`` and ``{% query_with k=v %}``."""

from __future__ import annotations

from django import template
from django.core.exceptions import DisallowedHost

from gongkai.portal.frame import frame_for

register = template.Library()


@register.simple_tag(takes_context=True)
def site_frame(context, agency=None):
    frame = frame_for(agency or None)
    if not frame.domain:
        request = context.get("request")
        try:
            frame.domain = request.get_host() if request is not None else ""
        except DisallowedHost:
            frame.domain = ""
    return frame


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with ``changes`` applied (``page`` reset unless given)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else {}
    if hasattr(params, "setlist"):
        if "page" not in changes:
            params.pop("page", None)
        for key, value in changes.items():
            if value in ("", None):
                params.pop(key, None)
            else:
                params[key] = str(value)
        return "?" + params.urlencode()
    return "?" + "&".join(f"{k}={v}" for k, v in changes.items())
