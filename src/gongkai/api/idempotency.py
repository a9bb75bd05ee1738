"""``Idempotency-Key`` of the write API: a request is done once per token and key.

The same key with the same body (fields and files, in any order or multipart boundary) answers the
first response again, without doing anything; the same key with another body is refused with 409.
The request's work and the stored response are one transaction: if two requests with the same key
race, the second's insert of the key fails, its work is rolled back and it answers as a repeat."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from rest_framework import exceptions, status
from rest_framework.response import Response

from gongkai.core import crypto

from .models import ApiToken, IdempotentRequest

HEADER = "Idempotency-Key"
KEY = re.compile(r"^[\x21-\x7e]{1,100}$")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "该 Idempotency-Key 已用于内容不同的请求：请为新的请求使用新的键"
    default_code = "conflict"


def request_key(request) -> str:
    key = request.headers.get(HEADER, "").strip()
    if not key:
        raise exceptions.ValidationError(
            {HEADER: ["请在请求头 Idempotency-Key 中提供本次请求的唯一键（重试时使用同一个键）"]}
        )
    if not KEY.match(key):
        raise exceptions.ValidationError({HEADER: ["Idempotency-Key 应为1至100个可见ASCII字符"]})
    return key


def body_hash(request) -> str:
    """A digest of what the request asks: its fields and its files' names and contents."""
    h = hashlib.sha256()
    data = request.data
    if hasattr(data, "lists"):  # form or multipart
        fields = {k: v for k, v in data.lists() if k not in request.FILES}
    else:
        fields = data if isinstance(data, dict) else {"_": data}
    h.update(json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str).encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            h.update(f"\0{name}\0{upload.name}\0".encode())
            for chunk in upload.chunks():
                h.update(chunk)
            upload.seek(0)
    return h.hexdigest()


def _replay(row: IdempotentRequest, digest: str) -> Response:
    if row.body_hash != digest:
        raise Conflict()
    response = Response(json.loads(crypto.decrypt(row.response)), status=row.status)
    response["Idempotent-Replayed"] = "true"
    return response


def once(request, token: ApiToken, endpoint: str, work: Callable[[], tuple[int, dict]]) -> Response:
    key, digest = request_key(request), body_hash(request)
    existing = IdempotentRequest.objects.filter(token=token, key=key).first()
    if existing:
        return _replay(existing, digest)
    try:
        with transaction.atomic():
            code, data = work()
            IdempotentRequest.objects.create(
                token=token,
                key=key,
                endpoint=endpoint,
                body_hash=digest,
                status=code,
                response=crypto.encrypt(json.dumps(data, ensure_ascii=False, default=str)),
            )
    except IntegrityError:
        row = IdempotentRequest.objects.filter(token=token, key=key).first()
        if row is None:
            raise
        return _replay(row, digest)
    return Response(data, status=code)
