"""Error pages in Chinese inside the portal frame, with a way back (《政府网站发展指引》: no bare
technical pages). Django's handlers (``handler404``/``handler403``/``handler500``) serve them when
DEBUG is off; :class:`ChineseErrorPagesMiddleware` also serves them for 404 and 403 when DEBUG is
on (the demo), in place of Django's debug pages."""

from __future__ import annotations

import logging
import re
import sys

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader

log = logging.getLogger(__name__)
_CJK = re.compile("[\u4e00-\u9fff]")

# status → (template, title, text). The templates extend portal/error.html (the frame, a way back).
ERRORS = {
    400: ("400.html", "请求有误", "无法处理此请求。请检查网址，或从下面的链接继续浏览。"),
    403: ("403.html", "无权访问", "您没有访问此页面的权限。"),
    404: ("404.html", "页面不存在", "您访问的页面不存在或已被移除。请检查网址，或从下面的链接继续浏览。"),
    500: (
        "500_frame.html",
        "服务暂时不可用",
        "系统暂时无法处理您的请求，请稍后再试。若问题持续，请联系本机关的政府信息公开工作机构。",
    ),
}
CSRF = (
    "403_csrf.html",
    "页面已过期，请重新提交",
    "为保护您的信息安全，表单需要有效的安全校验。请返回上一页、刷新后重新填写提交；如仍不成功，请确认浏览器允许本站的 Cookie。",
)


def error_response(
    request, status: int, detail: str = "", page: tuple[str, str, str] | None = None
) -> HttpResponse:
    template, title, text = page or ERRORS[status]
    if request is not None and request.path.startswith("/api/"):
        return _api_error(status, detail or text)
    staff = request.path.startswith("/staff/") if request is not None else False
    try:
        html = loader.render_to_string(
            template,
            {
                "status": status,
                "error_title": title,
                "error_text": detail or text,
                "home_url": "/staff/" if staff else "/",
                "home_label": "返回工作台" if staff else "返回首页",
            },
            request=request,
        )
    except Exception:  # the frame itself failed (e.g. the database is down): a plain page
        if status != 500:
            raise
        log.exception("500 page: frame failed")
        html = loader.render_to_string("500.html")  # static: no database, no context
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response.gongkai_error_page = True
    return response


def _api_error(status: int, text: str) -> HttpResponse:
    """The API's clients read JSON, also for a URL no route matches (``/api/v1/agencies/-1/``)."""
    response = JsonResponse({"detail": text}, status=status, json_dumps_params={"ensure_ascii": False})
    response.gongkai_error_page = True
    return response


def bad_request(request, exception=None):
    return error_response(request, 400)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def _chinese(exception) -> str:
    """A PermissionDenied raised with a message for users (Chinese) is shown; anything else is not."""
    text = str(exception or "")
    return text if _CJK.search(text) else ""


def permission_denied(request, exception=None):
    return error_response(request, 403, _chinese(exception))


def server_error(request):
    """``handler500``: the framed Chinese page; a database failure outside the view (saving the
    session) is the 503 of :mod:`gongkai.core.middleware` instead (nothing or maybe saved)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        from gongkai.core.middleware import server_error as database_unavailable

        return database_unavailable(request)
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(request, 403, page=CSRF)


class ChineseErrorPagesMiddleware:
    """404 and 403 in Chinese even with DEBUG on (the technical pages are for developers' consoles)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code in (403, 404)
            and not getattr(response, "gongkai_error_page", False)
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
        ):
            return error_response(request, response.status_code)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return error_response(request, 404)
        if isinstance(exception, PermissionDenied):
            return error_response(request, 403, _chinese(exception))
        return None
