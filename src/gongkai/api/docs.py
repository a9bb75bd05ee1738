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


def _body_fields(schema: dict, op: dict) -> tuple[str, list[dict]]:
    """The request body's media types and fields (write API), from its component schema."""
    content = (op.get("requestBody") or {}).get("content", {})
    if not content:
        return "", []
    ref = next(iter(content.values())).get("schema", {}).get("$ref", "")
    component = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    required = set(component.get("required", []))
    components = schema.get("components", {}).get("schemas", {})

    def resolved(prop: dict) -> dict:
        refs = [prop.get("$ref", "")] + [
            x.get("$ref", "") for x in prop.get("oneOf", []) + prop.get("allOf", [])
        ]
        enums = [v for r in refs if r for v in components.get(r.rsplit("/", 1)[-1], {}).get("enum", [])]
        return {**prop, "enum": enums} if enums else prop

    fields = [
        {
            "name": name,
            "where": "请求体",
            "required": name in required,
            "type": "文件"
            if prop.get("format") == "binary" or "binary" in str(prop.get("items", ""))
            else _type(resolved(prop)),
            "description": prop.get("description", ""),
        }
        for name, prop in component.get("properties", {}).items()
        if not prop.get("readOnly")
    ]
    return "、".join(content), fields


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
                    "where": {"query": "查询参数", "path": "路径参数", "header": "请求头"}.get(
                        p["in"], p["in"]
                    ),
                    "required": p.get("required", False),
                    "type": _type(p.get("schema", {})),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            media, fields = _body_fields(schema, op)
            out.append(
                {
                    "media": media,
                    "method": method.upper(),
                    "path": path,
                    "anchor": op.get("operationId", ""),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "params": params + fields,
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
