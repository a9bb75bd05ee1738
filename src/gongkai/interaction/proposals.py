"""Use cases of 人大代表建议 / 政协委员提案 (each one transaction, permission checked, audited), their
visibility, and their figures.

Rules (:mod:`gongkai.rules.interaction`): answered within 3 months of assignment, one approved
extension of 1 month; 会办 opinions within 1 month; a wrongly assigned item returned within 10 days;
the 复文 is signed by a leader of the 主办单位 (not its drafter) and classified A/B/C; public-interest
复文 are published in full or as a summary without contact details (国办发〔2014〕46号).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.agencies.scoping import can_change, visible_agency_ids
from gongkai.audit.services import record
from gongkai.rules.calendar import UnknownYearError
from gongkai.rules.interaction import (
    PROPOSAL_CLASSES,
    RATINGS,
    SATISFIED,
    Counts,
    cohandler_due,
    proposal_due,
    proposal_summary,
    return_deadline,
)
from gongkai.workdays.calendar import holiday_table

from .proposal_models import Body, Proposal, ProposalUnit, Session

State = Proposal.State
REGISTRARS = (Role.AGENCY_ADMIN, Role.OFFICE_HEAD)


def today() -> dt.date:
    from . import services

    return services.today()


# -- visibility -------------------------------------------------------------------------------


def visible(user) -> QuerySet[Proposal]:
    ids = visible_agency_ids(user)
    return (
        Proposal.objects.filter(Q(lead_id__in=ids) | Q(units__agency_id__in=ids))
        .distinct()
        .select_related("session", "lead")
    )


def proposal_for(user, pk: int) -> Proposal:
    p = visible(user).filter(pk=pk).first()
    if p is None:
        raise Http404("无此记录")
    return p


def _may_register(user, lead: Agency) -> bool:
    """Staff who register (交办) an item: an administrator or office head of the 主办单位 or of an
    agency above it (e.g. the government office for its departments)."""
    if not user.is_authenticated or user.agency_id is None or not user.has_role(*REGISTRARS):
        return False
    return lead.path.startswith(user.agency.path)


def _lock(user, p: Proposal, *roles: str) -> Proposal:
    p = Proposal.objects.select_for_update(of=("self",)).select_related("session", "lead").get(pk=p.pk)
    if not can_change(user, p.lead_id):
        raise Http404("无此记录")
    if roles and not can_change(user, p.lead_id, *roles):
        raise PermissionDenied("您没有执行此操作的权限")
    return p


def _state(p: Proposal, *states: str, doing: str) -> None:
    if p.state not in states:
        raise ValidationError(f"当前状态为“{p.get_state_display()}”，不能{doing}")


# -- use cases ---------------------------------------------------------------------------------


@transaction.atomic
def register(
    user,
    *,
    session: Session,
    number: str,
    title: str,
    authors: str,
    lead: Agency,
    received_on: dt.date,
    assigned_on: dt.date,
    cohandlers=(),
    contact: str = "",
) -> Proposal:
    if not _may_register(user, lead):
        raise PermissionDenied("只有主办单位或其上级机关的管理员可以登记交办")
    number, title, authors = number.strip(), title.strip(), authors.strip()
    if not (number and title and authors):
        raise ValidationError("编号、题目和代表/委员姓名不能为空")
    if assigned_on < received_on:
        raise ValidationError("交办日期不能早于收到日期")
    if Proposal.objects.filter(session=session, number=number).exists():
        raise ValidationError(f"{session.name}第{number}号已登记")
    kind = Proposal.Kind.SUGGESTION if session.body == Body.NPC else Proposal.Kind.PROPOSAL
    p = Proposal.objects.create(
        session=session,
        number=number,
        kind=kind,
        title=title,
        authors=authors,
        contact=contact.strip(),
        lead=lead,
        received_on=received_on,
        assigned_on=assigned_on,
        due_on=proposal_due(assigned_on),
    )
    for agency in cohandlers:
        if agency.pk == lead.pk:
            raise ValidationError("会办单位不能是主办单位")
        ProposalUnit.objects.create(proposal=p, agency=agency, due_on=cohandler_due(assigned_on))
    record(
        p,
        "register",
        actor=user,
        agency=lead,
        to_state=p.state,
        data={"session": session.name, "number": number, "cohandlers": [a.name for a in cohandlers]},
    )
    return p


@transaction.atomic
def return_wrong(user, p: Proposal, reason: str) -> Proposal:
    """A wrongly assigned item goes back within 10 days of assignment."""
    p = _lock(user, p, *REGISTRARS, Role.HANDLER)
    _state(p, State.HANDLING, doing="退回")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退回须写明理由（如不属本单位职责）")
    if today() > return_deadline(p.assigned_on):
        raise ValidationError(
            f"交办有误的应在交办之日起10日内（{return_deadline(p.assigned_on):%Y-%m-%d}前）退回，"
            "已超过期限，请先行办理并与交办机关沟通"
        )
    p.state, p.return_reason = State.RETURNED, reason[:200]
    p.save()
    record(p, "return", actor=user, agency=p.lead, from_state=State.HANDLING, to_state=p.state, reason=reason)
    return p


@transaction.atomic
def reassign(user, p: Proposal, lead: Agency) -> Proposal:
    p = Proposal.objects.select_for_update(of=("self",)).get(pk=p.pk)
    if not _may_register(user, lead):
        raise PermissionDenied("只有主办单位或其上级机关的管理员可以登记交办")
    _state(p, State.RETURNED, doing="重新交办")
    before = p.lead.name
    p.lead, p.state, p.return_reason, p.assigned_on = lead, State.HANDLING, "", today()
    p.due_on, p.extended = proposal_due(p.assigned_on), False
    p.save()
    record(
        p,
        "reassign",
        actor=user,
        agency=lead,
        from_state=State.RETURNED,
        to_state=p.state,
        data={"from": before, "to": lead.name},
    )
    return p


@transaction.atomic
def extend(user, p: Proposal, reason: str) -> Proposal:
    """One extension of 1 month, approved by the unit's leader or office head, before the due date."""
    p = _lock(user, p, Role.LEADER, Role.OFFICE_HEAD)
    _state(p, State.HANDLING, State.DRAFTED, doing="延期")
    if p.extended:
        raise ValidationError("建议提案只能延期一次")
    if today() > p.due_on:
        raise ValidationError("已超过答复期限，不能再申请延期")
    if not (reason or "").strip():
        raise ValidationError("延期须写明理由")
    before = p.due_on
    p.extended, p.extension_reason, p.extension_approved_by = True, reason.strip()[:200], user
    p.due_on = proposal_due(p.assigned_on, extended=True)
    p.save()
    record(
        p,
        "extend",
        actor=user,
        agency=p.lead,
        from_state=p.state,
        to_state=p.state,
        reason=reason,
        data={"from": before.isoformat(), "to": p.due_on.isoformat()},
    )
    return p


@transaction.atomic
def cohandler_opinion(user, unit: ProposalUnit, text: str) -> ProposalUnit:
    unit = ProposalUnit.objects.select_for_update().select_related("proposal").get(pk=unit.pk)
    if not can_change(user, unit.agency_id):
        raise Http404("无此记录")
    if not can_change(user, unit.agency_id, Role.HANDLER, Role.AGENCY_ADMIN):
        raise PermissionDenied("您没有执行此操作的权限")
    if unit.sent_on:
        raise ValidationError("会办意见已送主办单位")
    if not (text or "").strip():
        raise ValidationError("会办意见不能为空")
    unit.opinion, unit.sent_on = text.strip(), today()
    unit.save()
    record(
        unit.proposal,
        "cohandler_opinion",
        actor=user,
        agency=unit.agency,
        data={"unit": unit.agency.name, "late": unit.sent_on > unit.due_on},
    )
    return unit


@transaction.atomic
def draft(
    user,
    p: Proposal,
    *,
    reply: str,
    classification: str,
    summary: str = "",
    public_interest: bool = True,
    publish_mode: str = "full",
) -> Proposal:
    p = _lock(user, p, Role.HANDLER, Role.AGENCY_ADMIN)
    _state(p, State.HANDLING, State.DRAFTED, doing="起草复文")
    if classification not in PROPOSAL_CLASSES:
        raise ValidationError("请选择办理结果分类：A（解决或采纳）、B（列入计划解决）、C（留作参考）")
    if len((reply or "").strip()) < 20:
        raise ValidationError("复文过短，请写明办理情况")
    if publish_mode == "summary" and not (summary or "").strip():
        raise ValidationError("摘要公开的，请填写公开摘要")
    before = p.state
    p.reply, p.classification, p.summary = reply.strip(), classification, (summary or "").strip()
    p.public_interest, p.publish_mode, p.drafted_by, p.state = (
        public_interest,
        publish_mode,
        user,
        State.DRAFTED,
    )
    p.save()
    record(
        p,
        "draft",
        actor=user,
        agency=p.lead,
        from_state=before,
        to_state=p.state,
        data={"classification": classification},
    )
    return p


@transaction.atomic
def sign(user, p: Proposal) -> Proposal:
    p = _lock(user, p, Role.LEADER)
    _state(p, State.DRAFTED, doing="签发")
    if p.drafted_by_id == user.pk:
        raise ValidationError("复文须由起草人以外的领导签发")
    p.signed_by, p.signed_on, p.state = user, today(), State.SIGNED
    p.save()
    record(p, "sign", actor=user, agency=p.lead, from_state=State.DRAFTED, to_state=p.state)
    return p


@transaction.atomic
def send(user, p: Proposal, on: dt.date | None = None) -> Proposal:
    p = _lock(user, p, Role.HANDLER, Role.AGENCY_ADMIN)
    _state(p, State.SIGNED, doing="答复")
    on = on or today()
    if on > today() or (p.signed_on and on < p.signed_on):
        raise ValidationError("答复日期应在签发日期之后、今天之前")
    p.sent_on, p.state = on, State.SENT
    p.save()
    record(
        p,
        "send",
        actor=user,
        agency=p.lead,
        from_state=State.SIGNED,
        to_state=p.state,
        data={"on": on.isoformat(), "on_time": p.on_time},
    )
    return p


@transaction.atomic
def record_feedback(user, p: Proposal, rating: str, note: str = "") -> Proposal:
    """The 代表/委员's 意见征求表 (满意/基本满意/不满意)."""
    p = _lock(user, p, Role.HANDLER, Role.AGENCY_ADMIN)
    _state(p, State.SENT, doing="登记意见征求表")
    if rating not in RATINGS:
        raise ValidationError("意见征求表应为满意、基本满意或不满意")
    p.feedback, p.feedback_note = rating, (note or "").strip()[:300]
    p.save()
    record(
        p,
        "feedback",
        actor=user,
        agency=p.lead,
        from_state=p.state,
        to_state=p.state,
        data={"rating": rating},
    )
    return p


@transaction.atomic
def publish(user, p: Proposal) -> Proposal:
    from .publication import publish_proposal

    p = _lock(user, p, Role.LEADER, Role.REVIEWER)
    _state(p, State.SENT, doing="公开复文")
    if not p.public_interest:
        raise ValidationError("该复文不涉及公共利益，未列为公开")
    if p.published_at:
        raise ValidationError("已公开")
    doc = publish_proposal(p, p.lead)
    p.published_at, p.document_id_published = timezone.now(), doc.pk
    p.save()
    record(
        p,
        "publish",
        actor=user,
        agency=p.lead,
        from_state=p.state,
        to_state=p.state,
        data={"document": doc.pk},
    )
    return p


# -- figures -----------------------------------------------------------------------------------


def _year(agencies, year: int) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        lead__in=agencies, received_on__gte=dt.date(year, 1, 1), received_on__lte=dt.date(year, 12, 31)
    )


def _add(c: Counts, p: dict, table, today_: dt.date) -> None:
    c.received += 1
    c.accepted += p["state"] != State.RETURNED
    if p["state"] == State.SENT:
        c.closed += 1
        c.closed_on_time += p["sent_on"] <= p["due_on"]
        try:
            c.workdays_sum += table.workdays_between(p["assigned_on"], p["sent_on"])
            c.workdays_n += 1
        except UnknownYearError:
            pass
    elif p["state"] != State.RETURNED and p["due_on"] < today_:
        c.overdue_now += 1
    if p["feedback"]:
        c.rated += 1
        c.satisfied += p["feedback"] in SATISFIED


_FIELDS = ("kind", "state", "sent_on", "due_on", "assigned_on", "feedback", "lead__name")


def proposal_counts(agencies, year: int, today_: dt.date) -> dict[str, Counts]:
    table = holiday_table()
    out: dict[str, Counts] = {}
    for p in _year(agencies, year).values(*_FIELDS):
        _add(out.setdefault(p["kind"], Counts()), p, table, today_)
    return out


def proposal_counts_by_agency(agencies, year: int, today_: dt.date) -> dict[str, Counts]:
    table = holiday_table()
    out: dict[str, Counts] = {}
    for p in _year(agencies, year).values(*_FIELDS):
        _add(out.setdefault(p["lead__name"], Counts()), p, table, today_)
    return out


def summary_sentence(agency: Agency, year: int) -> str | None:
    """ "交办建议提案29件，已办结29件，按时办结率100%，全部公开。" from the records (None if none)."""
    rows = list(
        _year([agency], year)
        .exclude(state=State.RETURNED)
        .values("state", "sent_on", "due_on", "published_at", "public_interest")
    )
    if not rows:
        return None
    sent = [r for r in rows if r["state"] == State.SENT]
    on_time = sum(r["sent_on"] <= r["due_on"] for r in sent)
    published = sum(1 for r in sent if r["published_at"])
    return proposal_summary(len(rows), on_time, len(sent), published)
