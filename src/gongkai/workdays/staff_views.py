"""The holiday calendar page (节假日安排) of the platform's calendar administrators: the years
entered with their source; a year entered by pasting the State Council's notice or by hand,
always shown month by month for confirmation before it is saved. GET never writes."""

from __future__ import annotations

import datetime as dt
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.rules.calendar import missing_calendar_year
from gongkai.rules.holiday_notice import (
    NoticeError,
    month_weeks,
    notice_source,
    parse_date_list,
    parse_notice,
)

from .calendar import holiday_table
from .models import CalendarYear, SpecialDay
from .services import MAX_YEAR, MIN_YEAR, can_enter, check_arrangement, enter_calendar_year

WEEKDAY_NAMES = "一二三四五六日"


class NoticeForm(forms.Form):
    year = forms.IntegerField(
        label="年份",
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text="粘贴内容含通知标题时可不填",
    )
    text = forms.CharField(
        label="通知全文",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        help_text="国务院办公厅关于××年部分节假日安排的通知，连同标题整篇粘贴",
    )


class ManualForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=MIN_YEAR, max_value=MAX_YEAR)
    holidays = forms.CharField(
        label="放假日期",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="每行或以逗号分隔一个日期，如 2027-01-01；区间写作 2027-02-06..2027-02-13",
    )
    workdays = forms.CharField(
        label="调休上班日期（周末上班）",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    source = forms.CharField(label="来源（通知文号或名称）", max_length=200, required=False)


def _require_calendar_admin(user) -> None:
    if not can_enter(user):
        raise PermissionDenied("只有节假日安排管理员可以录入节假日安排")


@login_required
def calendar(request):
    return render(request, "workdays/staff/calendar.html", _calendar_context(request))


def _calendar_context(request, notice_form: NoticeForm | None = None) -> dict:
    counts: dict[tuple[int, str], int] = {}
    for date, kind in SpecialDay.objects.values_list("date", "kind"):
        counts[date.year, kind] = counts.get((date.year, kind), 0) + 1
    years = [
        (
            y,
            counts.get((y.year, SpecialDay.Kind.HOLIDAY), 0),
            counts.get((y.year, SpecialDay.Kind.WORKDAY), 0),
        )
        for y in CalendarYear.objects.order_by("-year")
    ]
    today = timezone.localdate()
    missing = missing_calendar_year(today, holiday_table().years)
    return {
        "years": years,
        "missing_year": missing,
        "can_enter": can_enter(request.user),
        "notice_form": notice_form or NoticeForm(initial={"year": missing}),
        "new_year": missing or max((y.year for y, _, _ in years), default=today.year) + 1,
    }


@login_required
def edit(request, year: int):
    """The manual editor, filled with what is stored for ``year`` (empty for a new year)."""
    _require_calendar_admin(request.user)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PermissionDenied(f"年份{year}不在{MIN_YEAR}至{MAX_YEAR}年之间")
    days = SpecialDay.objects.filter(date__year=year).order_by("date")
    entry = CalendarYear.objects.filter(year=year).first()
    form = ManualForm(
        initial={
            "year": year,
            "holidays": "\n".join(d.date.isoformat() for d in days if d.kind == SpecialDay.Kind.HOLIDAY),
            "workdays": "\n".join(d.date.isoformat() for d in days if d.kind == SpecialDay.Kind.WORKDAY),
            "source": "人工录入" if entry is None else entry.source,
        }
    )
    return render(request, "workdays/staff/edit.html", {"form": form, "year": year, "entry": entry})


def _months(year: int, holidays: dict, workdays: dict) -> list[dict]:
    months = []
    for month in range(1, 13):
        weeks = [
            [
                None
                if d is None
                else {
                    "day": d.day,
                    "date": d,
                    "kind": "off"
                    if d in holidays
                    else "work"
                    if d in workdays
                    else "weekend"
                    if d.weekday() >= 5
                    else "",
                    "name": holidays.get(d) or workdays.get(d) or "",
                }
                for d in week
            ]
            for week in month_weeks(year, month)
        ]
        months.append(
            {
                "month": month,
                "weeks": weeks,
                "off": sum(1 for d in holidays if d.month == month),
                "work": sum(1 for d in workdays if d.month == month),
            }
        )
    return months


@login_required
@require_POST
def preview(request):
    """Parse the pasted notice (or the manual lists) and show it for confirmation; nothing is saved."""
    _require_calendar_admin(request.user)
    mode = request.POST.get("mode", "notice")
    try:
        if mode == "manual":
            form = ManualForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    "；".join(f"{form.fields[f].label}：{e}" for f, errs in form.errors.items() for e in errs)
                )
            year = form.cleaned_data["year"]
            holidays = dict.fromkeys(parse_date_list(form.cleaned_data["holidays"]), "")
            workdays = dict.fromkeys(parse_date_list(form.cleaned_data["workdays"]), "")
            source, items = form.cleaned_data["source"] or "人工录入", []
        else:
            form = NoticeForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    "；".join(f"{form.fields[f].label}：{e}" for f, errs in form.errors.items() for e in errs)
                )
            notice = parse_notice(form.cleaned_data["text"], form.cleaned_data["year"])
            year, holidays, workdays = notice.year, notice.holidays, notice.workdays
            source = notice_source(form.cleaned_data["text"], year)
            items = [
                (name, off, [(d, "周" + WEEKDAY_NAMES[d.weekday()]) for d in work])
                for name, off, work in notice.summary()
            ]
        check_arrangement(year, list(holidays), list(workdays))
    except (NoticeError, ValidationError) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        if mode == "manual":
            return render(
                request,
                "workdays/staff/edit.html",
                {"form": ManualForm(request.POST), "year": request.POST.get("year", "")},
            )
        return render(
            request, "workdays/staff/calendar.html", _calendar_context(request, NoticeForm(request.POST))
        )
    existing = CalendarYear.objects.filter(year=year).first()
    return render(
        request,
        "workdays/staff/preview.html",
        {
            "year": year,
            "source": source,
            "items": items,
            "months": _months(year, holidays, workdays),
            "n_holidays": len(holidays),
            "n_workdays": len(workdays),
            "existing": existing,
            "holidays": "\n".join(d.isoformat() for d in sorted(holidays)),
            "workdays": "\n".join(d.isoformat() for d in sorted(workdays)),
            "names": json.dumps({d.isoformat(): n for d, n in holidays.items() if n}, ensure_ascii=False),
            "weekday_names": WEEKDAY_NAMES,
        },
    )


@login_required
@require_POST
def save(request):
    """Save the confirmed arrangement (the lists the preview showed, checked again)."""
    _require_calendar_admin(request.user)
    try:
        year = int(request.POST.get("year", ""))
        holidays = parse_date_list(request.POST.get("holidays", ""))
        workdays = parse_date_list(request.POST.get("workdays", ""))
        raw = json.loads(request.POST.get("names") or "{}")
        if not isinstance(raw, dict):
            raise ValueError
        names = {dt.date.fromisoformat(k): str(v)[:40] for k, v in raw.items()}
        entry = enter_calendar_year(
            request.user, year, holidays, workdays, source=request.POST.get("source", ""), names=names
        )
    except NoticeError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except (ValueError, TypeError):
        messages.error(request, "提交的节假日安排无法识别，请重新粘贴通知或录入")
    else:
        messages.success(
            request,
            f"已录入{entry.year}年节假日安排（放假{len(set(holidays))}天，调休上班{len(set(workdays))}天）；"
            "跨入该年的期限已按实际安排重新计算",
        )
    return redirect("staff:calendar")
