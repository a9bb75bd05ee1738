"""Use cases of appeal records (行政复议、行政诉讼案件), each one audited transaction.

Staff of the agency whose application is challenged record the case and, later, its result.
Supervisors read them (through :func:`gongkai.agencies.scoping.scope`) and change nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import require_own_agency
from gongkai.audit.services import record

from .models import AppealCase, Kind, Result, Route

ROLES = (Role.HANDLER, Role.OFFICE_HEAD, Role.AGENCY_ADMIN)
FIELDS = ("kind", "route", "number", "body", "co_defendant", "filed_on", "result", "closed_on", "note")


def _validate(case: AppealCase, today: dt.date) -> None:
    """One message per field, every field checked (the form shows them all at once)."""
    errors: dict[str, str] = {}
    _check_kind(case, errors)
    for field, message in (("number", "请填写案号"), ("body", "请填写复议机关或法院")):
        if not (getattr(case, field) or "").strip():
            errors[field] = message
    _check_filed(case, today, errors)
    _check_result(case, today, errors)
    if errors:
        raise ValidationError(errors)


def _check_kind(case: AppealCase, errors: dict[str, str]) -> None:
    if case.kind not in Kind.values:
        errors["kind"] = "请选择行政复议或行政诉讼"
    if case.kind == Kind.LITIGATION and case.route not in (Route.DIRECT, Route.AFTER_RECONSIDERATION):
        errors["route"] = "行政诉讼须注明是直接起诉还是复议后起诉"
    if case.kind == Kind.RECONSIDERATION:
        case.route = Route.NONE
        if case.co_defendant:
            errors["co_defendant"] = "只有复议后起诉的行政诉讼才有复议机关作共同被告"
    if case.co_defendant and case.route != Route.AFTER_RECONSIDERATION:
        errors["co_defendant"] = "复议机关作共同被告的，须为复议后起诉"


def _check_filed(case: AppealCase, today: dt.date, errors: dict[str, str]) -> None:
    if case.filed_on is None:
        errors["filed_on"] = "请填写立案（受理）日期"
    elif case.filed_on > today:
        errors["filed_on"] = "立案日期不能晚于今天"
    elif case.application.received_on and case.filed_on < case.application.received_on:
        errors["filed_on"] = "立案日期不能早于申请的收到日期"


def _check_result(case: AppealCase, today: dt.date, errors: dict[str, str]) -> None:
    if case.result not in Result.values:
        errors["result"] = "未知的结果"
    elif case.result == Result.PENDING:
        if case.closed_on is not None:
            errors["closed_on"] = "尚未审结的案件不能有审结日期"
    elif case.closed_on is None:
        errors["closed_on"] = "已审结的案件须填写审结日期"
    elif case.filed_on and case.closed_on < case.filed_on:
        errors["closed_on"] = "审结日期不能早于立案日期"
    elif case.closed_on > today:
        errors["closed_on"] = "审结日期不能晚于今天"


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


@transaction.atomic
def create_case(user, application, data: dict) -> AppealCase:
    """Record a case about ``application``; it counts for the application's agency (a lawsuit
    with the reconsideration body as co-defendant counts for the original agency only)."""
    require_own_agency(user, application.agency_id, *ROLES)
    case = AppealCase(agency_id=application.agency_id, application=application, created_by=user)
    for field in FIELDS:
        if field in data:
            setattr(case, field, data[field])
    _validate(case, _today())
    case.save()
    record(
        case,
        "create",
        actor=user,
        to_state=case.result,
        data={"application": application.number, "kind": case.kind, "number": case.number},
    )
    return case


@transaction.atomic
def set_result(user, case: AppealCase, result: str, closed_on: dt.date | None, note: str = "") -> AppealCase:
    """Record the result of a case (维持/纠正/其他结果) and its closing date, or set it back to pending."""
    case = AppealCase.objects.select_for_update().select_related("application").get(pk=case.pk)
    require_own_agency(user, case.agency_id, *ROLES)
    before = case.result
    case.result, case.closed_on = result, closed_on
    if note:
        case.note = note
    _validate(case, _today())
    case.save()
    record(
        case,
        "result",
        actor=user,
        from_state=before,
        to_state=result,
        data={"closed_on": closed_on.isoformat() if closed_on else None},
    )
    return case
