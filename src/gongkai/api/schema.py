"""Additions to the generated OpenAPI schema: every operation may answer 400 (bad filter), 403
(security policy; for the write API also the missing role), 401 and 409 (write API: token, Idempotency-Key), 404 (unknown or unpublished), 429 (rate limit) and 503 (database down), each with a Chinese ``detail`` or field errors."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "additionalProperties": True,
    "description": "错误：detail 或各字段的错误信息（中文）",
}
ANSWERS = {
    "400": "参数有误",
    "403": "拒绝访问（安全策略）",
    "404": "没有找到，或尚未公开",
    "429": "请求过于频繁",
    "503": "数据库暂时不可用",
}
# The write API (operations that need a token) may also answer these.
WRITE_ANSWERS = {
    "401": "缺少接口令牌，或令牌无效、已过期、已吊销",
    "403": "令牌没有所需角色",
    "409": "Idempotency-Key 已用于内容不同的请求",
}


def add_error_responses(result, generator, request, public):
    for item in result.get("paths", {}).values():
        for op in item.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            answers = ANSWERS | (
                WRITE_ANSWERS if any("apiToken" in x for x in op.get("security", [])) else {}
            )
            for code, text in answers.items():
                op["responses"].setdefault(
                    code, {"description": text, "content": {"application/json": {"schema": ERROR}}}
                )
    return result
