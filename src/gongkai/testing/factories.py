"""Test data built the way the platform builds it: the agency tree, staff with roles, applications,
documents and 政民互动 messages. The root ``conftest.py`` and the apps' ``conftest.py`` wrap these in
fixtures; a test that needs one more of something calls the factory directly.

Every function needs the database (call it from a test marked ``django_db`` or from a fixture that
depends on ``db``). Models are imported inside the functions: this module is imported by conftest
files before Django is set up.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

# The password of every test user (the test settings hash it with MD5: fast, and never a real secret).
PASSWORD = "correct-horse-battery"  # noqa: S105 - a fixed test password

# A valid 依申请公开 form of a natural person (Art. 29: name, ID, contact, the information sought, form).
APPLICANT = {
    "applicant_kind": "natural_person",
    "applicant_name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "138 1234 5678",
    "email": "zhang@example.cn",
    "address": "湖北省随州市曾都区某路1号",
    "postcode": "441300",
    "description": "2024年度城乡最低生活保障资金发放情况",
    "document_title": "",
    "document_number": "",
    "medium": "electronic",
    "delivery": "email",
    "purpose": "",
}

# A 政民互动 message as the public writes it (with personal data the public pages must mask).
MESSAGE = {
    "name": "李四",
    "phone": "13912345678",
    "email": "",
    "kind": "consult",
    "title": "低保申请条件咨询",
    "content": "请问低保申请需要哪些材料？我的身份证号420102199001011234。",
    "public_ok": "yes",
}

_serial = itertools.count(1)


def agency_tree() -> dict[str, Any]:
    """湖北省民政厅 → 随州市民政局 → 随州市曾都区民政局, and an unrelated 岳阳市民政局, with the
    告知书设置 an agency live on the platform has: the 机关代字 of the letters' number and the 行政复议机关
    (行政复议法 2023 Art. 20 ¶3, Art. 24). 岳阳市民政局 has none: its letters show the gaps."""
    from gongkai.agencies.models import Agency
    from gongkai.applications.models import LetterSettings

    province = Agency.objects.create(
        name="湖北省民政厅", short_name="省民政厅", code="011043196", slug="hbmzt"
    )
    city = Agency.objects.create(
        name="随州市民政局", short_name="市民政局", code="011330001", slug="szmzj", parent=province
    )
    district = Agency.objects.create(
        name="随州市曾都区民政局", short_name="区民政局", code="011330101", slug="zdqmzj", parent=city
    )
    other = Agency.objects.create(name="岳阳市民政局", short_name="市民政局", code="006220735", slug="yymzj")
    for agency, prefix, body in (
        (province, "鄂民依公开", "湖北省人民政府"),
        (city, "随民依公开", "随州市人民政府"),
        (district, "曾民依公开", "随州市曾都区人民政府"),
    ):
        LetterSettings.objects.create(
            agency=agency,
            number_prefix=prefix,
            reconsideration_body=body,
            fee_payment=f"银行转账，收款单位：{agency.name}，账号：1817 0000 0000 0001",
        )
    return {"province": province, "city": city, "district": district, "other": other}


def staff(agency, *roles: str, username: str | None = None):
    """A staff user of ``agency`` with ``roles`` (default name: ``<slug>-<roles>``), password PASSWORD."""
    from gongkai.agencies.models import User

    username = username or f"{agency.slug}-{'-'.join(roles) or 'none'}"
    return User.objects.create_user(
        username=username, password=PASSWORD, agency=agency, roles=list(roles), full_name=username
    )


def application(agency, *, registered_by=None, channel: str | None = None, idempotency_key: str = "", **data):
    """An application submitted through the service as the form or the counter does (Art. 29):
    APPLICANT's form with ``data`` over it. Returns ``(application, 查询码)``."""
    from gongkai.applications import services
    from gongkai.applications.models import Channel

    return services.submit(
        agency,
        APPLICANT | data,
        channel=channel or Channel.ONLINE,
        idempotency_key=idempotency_key,
        registered_by=registered_by,
    )


def recorded_application(agency, kind, received, closed=None, outcome="", *, fee=None, overdue=False):
    """An application row received on ``received`` and, if ``closed``, closed with ``outcome`` — the
    cached facts :func:`gongkai.applications.stats.applications_table` reads for the annual report
    (written directly: the report's tests set the facts, not the case's history)."""
    from django.utils import timezone

    from gongkai.applications.models import Application
    from gongkai.rules.deadline_events import Status

    n = next(_serial)
    return Application.objects.create(
        agency=agency,
        year=received.year,
        serial=n,
        number=f"{received.year}-{n:04d}",
        access_code_hash="x",
        channel="in_person",
        applicant_kind=kind,
        applicant_name="申请人",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13812345678",
        description="所需信息",
        medium="electronic",
        delivery="email",
        submitted_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))),
        received_on=received,
        status=Status.CLOSED if closed else Status.RUNNING,
        outcome=outcome,
        closed_on=closed,
        fee_amount=fee,
        fee_paid=bool(fee),
        overdue=overdue,
    )


def draft_document(editor, agency=None, **data):
    """A draft 主动公开 document created by ``editor`` (a 规范性文件-like notice in 主题分类 16)."""
    from gongkai.disclosure import services
    from gongkai.disclosure.models import Category

    fields = {
        "title": "关于调整城乡最低生活保障标准的通知",
        "category": Category.objects.get(code="16"),
        "written_on": dt.date(2025, 3, 3),
        "body": "<p>正文</p>",
    } | data
    return services.create_document(editor, agency or editor.agency, fields)


def published_document(editor, reviewer, agency=None, *, publish_at=None, **data):
    """A document taken through the review workflow as staff do it: draft → submit → approve (保密审查,
    Art. 17) → publish (now, or at ``publish_at``)."""
    from gongkai.disclosure import services

    doc = draft_document(editor, agency, **data)
    services.transition(editor, doc, "submit")
    services.transition(reviewer, doc, "approve")
    return services.transition(editor, doc, "publish", publish_at=publish_at)


def mailbox(agency):
    """A 局长信箱 taking every kind of message."""
    from gongkai.interaction.models import Box

    return Box.objects.create(
        agency=agency, name="局长信箱", kinds=["consult", "help", "suggest", "complain", "report", "other"]
    )


def interaction_staff(tree: dict[str, Any]) -> dict[str, Any]:
    """Who handles 政民互动 in the tree: the city's dispatcher, handler and leader, and outsiders."""
    city = tree["city"]
    return {
        "dispatcher": staff(city, "agency_admin", username="dispatcher"),
        "handler": staff(city, "handler", username="mhandler"),
        "leader": staff(city, "leader", "reviewer", username="mleader"),
        "other_handler": staff(tree["other"], "handler", "agency_admin", username="yy-handler"),
        "district": staff(tree["district"], "agency_admin", "handler", username="zd-admin"),
        "supervisor": staff(tree["province"], "supervisor", username="prov-sup"),
    }


def answered_message(msg, people: dict[str, Any]):
    """``msg`` taken through accept → assign → reply → review (approved for publication)."""
    from gongkai.interaction import services

    services.accept(people["dispatcher"], msg)
    services.assign(people["dispatcher"], msg, handler=people["handler"])
    services.reply(people["handler"], msg, "您好，申请低保需提供户口簿、身份证和收入证明，请到社区办理。")
    return services.review_reply(people["leader"], msg, True, publish=True)
