"""Helpers of the write-API tests: tokens made through the service as an agency's admin would,
and a client sending them."""

from __future__ import annotations

import json

APPLICANT = {
    "channel": "in_person",
    "applicant_kind": "natural_person",
    "applicant_name": "王五",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "138 1234 5678",
    "email": "wangwu@example.cn",
    "description": "2024年度城乡最低生活保障资金发放情况",
    "medium": "electronic",
    "delivery": "email",
}


def make_token(make_staff, agency, *roles, days=0, name="公文系统"):
    from gongkai.api import tokens

    admin = make_staff(agency, "agency_admin", username=f"{agency.slug}-admin-{name}")
    return tokens.create_token(admin, name, list(roles), days)


class Writer:
    """POSTs to the write API with ``Authorization: Bearer <token>``."""

    def __init__(self, client, plain: str):
        self.client, self.plain = client, plain

    def headers(self, key, plain=None):
        h = {"HTTP_AUTHORIZATION": f"Bearer {plain or self.plain}"}
        if key is not None:
            h["HTTP_IDEMPOTENCY_KEY"] = key
        return h

    def json(self, url, body, key="k-1", plain=None):
        return self.client.post(
            url, json.dumps(body), content_type="application/json", **self.headers(key, plain)
        )

    def multipart(self, url, fields, key="k-1", plain=None):
        return self.client.post(url, fields, **self.headers(key, plain))
