"""The API's documentation page (/api/v1/docs/): rendered on the server from the same OpenAPI
schema as /api/v1/schema/, in Chinese, with no script — it works offline and under the strict
Content-Security-Policy (no Swagger UI bundle to vendor or allow)."""

from __future__ import annotations

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")
TYPE_LABELS = {"integer": "整数", "string": "文字", "boolean": "是/否", "number": "数字", "array": "列表"}


def _type(schema: dict) -> str:
    if not schema:
        return ""
    fmt = schema.get("format", "")
    if fmt == "date":
        return "日期"
    if fmt == "date-time":
        return "时刻"
    if "enum" in schema:
        return "取值：" + "、".join(str(v) for v in schema["enum"] if v not in ("", None))
    return TYPE_LABELS.get(schema.get("type", ""), schema.get("type", ""))


def operations(schema: dict) -> list[dict]:
    out = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            params = [
                {
                    "name": p["name"],
                    "where": {"query": "查询参数", "path": "路径参数"}.get(p["in"], p["in"]),
                    "required": p.get("required", False),
                    "type": _type(p.get("schema", {})),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": op.get("operationId", ""),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "params": params,
                    "auth": bool(op.get("security")) and any(op.get("security")),
                }
            )
    return out


def docs_page(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(
        request,
        "api/docs.html",
        {"info": schema.get("info", {}), "operations": operations(schema)},
    )
