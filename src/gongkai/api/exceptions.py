"""Errors of the API as JSON with a Chinese ``detail`` (never a 500 page for bad input)."""

from __future__ import annotations

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from gongkai.search.analysis import QueryError


def handle(exc, context):
    if isinstance(exc, QueryError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 60) + (0 if float(exc.wait or 60).is_integer() else 1)
        exc = exceptions.Throttled(wait=exc.wait, detail=f"请求过于频繁，请{wait}秒后再试。")
    elif isinstance(exc, exceptions.NotFound) and str(exc.detail) == str(exceptions.NotFound.default_detail):
        exc = exceptions.NotFound("没有找到该记录，或它尚未公开。")
    return exception_handler(exc, context)
