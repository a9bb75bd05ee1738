"""Demo data of giving the information (issue 17): a 部分公开 case of 湖北省民政厅 whose reply came
with a redacted PDF (区分处理, Art. 37) the applicant can download from the status page.

The applicant asked for the list of people who received 临时救助 and the amounts; the agency gives the
list with the names, ID numbers and phone numbers of the people removed (Art. 15, personal privacy)
and the handling officer's internal note removed (Art. 16 ¶1). Everything goes through the real
services (attach, search and mark, apply, the letter drafted, signed and sent), with the services'
clock moved back to the day of each step and put back afterwards. Idempotent (the idempotency key
``demo-delivery-partial``); the 查询码 is fixed (:data:`CODE`) so testers can open the status page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import types

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, User
from gongkai.applications import intake, letters
from gongkai.applications import services as app_services
from gongkai.applications.models import Application
from gongkai.workdays.calendar import holiday_table

from . import services

KEY = "demo-delivery-partial"
CODE = "SZRD7K4Q"  # letters of the 查询码 alphabet
AGENCY = "hbmzt"
# Fictional people (ID numbers with a valid check digit, phone numbers of no one).
PEOPLE = (
    ("陈某华", "421302195803120411", "13972601234", "随州市曾都区", 1200),
    ("刘某英", "421302196207150424", "15871305678", "随州市广水市", 800),
    ("黄某明", "421381197011230318", "18972419012", "襄阳市枣阳市", 1500),
    ("周某兰", "421302198502280626", "13545863456", "孝感市安陆市", 600),
)
NOTE = "经办人意见：黄某明家庭情况另行核查。"  # an internal note (Art. 16 ¶1)


def _list_pdf() -> bytes:
    from weasyprint import HTML

    rows = "".join(
        f"<tr><td>{i}</td><td>{n}</td><td>{idn}</td><td>{ph}</td><td>{place}</td><td>{amount}</td></tr>"
        for i, (n, idn, ph, place, amount) in enumerate(PEOPLE, 1)
    )
    total = sum(p[4] for p in PEOPLE)
    html = f"""<html><head><meta charset="utf-8"><title>临时救助对象名单</title>
<style>@page {{ size: A4 landscape; margin: 18mm }} body {{ font-family: 'Noto Sans CJK SC'; font-size: 11pt }}
h1 {{ text-align: center; font-size: 16pt }} table {{ border-collapse: collapse; width: 100% }}
td, th {{ border: 1px solid #000; padding: 4pt 6pt }}</style></head><body>
<h1>2026年上半年省级临时救助对象名单及救助金额</h1>
<p>湖北省民政厅社会救助处　2026年7月10日</p>
<table><tr><th>序号</th><th>姓名</th><th>身份证号码</th><th>联系电话</th><th>所在县（市、区）</th><th>救助金额（元）</th></tr>
{rows}<tr><td colspan="5">合计（{len(PEOPLE)}人次）</td><td>{total}</td></tr></table>
<p>说明：救助资金已于2026年7月通过社会保障卡发放。</p>
<p>{NOTE}</p></body></html>"""
    return HTML(string=html).write_pdf()


@contextlib.contextmanager
def _clock(day: dt.date, hour: int = 10):
    """Move the applications' clock (and the letters' signing time) to ``day``, then put it back."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    before, before_tz = app_services.now, letters.timezone
    app_services.now = lambda: moment
    letters.timezone = types.SimpleNamespace(now=lambda: moment)
    try:
        yield
    finally:
        app_services.now, letters.timezone = before, before_tz


@contextlib.contextmanager
def _code(code: str):
    before = intake.new_access_code
    intake.new_access_code = lambda: code
    try:
        yield
    finally:
        intake.new_access_code = before


@transaction.atomic
def load(by_slug: dict[str, Agency]) -> list[tuple[Application, str]]:
    """Create the demo case if it is not there; returns [(application, 查询码)] of the case."""
    agency = by_slug[AGENCY]
    existing = Application.objects.filter(agency=agency, idempotency_key=KEY).first()
    if existing:
        return [(existing, CODE)]
    handler = User.objects.filter(username=f"{AGENCY}-handler").first()
    leader = User.objects.get(username=f"{AGENCY}-admin")
    handler = handler or leader
    table = holiday_table().estimating()
    today = app_services.today()
    submitted = table.add_workdays(today, -12)
    sent = table.add_workdays(today, -2)
    with _clock(submitted, 9), _code(CODE):
        app, _ = app_services.submit(
            agency,
            {
                "applicant_kind": "natural_person",
                "applicant_name": "赵某平",
                "id_type": "resident_id",
                "id_number": "420102198807150310",
                "phone": "13807221234",
                "email": "zhao.demo@example.cn",
                "description": "2026年上半年省级临时救助对象名单及救助金额。",
                "medium": "electronic",
                "delivery": "online",
            },
            idempotency_key=KEY,
        )
        app_services.confirm_receipt(handler, app, submitted, "网上申请系统与申请人确认")
    with _clock(sent, 9):
        app.refresh_from_db()
        original = services.attach(handler, app, "2026年上半年省级临时救助对象名单.pdf", _list_pdf())
        services.add_marks(
            handler,
            app,
            original.pk,
            ground="withheld.third_party_rights",
            texts=[p[0] for p in PEOPLE],
            presets=["id", "mobile"],
        )
        services.add_marks(handler, app, original.pk, ground="withheld.internal_affairs", texts=[NOTE])
        services.apply_redaction(handler, app, original.pk)
        letters.draft_reply(handler, app, "partially_granted")
        letters.sign_reply(leader, app)
        row = letters.send_reply(handler, app, sent)
    letters.freeze_files(row.pk)  # the Word and PDF now, not in a thread the command outlives
    app_services.refresh(app)
    return [(app, CODE)]
