"""The NUL character (``\\0``) refused for the whole site, before any view runs.

PostgreSQL refuses NUL in a text parameter: a search word, a filter (``?agency=…``), a form field
or a session cookie carrying one reached a query and the database raised ``DataError`` — a 500 on
PostgreSQL where SQLite answered normally. No input a person types contains it, so
:class:`NulGuardMiddleware` answers such a request with the Chinese 400 page (JSON under ``/api/``,
as :mod:`gongkai.portal.errors` does) when the NUL is in what the request asks for: the path, a
query parameter, a form field (name or value), an uploaded file's field or file name, or a JSON
body. The content of an uploaded file is never read here (a PDF or an image holds NUL bytes by
nature). A cookie with NUL is not the visitor's doing: it is dropped, as if it had not been sent
(the visitor continues without that cookie instead of being refused on every page).

No user path answers 500 (项目规则；《政府网站发展指引》：不出现技术性错误页面).
"""

from __future__ import annotations

import json
import logging

from django.core.files.uploadedfile import UploadedFile

from .errors import error_response

log = logging.getLogger(__name__)
NUL = "\x00"
MESSAGE = "请求中含有不允许的空字符（\\0），请检查后重新提交。"
JSON_TYPES = ("application/json",)


def has_nul(data) -> bool:
    """NUL in a string, or in any key, value or file name of request data: a ``QueryDict`` or
    ``MultiValueDict`` (every value of every key), a dict or list (a JSON body), an uploaded file
    (its name only). Walked without recursion: a deeply nested JSON body is no RecursionError."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, UploadedFile):
            stack.append(item.name or "")
        elif hasattr(item, "lists"):
            for key, values in item.lists():
                stack.append(key)
                stack.extend(values)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def _json_body(request):
    """The parsed JSON body, or None when there is none or it is not JSON (the view then answers
    its own parse error)."""
    if request.content_type not in JSON_TYPES and not request.content_type.endswith("+json"):
        return None
    try:
        return json.loads(request.body)
    except (ValueError, RecursionError):
        return None


def where_nul(request) -> str:
    """Which part of the request carries a NUL ("" when none): path, query, form, files, json."""
    if NUL in request.path_info:
        return "path"
    if has_nul(request.GET):
        return "query"
    if request.method == "POST":
        # Parses a form or multipart body as the view would; files are streamed to the upload
        # handlers and only their names are looked at.
        if has_nul(request.POST):
            return "form"
        if has_nul(request.FILES):
            return "files"
    if has_nul(_json_body(request)):
        return "json"
    return ""


class NulGuardMiddleware:
    """Before the session middleware: a cookie with NUL must be gone before the session is read
    (the session table is looked up by the cookie's value)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        dropped = [name for name, value in request.COOKIES.items() if NUL in name or NUL in value]
        for name in dropped:
            del request.COOKIES[name]
        where = where_nul(request)
        if where:
            log.info("refused a NUL character method=%s where=%s", request.method, where)
            return error_response(request, 400, MESSAGE)
        response = self.get_response(request)
        for name in dropped:
            if NUL not in name:
                response.delete_cookie(name)
        return response
