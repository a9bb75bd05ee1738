"""Demo data of 依申请公开: applications to 随州市民政局 (and two to 湖北省民政厅) in every state a
handler meets — waiting for the receipt to be confirmed (第三十一条), running, waiting for a 补正
(第三十条), a third party consulted (第三十二条), extended and the applicant told (第三十三条第一款),
a reply drafted and waiting for the leader, a reply sent (第三十六条), and one overdue; a reply
linking a document already published (第三十六条第（一）项), a reply offering reading in place instead
of paper copies (第四十条), and three applicants asking for the same information (第四十四条).

Everything goes through the real services (:mod:`.services`, :mod:`.letters`), so each case has its
history, audit records, notices and clock. The services read the time from :func:`.services.now`;
the loader moves that clock back to the day of each step (as the tests' ``on`` fixture does) and
puts it back afterwards. Dates count back in working days from today, so the cases fall in
October–November and the deadlines stay meaningful whenever the demo is loaded.

The 查询码 of the demo applications are fixed (:data:`.demo_cases.SCENARIOS`), so ``gongkai demo`` can print
them on every run and a tester can open the public status page. Idempotent: a case already
created (found by its idempotency key ``demo-…``) is left as it is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import types

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, User
from gongkai.workdays.calendar import holiday_table

from . import intake, letters, services
from .demo_cases import SCENARIOS, Scenario
from .models import Application, Channel

# Where ``make demo`` serves the portal (the letters' links when no site address is set yet).
DEMO_SITE = "http://127.0.0.1:8000"


@contextlib.contextmanager
def _clock(day: dt.date, hour: int = 10, minute: int = 0):
    """Move the applications' clock (:func:`.services.now`) to ``day``, then put it back."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    before = services.now
    services.now = lambda: moment
    try:
        yield
    finally:
        services.now = before


@contextlib.contextmanager
def _access_code(code: str):
    """The service makes the 查询码; for the demo it is the scenario's fixed one."""
    before = intake.new_access_code
    intake.new_access_code = lambda: code
    try:
        yield
    finally:
        intake.new_access_code = before


@contextlib.contextmanager
def _letters_clock():
    """:func:`.letters.sign_reply` stamps ``signed_at`` with ``timezone.now()``, not the services'
    clock: for the demo it reads the moved clock too (else a letter sent in November would show
    as signed today, after it was sent)."""
    before = letters.timezone
    letters.timezone = types.SimpleNamespace(now=services.now)
    try:
        yield
    finally:
        letters.timezone = before


class _Days:
    """Working days back from today (estimated with weekends only if a year is not entered)."""

    def __init__(self, today: dt.date):
        self.today, self.table = today, holiday_table().estimating()

    def ago(self, n: int) -> dt.date:
        return self.table.add_workdays(self.today, -n) if n > 0 else self.today

    def after(self, day: dt.date, n: int) -> dt.date:
        return self.table.add_workdays(day, n)


def _staff(agency: Agency) -> tuple[User, User]:
    """(handler, admin: 负责人 and 领导) of the agency's demo staff."""
    admin = User.objects.get(username=f"{agency.slug}-admin")
    handler = User.objects.filter(username=f"{agency.slug}-handler").first() or admin
    return handler, admin


@transaction.atomic
def load(by_slug: dict[str, Agency]) -> list[Application]:
    """Create the demo applications not yet there; returns those created."""
    days = _Days(services.today())
    created = []
    for sc in SCENARIOS:
        agency = by_slug[sc.agency]
        if Application.objects.filter(agency=agency, idempotency_key=f"demo-{sc.key}").exists():
            continue
        created.append(_play(sc, agency, days))
    for app in created:
        services.refresh(app)  # the clock as of today (overdue, days left)
    return created


def _play(sc: Scenario, agency: Agency, days: _Days) -> Application:
    handler, admin = _staff(agency)
    data = dict(sc.applicant)
    online = sc.channel == Channel.ONLINE
    if sc.submitted == 0:  # yesterday evening, after office hours
        day, hour = days.today - dt.timedelta(days=1), 20
    else:
        day, hour = days.ago(sc.submitted), 9 if online else 10
    if "applied_on" in data:  # working days ago: a letter written a few days before it arrived
        data["applied_on"] = days.ago(data["applied_on"])
    elif not online:
        data["applied_on"] = day
    with _clock(day, hour, 17), _access_code(sc.code):
        app, _ = services.submit(
            agency,
            data,
            channel=sc.channel,
            idempotency_key=f"demo-{sc.key}",
            registered_by=None if online else handler,
        )
    for step in sc.steps:
        _step(step, app, handler, admin, days)
    app.refresh_from_db()
    return app


def _step(step: tuple, app: Application, handler: User, admin: User, days: _Days) -> None:
    what, *args = step
    if what == "assign":
        with _clock(app.received_on or days.today, 11):
            services.assign(admin, app, handler)
        return
    on = days.ago(args[0])
    with _clock(on, 14, 30):
        if what == "receipt":
            services.confirm_receipt(handler, app, on, args[1])
            app.refresh_from_db()
        elif what == "supplement":
            services.request_supplement(handler, app, on, args[1], args[2])
        elif what == "consult":
            services.consult(handler, app, on, args[1])
        elif what == "extend":
            _extend(app, handler, admin, on, args[1], args[2])
        elif what == "draft":
            letters.draft_reply(handler, app, args[1], **args[2])
        elif what == "published":  # Art. 36(一): the agency's published document of that name
            from gongkai.disclosure.selectors import agency_public_documents

            from .provision import public_base

            docs = [d for d in agency_public_documents(app.agency_id, args[1]) if d.title == args[1]]
            letters.draft_reply(
                handler,
                app,
                "granted",
                published_ids=[d.pk for d in docs[:1]],
                base=public_base() or DEMO_SITE,
            )
        elif what == "sign":
            with _letters_clock():
                letters.sign_reply(admin, app)
        elif what == "send":
            row = letters.send_reply(handler, app, on)
            letters.freeze_files(row.pk)  # the Word and PDF now, not in a thread the command outlives
        else:  # pragma: no cover - a typo in SCENARIOS
            raise ValueError(what)


def _extend(app, handler, admin, on, n, reason) -> None:
    """第三十三条第一款: the head of the office approves, the applicant is told the same day. An
    extended date in a year whose holidays are not entered cannot be written in the notice: the
    service refuses the notice, and the demo then leaves the extension approved only."""
    services.approve_extension(admin, app, on, n, reason)
    with contextlib.suppress(ValidationError):
        services.notify_extension(handler, app, on)


def status_lookups() -> list[tuple[Application, str]]:
    """(application, 查询码) of the online demo applications, for ``gongkai demo`` to print."""
    keys = {f"demo-{sc.key}": sc.code for sc in SCENARIOS if sc.channel == Channel.ONLINE}
    apps = (
        Application.objects.filter(idempotency_key__in=keys)
        .select_related("agency")
        .order_by("agency__pk", "number")
    )
    return [(app, keys[app.idempotency_key]) for app in apps]
