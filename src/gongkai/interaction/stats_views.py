"""Staff pages of figures and files: the year's statistics with ECharts (supervisors: their
subtree and a ranking), the 12345 import from the browser and the reply export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change
from gongkai.rules.interaction import FIGURE_KEYS, FIGURE_LABELS, KIND_LABELS, Kind

from . import hotline, services
from .proposal_models import Proposal
from .stats import agency_stats


def _kind_label(kind: str) -> str:
    return (
        KIND_LABELS[Kind(kind)]
        if kind in Kind._value2member_map_
        else dict(Proposal.Kind.choices).get(kind, kind)
    )


def _cells(figures: dict) -> list[str]:
    out = []
    for key in FIGURE_KEYS:
        value = figures[key]
        if value is None:
            out.append("—")
        elif key.endswith("_rate"):
            out.append(f"{value * 100:.1f}%")
        else:
            out.append(str(value))
    return out


@login_required
def stats(request):
    agency = request.user.agency
    if agency is None:
        raise Http404
    today = services.today()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2100:
        year = today.year
    subtree = request.user.has_role(Role.SUPERVISOR)
    data = agency_stats(agency, year, today, subtree=subtree)
    rows = []
    for source in data["sources"].values():
        rows.append({"label": f"{source['label']}合计", "cells": _cells(source["total"]), "total": True})
        rows += [{"label": _kind_label(k), "cells": _cells(f)} for k, f in source["kinds"].items()]
    chart = {
        "sources": [s["label"] for s in data["sources"].values()],
        "received": [s["total"]["received"] for s in data["sources"].values()],
        "closed": [s["total"]["closed"] for s in data["sources"].values()],
        "on_time": [_pct(s["total"]["on_time_rate"]) for s in data["sources"].values()],
        "satisfaction": [_pct(s["total"]["satisfaction_rate"]) for s in data["sources"].values()],
    }
    return render(
        request,
        "interaction/staff/stats.html",
        {
            "data": data,
            "year": year,
            "rows": rows,
            "total": _cells(data["total"]),
            "chart": chart,
            "headers": [FIGURE_LABELS[k] for k in FIGURE_KEYS],
            "ranking": [
                {"rank": r["rank"], "agency": r["agency"], "cells": _cells(r)}
                for r in data.get("ranking", [])
            ],
            "can_import": can_change(request.user, agency, Role.AGENCY_ADMIN, Role.HANDLER),
        },
    )


def _pct(value) -> float | None:
    return None if value is None else round(value * 100, 1)


@login_required
@require_POST
def hotline_import(request):
    agency = request.user.agency
    if agency is None or not can_change(request.user, agency, Role.AGENCY_ADMIN, Role.HANDLER):
        raise PermissionDenied("只有本机关的管理员或承办人员可以导入工单")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 CSV 或 XLSX 文件")
        return redirect("staff:interaction_stats")
    try:
        result = hotline.import_orders(
            agency, hotline.read_file(upload.name, upload.read()), actor=request.user
        )
    except hotline.ImportFailed as exc:
        messages.error(
            request,
            str(exc)
            + "："
            + "；".join(str(e) for e in exc.errors[:20])
            + ("……" if len(exc.errors) > 20 else ""),
        )
    else:
        messages.success(request, result.summary())
    return redirect("staff:interaction_stats")


@login_required
def hotline_export(request):
    agency = request.user.agency
    if agency is None or not can_change(request.user, agency):
        raise Http404
    data = hotline.export_replies(hotline.answered_orders(agency))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''12345-replies.xlsx"
    return response
