"""Error pages in Chinese inside the portal frame, with a way back (《政府网站发展指引》: no bare
technical pages). Django's handlers (``handler404``/``handler403``/``handler500``) serve them when
DEBUG is off; :class:`ChineseErrorPagesMiddleware` also serves them for 404 and 403 when DEBUG is
on (the demo), in place of Django's debug pages."""

from __future__ import annotations

import logging
import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template import loader

log = logging.getLogger(__name__)
_CJK = re.compile("[\u4e00-\u9fff]")

ERRORS = {
    404: ("页面不存在", "您访问的页面不存在，可能已被删除、更名或暂时不可用。请检查网址，或从下面的链接继续浏览。"),
    403: ("无权访问", "您没有访问该页面的权限，或表单已过期。请返回上一页刷新后重试。"),
    500: ("服务暂时不可用", "服务器处理您的请求时出现错误，我们已记录此问题。请稍后再试。"),
}
_PLAIN_500 = ("<!DOCTYPE html><html lang=\"zh-Hans\"><head><meta charset=\"utf-8\"><title>服务暂时不可用</title></head>"
              "<body><main><h1>服务暂时不可用</h1><p>服务器处理您的请求时出现错误，请稍后再试。</p>"
              "<p><a href=\"/\">返回首页</a></p></main></body></html>")


def error_response(request, status: int, detail: str = "") -> HttpResponse:
    title, text = ERRORS[status]
    staff = request.path.startswith("/staff/") if request is not None else False
    try:
        html = loader.render_to_string("portal/error.html", {
            "status": status, "error_title": title, "error_text": detail or text,
            "home_url": "/staff/" if staff else "/", "home_label": "返回工作台" if staff else "返回首页",
        }, request=request)
    except Exception:  # the frame itself failed (e.g. the database is down): a plain page
        if status != 500:
            raise
        log.exception("500 page: frame failed")
        html = _PLAIN_500
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response.gongkai_error_page = True
    return response


def page_not_found(request, exception=None):
    return error_response(request, 404)


def _chinese(exception) -> str:
    """A PermissionDenied raised with a message for users (Chinese) is shown; anything else is not."""
    text = str(exception or "")
    return text if _CJK.search(text) else ""


def permission_denied(request, exception=None):
    return error_response(request, 403, _chinese(exception))


def server_error(request):
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(request, 403, "页面已过期或来源无法验证，提交未被接受。请返回上一页，刷新后重新提交。")


class ChineseErrorPagesMiddleware:
    """404 and 403 in Chinese even with DEBUG on (the technical pages are for developers' consoles)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code in (403, 404) and not getattr(response, "gongkai_error_page", False)
                and response.get("Content-Type", "").startswith("text/html")
                and not getattr(response, "streaming", False)):
            return error_response(request, response.status_code)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return error_response(request, 404)
        if isinstance(exception, PermissionDenied):
            return error_response(request, 403, _chinese(exception))
        return None
