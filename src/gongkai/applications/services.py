"""Use cases of disclosure on application, each one transaction that checks the user's agency
and role, validates against the rules package, writes the case event, the audit record and any
notice, and refreshes the cached clock.

The order of actions is the Regulation's (Art. 30–35, 42): :func:`gongkai.rules.deadlines.check_action`
refuses what it forbids, naming the article.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import require_own_agency
from gongkai.audit.services import record
from gongkai.core.workflow import require, role_names
from gongkai.rules.deadline_events import ActionRefused, Clock, Event, EventKind, Status
from gongkai.rules.deadlines import check_action, compute_clock
from gongkai.rules.fees import FeeError, compute_fee
from gongkai.rules.letters.model import Letter, letter_to_dict
from gongkai.workdays.calendar import holiday_table

from . import intake, workflow
from .facts import compose as compose_notice
from .facts import gap_message
from .intake import find_for_applicant, same_applicant_in_month  # noqa: F401 - read as services.<name>
from .letter_numbers import take_number
from .models import Application, CaseEvent, Channel, Notice

OPEN_STATUSES = [s.value for s in Status if s not in (Status.CLOSED, Status.NOT_RECEIVED)]


def now() -> dt.datetime:
    """The current time (one place, so tests can move the clock)."""
    return timezone.now()


def today() -> dt.date:
    """Today in the agency's time zone."""
    return timezone.localdate(now())


def fee_pauses_clock() -> bool:
    """Whether the fee payment period pauses the reply clock (unverified in law: a setting)."""
    return getattr(settings, "GONGKAI_FEE_PAUSES_CLOCK", True)


# -- intake (the fields, numbers and codes: .intake) -------------------------------------------


def submit(
    agency, data: dict, *, channel: str = Channel.ONLINE, idempotency_key: str = "", registered_by=None
) -> tuple[Application, str | None]:
    """Create an application (Art. 29). With an ``idempotency_key`` (one per form shown), a repeated
    submission returns the first application and ``None`` instead of a new access code; so does an
    online submission repeating the same applicant's same request within 30 minutes
    (:func:`.intake.recent_repeat`). Uploaded files in ``data`` (``id_proof``, ``authorisation``: Django
    ``UploadedFile``) are stored with the application."""
    if registered_by is not None:
        require_own_agency(registered_by, agency, Role.HANDLER, Role.AGENCY_ADMIN)
    try:
        return intake.create(
            agency, data, now(), channel=channel, idempotency_key=idempotency_key, registered_by=registered_by
        )
    except IntegrityError:
        # Two clicks across a year boundary take different counters; the unique token still holds.
        existing = Application.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
        if idempotency_key and existing:
            return existing, None
        raise


def reissue_access_code(user, app: Application, reason: str) -> str:
    """A new 查询码 for a lost 回执: the old code stops working at once (only its hash was kept, so
    it cannot be shown again). Who may: :data:`.workflow.STEPS` ``reissue_code``; audited with the
    reason, never with the code."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("请写明重新生成查询码的原因（如申请人遗失回执）")
    with transaction.atomic():
        step = workflow.STEPS["reissue_code"]
        app = _lock(user, app, *step.roles)
        require(workflow.STEPS, step.action, app.status, user, state_labels=workflow.STATUS_LABELS)
        if app.anonymised_at:
            raise ValidationError("申请人个人信息已按保存期限删除，不能再生成查询码")
        code = intake.new_access_code()
        app.access_code_hash = intake.hash_code(code)
        app.save(update_fields=["access_code_hash"])
        record(
            app, "reissue_code", actor=user, from_state=app.status, to_state=app.status, reason=reason[:500]
        )
    return code


# -- the clock ------------------------------------------------------------------------------


def events_of(app: Application) -> list[Event]:
    return [
        Event(
            kind=EventKind(e.kind),
            date=e.date,
            days=e.days,
            served=e.served,
            until=e.until,
            party=e.party,
            outcome=e.outcome,
            excused=e.excused,
            note=e.note,
        )
        for e in app.events.order_by("date", "pk")
    ]


def clock_of(app: Application, as_of: dt.date | None = None) -> Clock:
    events = events_of(app)
    today_ = as_of or today()
    if events and events[-1].date > today_:
        today_ = events[-1].date
    return compute_clock(events, holiday_table(), as_of=today_, fee_pauses_clock=fee_pauses_clock())


def refresh(app: Application, as_of: dt.date | None = None) -> Clock:
    """Replay the events and store the result on the application (status, due date, outcome)."""
    clock = clock_of(app, as_of)
    # A pending due date (next year's holidays not entered) is stored as its earliest possible
    # value, so the queue still orders and colours the case; the page says it is an estimate.
    due_on = clock.due or clock.earliest_due or clock.waiting_until
    fields = {
        "status": clock.status.value,
        "due_on": due_on,
        "outcome": clock.outcome or "",
        "closed_on": clock.closed_on,
        "overdue": bool(clock.overdue),
    }
    changed = [f for f, v in fields.items() if getattr(app, f) != v]
    if changed:
        for f, v in fields.items():
            setattr(app, f, v)
        app.save(update_fields=changed)
    return clock


def recount_after_calendar(*, year: int, **_kwargs) -> int:
    """A year's holidays were entered: replay the open cases whose stored date may have been an
    estimate pending on that year (every such date falls in it or later)."""
    n = 0
    for app in Application.objects.filter(
        status__in=OPEN_STATUSES, due_on__gte=dt.date(year, 1, 1)
    ).iterator():
        refresh(app)
        n += 1
    return n


# -- actions --------------------------------------------------------------------------------


def _lock(user, app: Application, *roles: str) -> Application:
    app = Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=app.pk)
    require_own_agency(user, app.agency_id)
    if roles and not user.has_role(*roles):
        raise PermissionDenied(f"须由{role_names(roles)}办理")
    return app


def _refused(exc: ActionRefused) -> ValidationError:
    return ValidationError(str(exc), code="refused")


def add_event(
    user,
    app: Application,
    event: Event,
    *,
    notice: Letter | None = None,
    audit_action: str | None = None,
    reason: str | None = None,
) -> CaseEvent:
    """Validate ``event`` against the workflow table (who, in which status: :mod:`.workflow`) and
    the case's history (the rules), then store it (one transaction) with its ``notice``, kept as
    text and as letter data (its DOCX and PDF are rendered from it on download)."""
    step = workflow.STEPS[workflow.ACTION_OF_EVENT[event.kind]]
    if notice is not None and notice.placeholders:
        # A notice is sent as composed (no signing step): never with a 【请填写：…】 gap in it.
        raise ValidationError(gap_message(notice), code="gap")
    with transaction.atomic():
        app = _lock(user, app, *step.roles)
        if event.date > today():
            raise ValidationError(f"日期{event.date}晚于今天，不能预先登记")
        events, table = events_of(app), holiday_table()
        try:
            check_action(events, event, table, fee_pauses_clock=fee_pauses_clock())
        except ActionRefused as exc:
            raise _refused(exc) from exc
        state = workflow.state_of(events, table, fee_pauses_clock(), app.status)
        require(workflow.STEPS, step.action, state, user, state_labels=workflow.STATUS_LABELS)
        row = CaseEvent.objects.create(
            application=app,
            kind=event.kind.value,
            date=event.date,
            days=event.days,
            served=event.served,
            until=event.until,
            party=event.party,
            outcome=event.outcome,
            excused=event.excused,
            note=event.note,
            actor=user,
        )
        if notice:
            # Its own number from the agency's sequence, taken in this transaction (GB/T 9704-2012 7.2.4).
            notice = dataclasses.replace(notice, number=take_number(app.agency, notice.date.year))
            Notice.objects.create(
                application=app,
                event=row,
                kind=event.kind.value,
                title=notice.title,
                number=notice.number,
                body=notice.text(),
                data=letter_to_dict(notice),
                sent_on=event.date,
                to_applicant=event.kind not in (EventKind.THIRD_PARTY_CONSULTED, EventKind.AGENCY_CONSULTED),
            )
        before = app.status
        clock = refresh(app)
        record(
            app,
            audit_action or event.kind.value,
            actor=user,
            from_state=before,
            to_state=clock.status.value,
            reason=event.note if reason is None else reason,
            data={
                "date": event.date.isoformat(),
                "days": event.days,
                "until": event.until.isoformat() if event.until else None,
                "outcome": event.outcome,
                "party": event.party,
            },
        )
    return row


@transaction.atomic
def confirm_receipt(user, app: Application, received_on: dt.date, how: str = "") -> CaseEvent:
    """Art. 31: the receipt date by channel — in person: the day handed in; registered post: the day
    signed for; ordinary letter, internet, fax, e-mail: the day both sides confirm. The clock starts
    there; who confirmed it and how is recorded."""
    how = (how or "").strip()
    if received_on < timezone.localtime(app.submitted_at).date() and app.channel == Channel.ONLINE:
        raise ValidationError("网上申请的收到日期不能早于提交日期（第三十一条）")
    if app.applied_on and received_on < app.applied_on:
        raise ValidationError(
            f"收到申请日期{_cn(received_on)}早于申请日期{_cn(app.applied_on)}：申请不能在提出之前收到，"
            "请核对收到日期或申请日期（第三十一条）"
        )
    if app.channel in (Channel.ONLINE, Channel.ORDINARY_LETTER, Channel.FAX, Channel.EMAIL) and not how:
        raise ValidationError(
            "平信、网上、传真、电子邮件申请以双方确认之日为收到日期，请写明与申请人确认的方式（第三十一条）"
        )
    if app.channel == Channel.REGISTERED_POST and not how:
        raise ValidationError(
            "以邮寄方式提交的，以签收之日为收到日期，请写明签收记录（如快递单号）（第三十一条）"
        )
    row = add_event(
        user, app, Event(EventKind.RECEIVED, received_on, note=how), audit_action="confirm_receipt"
    )
    Application.objects.filter(pk=app.pk).update(
        received_on=received_on, receipt_note=how[:200], receipt_confirmed_by=user
    )
    return row


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def assign(user, app: Application, handler) -> None:
    with transaction.atomic():
        step = workflow.STEPS["assign"]
        app = _lock(user, app, *step.roles)
        require(workflow.STEPS, step.action, app.status, user, state_labels=workflow.STATUS_LABELS)
        if handler.agency_id != app.agency_id or not handler.has_role(Role.HANDLER):
            raise ValidationError("承办人须为本机关的申请承办人")
        before = app.handler.display_name if app.handler else ""
        app.handler = handler
        app.save(update_fields=["handler"])
        record(app, "assign", actor=user, from_state=before, to_state=handler.display_name)


def _preview(app, event: Event) -> Clock:
    try:
        return check_action(events_of(app), event, holiday_table(), fee_pauses_clock=fee_pauses_clock())
    except ActionRefused as exc:
        raise _refused(exc) from exc


def request_supplement(user, app, on: dt.date, items: str, days: int) -> CaseEvent:
    """Art. 30: one notice within 7 working days of receipt, listing what to add and the period."""
    lines = [line.strip() for line in items.splitlines() if line.strip()]
    if not lines:
        raise ValidationError("补正通知应当写明需要补正的事项（第三十条）")
    notice = compose_notice(app, "supplement", on, items=lines, days=days)
    return add_event(
        user, app, Event(EventKind.SUPPLEMENT_REQUESTED, on, days=days, note="；".join(lines)), notice=notice
    )


def supplement_received(user, app, on: dt.date, note: str = "", excused: bool = False) -> CaseEvent:
    return add_event(user, app, Event(EventKind.SUPPLEMENT_RECEIVED, on, note=note, excused=excused))


def consult(user, app, on: dt.date, party: str, *, agency: bool = False) -> CaseEvent:
    """Art. 32 (third party) / Art. 34 (other agencies): written, 15 working days; time not counted."""
    party = party.strip()
    if not party:
        raise ValidationError("请写明征求意见的第三方或机关")
    kind = EventKind.AGENCY_CONSULTED if agency else EventKind.THIRD_PARTY_CONSULTED
    notice = (
        compose_notice(app, "agency_consultation", on, agency=party)
        if agency
        else compose_notice(app, "third_party", on, third_party=party)
    )
    return add_event(user, app, Event(kind, on, party=party), notice=notice)


def consultation_answered(user, app, on: dt.date, party: str, note: str = "") -> CaseEvent:
    return add_event(user, app, Event(EventKind.CONSULTATION_ANSWERED, on, party=party.strip(), note=note))


def fee_waiver_grounds() -> list[str]:
    """The grounds on which this installation waives a fee (a setting; none by default)."""
    return list(getattr(settings, "GONGKAI_FEE_WAIVER_GROUNDS", []) or [])


@transaction.atomic
def send_fee_notice(
    user, app, on: dt.date, method: str, quantity: int, waiver: str = "", payment: str = ""
) -> CaseEvent | None:
    """Art. 42 and 国办函〔2020〕109号: one method per application, progressive tiers.

    With a ``waiver`` ground (one of :func:`fee_waiver_grounds`) the fee is computed and waived:
    no notice, the clock runs on, and the waiver with its ground and amount is kept on the case
    and in its history. Returns the notice's event, or None when waived.
    """
    try:
        fee = compute_fee(method, quantity)
    except FeeError as exc:
        raise ValidationError(str(exc)) from exc
    if fee.amount <= 0:
        raise ValidationError("按此数量计算不需收费，无需发出收费通知")
    waiver = (waiver or "").strip()
    if waiver:
        if waiver not in fee_waiver_grounds():
            raise ValidationError("减免理由不在本机关设定的减免情形之内")
        return _waive_fee(user, app, on, method, quantity, fee.amount, waiver)
    # How to pay: as given on the form, else the agency's 告知书设置; neither → refused (a gap).
    notice = compose_notice(app, "fee", on, fee=fee, clock_paused=fee_pauses_clock(), payment=payment)
    row = add_event(
        user, app, Event(EventKind.FEE_NOTICE_SENT, on, note=f"{method} {quantity}"), notice=notice
    )
    Application.objects.filter(pk=app.pk).update(
        fee_method=method, fee_quantity=quantity, fee_amount=fee.amount
    )
    return row


@transaction.atomic
def _waive_fee(user, app, on: dt.date, method: str, quantity: int, amount: int, ground: str) -> None:
    app = _lock(user, app, *workflow.STEPS["fee"].roles)
    if on > today():
        raise ValidationError(f"日期{on}晚于今天，不能预先登记")
    if app.is_closed:
        raise ValidationError("申请已办结")
    if app.fee_amount or app.fee_waiver:
        raise ValidationError("本申请已处理过信息处理费")
    Application.objects.filter(pk=app.pk).update(
        fee_method=method, fee_quantity=quantity, fee_amount=0, fee_waiver=f"{ground}（减免{amount}元）"
    )
    record(
        app,
        "fee_waived",
        actor=user,
        from_state=app.status,
        to_state=app.status,
        reason=ground,
        data={"on": on.isoformat(), "method": method, "quantity": quantity, "amount_waived": amount},
    )


@transaction.atomic
def fee_paid(user, app, on: dt.date) -> CaseEvent:
    row = add_event(user, app, Event(EventKind.FEE_PAID, on))
    Application.objects.filter(pk=app.pk).update(fee_paid=True)
    return row


def approve_extension(user, app, on: dt.date, days: int, note: str = "") -> CaseEvent:
    """Art. 33 ¶1: only the head of the disclosure office approves, at most 20 working days, once.
    The case records who approved (the rules name them in the step); ``note``, the reason, goes
    to the audit record."""
    return add_event(
        user,
        app,
        Event(EventKind.EXTENSION_APPROVED, on, days=days, note=user.display_name),
        reason=(note or "").strip(),
    )


def notify_extension(user, app, on: dt.date) -> CaseEvent:
    """Art. 33 ¶1: the extension takes effect when the applicant is told."""
    event = Event(EventKind.EXTENSION_NOTIFIED, on)
    clock = _preview(app, event)
    if clock.due is None and clock.earliest_due is not None:
        year = clock.pending_year
        raise ValidationError(
            f"延长后的答复期限跨入{year}年，{year}年节假日安排尚未录入，告知书无法写明答复期限："
            f"请平台日历管理员先在“节假日安排”页录入{year}年安排后再告知（第三十三条第一款）"
        )
    notice = compose_notice(app, "extension", on, new_due=clock.due, days=clock.extension_days or 20)
    return add_event(user, app, event, notice=notice)


REASONS_DAYS = 15


def request_reasons(user, app, on: dt.date, note: str = "", days: int | None = None) -> CaseEvent:
    """Art. 35: the applicant is asked to explain a request whose number or frequency clearly
    exceeds a reasonable range, within ``days`` working days of receiving the notice. The Regulation
    sets no period: the agency sets a reasonable one (the form offers :data:`REASONS_DAYS`, as for
    the written opinions of Art. 32 and 34); without one the notice would leave a gap and is refused."""
    notice = compose_notice(app, "reasons_request", on, days=days)
    return add_event(user, app, Event(EventKind.REASONS_REQUESTED, on, days=days, note=note), notice=notice)


def set_later_date(user, app, on: dt.date, until: dt.date, note: str = "") -> CaseEvent:
    notice = compose_notice(app, "later_reply", on, later=until, reason=note)
    return add_event(user, app, Event(EventKind.LATER_DATE_SET, on, until=until, note=note), notice=notice)


def withdraw(user, app, on: dt.date, note: str = "") -> CaseEvent:
    return add_event(user, app, Event(EventKind.WITHDRAWN, on, note=note or "申请人撤回申请"))
