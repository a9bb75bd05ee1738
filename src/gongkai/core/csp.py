"""The Content-Security-Policy middleware (django-csp) with one exception: a PDF opened in the
browser is shown by the browser's own viewer, which Chromium builds as a page with an <embed> of the
same address and inline styles — ``object-src 'none'`` and the style rules would leave it blank
(crbug.com/271452). A PDF response therefore carries only ``frame-ancestors 'none'``: it runs no
script of ours, it is served with nosniff and its type is read from the checked content, and it
still cannot be framed."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts


class PolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and response.get("Content-Type", "").startswith("application/pdf"):
            parts.replace = {
                "default-src": None,
                "script-src": None,
                "style-src": None,
                "style-src-attr": None,
                "img-src": None,
                "object-src": None,
                "base-uri": None,
                "form-action": None,
            }
        return parts
