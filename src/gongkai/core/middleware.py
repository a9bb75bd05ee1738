"""The database briefly unavailable (PostgreSQL restarting, a failover): the request's transaction
was rolled back, so nothing of it was written. Answer 503 with a Chinese page saying so and when to
try again, not a bare error page — resubmitting the same form is safe (its token makes a repeated
submission return the first application). The broken connection is closed at the end of the
request by Django's own ``request_finished`` handling, so the next request connects anew."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("数据库暂时不可用（%s %s）：%s", request.method, request.path, type(exception).__name__)
        return unavailable(request, saved="no")


def unavailable(request, *, saved: str) -> HttpResponse:
    """The 503 page. ``saved`` is "no" when the view's transaction rolled back, "maybe" when the
    database went away after the view (saving the session): then the applicant is told to submit
    the same form again, which returns the application already made instead of a second one."""
    # Rendered without the request: its context processors would read the session (the database).
    page = render_to_string(
        "core/unavailable.html",
        {"retry_after": RETRY_AFTER_SECONDS, "saved": saved, "was_post": request.method == "POST"},
    )
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """``handler500``: a database failure outside the view (e.g. while saving the session) is the same
    503 as above; anything else is the ordinary Chinese 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        log.warning(
            "数据库暂时不可用（%s %s，视图之后）：%s", request.method, request.path, type(exc).__name__
        )
        return unavailable(request, saved="maybe")
    return HttpResponse(render_to_string("500.html"), status=500)
