"""Entering a year's holiday arrangement from the staff pages: one transaction that checks the
role, replaces the year, recounts the dates stored as estimates on it and writes the audit record."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.agencies.models import Role
from gongkai.audit.services import record

from .calendar import enter_year
from .models import CalendarYear, SpecialDay

MIN_YEAR, MAX_YEAR = 2000, 2100


def can_enter(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.CALENDAR_ADMIN)


def check_arrangement(year: int, holidays, workdays) -> None:
    """What a year's arrangement must satisfy, in Chinese: every date in the year, no day both off
    and worked, a 调休 working day on a weekend."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"年份{year}不在{MIN_YEAR}至{MAX_YEAR}年之间")
    if not holidays:
        raise ValidationError(f"没有放假日期：{year}年至少有法定节假日13天")
    for day in [*holidays, *workdays]:
        if day.year != year:
            raise ValidationError(f"日期{day.isoformat()}不属于{year}年")
    both = set(holidays) & set(workdays)
    if both:
        raise ValidationError(f"{min(both).isoformat()}不能既是放假日又是调休上班日")
    weekday = sorted(d for d in workdays if d.weekday() < 5)
    if weekday:
        raise ValidationError(f"调休上班日{weekday[0].isoformat()}是周一至周五，本来就是工作日，请核对")


def enter_calendar_year(
    user, year: int, holidays, workdays, *, source: str, names: dict[dt.date, str] | None = None
) -> CalendarYear:
    """A calendar administrator enters (or replaces) ``year``. Audited with the days before and after."""
    if not can_enter(user):
        raise PermissionDenied("只有节假日安排管理员可以录入节假日安排")
    holidays, workdays = sorted(set(holidays)), sorted(set(workdays))
    check_arrangement(year, holidays, workdays)
    source = (source or "").strip()[:200] or "人工录入"
    with transaction.atomic():
        before = CalendarYear.objects.select_for_update().filter(year=year).first()
        old = list(SpecialDay.objects.filter(date__year=year).values_list("date", "kind"))
        entry = enter_year(year, holidays, workdays, source=source, entered_by=user.display_name, names=names)
        record(
            entry,
            "enter_holiday_year",
            actor=user,
            agency=user.agency,
            from_state=before.source if before else "",
            to_state=source,
            data={
                "year": year,
                "holidays": [d.isoformat() for d in holidays],
                "workdays": [d.isoformat() for d in workdays],
                "replaced": [f"{d.isoformat()} {k}" for d, k in old] if before else None,
            },
        )
    return entry
