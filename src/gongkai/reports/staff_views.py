"""Staff pages of annual reports: list, the report's page (figures, prose, checks, actions),
downloads, and the supervisors' roll-up. Reads go through ``scope``; changes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change, scope
from gongkai.audit.services import history
from gongkai.core.workflow import allowed, who_can
from gongkai.rules.annual.render import FORMATS, MEDIA_TYPES
from gongkai.rules.annual.render import render as render_report
from gongkai.rules.annual.render.html import STYLESHEET, render_fragment

from . import services, workflow
from .build import facts
from .forms import CarriedOverForm, CreateForm, FiguresForm, ProseForm, ReasonForm
from .models import AnnualReport, ReportState
from .publish import send_for_publication, stale_sending
from .rollup import HEADERS, rollup, rollup_xlsx, row_values


def _reports(user):
    return scope(AnnualReport.objects.select_related("agency", "document"), user)


def _flash(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


@login_required
def report_list(request):
    can_create = can_change(request.user, request.user.agency_id or 0, *services.PREPARERS)
    return render(
        request,
        "reports/staff/list.html",
        {
            "reports": _reports(request.user)[:500],
            "form": CreateForm(initial={"year": timezone.localdate().year - 1}),
            "can_create": can_create,
            "is_supervisor": request.user.has_role(Role.SUPERVISOR),
        },
    )


@login_required
@require_POST
def report_create(request):
    form = CreateForm(request.POST)
    if not can_change(request.user, request.user.agency_id or 0, *services.PREPARERS):
        raise Http404("无此记录")
    if form.is_valid():
        try:
            report = services.create_report(request.user, request.user.agency, form.cleaned_data["year"])
        except ValidationError as exc:
            _flash(request, exc)
        else:
            return redirect("staff:report", report.pk)
    else:
        messages.error(request, "请填写有效的年度")
    return redirect("staff:reports")


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(_reports(request.user), pk=pk)
    user = request.user
    prepare = report.editable and can_change(user, report.agency_id, *services.PREPARERS)
    first_year = not AnnualReport.objects.filter(agency_id=report.agency_id, year=report.year - 1).exists()
    data = report.data
    works_here = can_change(user, report.agency_id)

    def may(action: str) -> bool:
        return works_here and allowed(workflow.STEPS, action, report.state, user)

    # 正在生成送审 that outlived any rendering (its worker was lost): the editor may send it again.
    may_resend = works_here and allowed(workflow.STEPS, "publish", ReportState.FINAL, user)

    # A step that is due now but belongs to another role is named with who can take it (e.g. an
    # office head finalised the report; sending it for publication is an editor's).
    needs_other = [
        who_can(workflow.STEPS, a, report.agency)
        for a in ("finalise", "publish")
        if works_here and report.state in workflow.STEPS[a].sources and not may(a)
    ]
    return render(
        request,
        "reports/staff/detail.html",
        {
            "report": report,
            "findings": services.findings(report),
            "tables": mark_safe(
                render_fragment(data, prose=report.prose, title=report.title)
            ),  # escaped by the renderer
            "stylesheet": mark_safe(STYLESHEET),
            "facts": facts(report.agency, report.year, data) if prepare else None,
            "figures_form": FiguresForm(report=report) if prepare else None,
            "carried_form": CarriedOverForm(report=report) if prepare and first_year else None,
            "prose_form": ProseForm(initial=report.prose) if prepare else None,
            "can_finalise": may("finalise"),
            "can_reopen": may("reopen"),
            "can_publish": may("publish") or (stale_sending(report) and may_resend),
            "needs_other": needs_other,
            "reason_form": ReasonForm(),
            "formats": FORMATS,
            "history": history(report),
        },
    )


@login_required
@require_POST
def report_act(request, pk: int, action: str):
    report = get_object_or_404(_reports(request.user), pk=pk)
    user, post = request.user, request.POST
    try:
        if action == "figures":
            services.enter_figures(
                user, report, {k: post.get(k, "") for k in FiguresForm(report=report).fields}
            )
        elif action == "carried_over":
            if post.get("clear"):
                services.enter_carried_over(user, report, None)
            else:
                services.enter_carried_over(
                    user, report, {k: post.get(k, "") for k in CarriedOverForm().fields}
                )
        elif action == "prose":
            services.save_prose(user, report, {k: post.get(k, "") for k in ProseForm.base_fields})
        elif action == "rebuild":
            services.rebuild(user, report)
        elif action == "finalise":
            services.finalise(user, report, post.get("reason", ""))
        elif action == "reopen":
            services.reopen(user, report, post.get("reason", ""))
        elif action == "publish":
            report = send_for_publication(user, report)
            if report.state == ReportState.SENDING:
                messages.success(request, "正在生成报告PDF并送保密审查，稍后刷新本页即可看到审查状态")
            else:
                messages.success(request, "已生成政府信息并送保密审查；审查通过发布后，报告即为已公开")
        else:
            raise Http404("无此操作")
    except ValidationError as exc:
        _flash(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有执行此操作的权限")
    else:
        if action in ("finalise", "reopen"):
            messages.success(request, f"已{workflow.STEPS[action].label}")
        elif action != "publish":
            messages.success(request, "已保存")
    return redirect("staff:report", report.pk)


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=MEDIA_TYPES[fmt])
    disposition = "inline" if fmt == "html" else "attachment"
    from urllib.parse import quote

    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


@login_required
def report_file(request, pk: int, fmt: str):
    report = get_object_or_404(_reports(request.user), pk=pk)
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    return _download(
        render_report(report.data, fmt, prose=report.prose, title=report.title, sign_off=report.sign_off),
        fmt,
        report.title,
    )


def _rollup_args(request):
    if not request.user.has_role(Role.SUPERVISOR) or request.user.agency_id is None:
        raise PermissionDenied("汇总仅供监督（上级）机关查看")
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year - 1
    return request.user.agency, year


@login_required
def rollup_page(request):
    root, year = _rollup_args(request)
    rows, total = rollup(root, year, timezone.localdate())
    chart = {
        "agencies": [r.agency.name for r in rows],
        "received": [r.received or 0 for r in rows],
        "share": [r.disclosed_share for r in rows],
    }
    return render(
        request,
        "reports/staff/rollup.html",
        {
            "root": root,
            "year": year,
            "rows": rows,
            "headers": HEADERS,
            "values": [(r, row_values(r)) for r in rows],
            "late": sum(r.late for r in rows),
            "total": mark_safe(render_fragment(total, title=f"{root.name}及下级机关{year}年度报告汇总")),
            "stylesheet": mark_safe(STYLESHEET),
            "chart": chart,
            "formats": FORMATS,
        },
    )


@login_required
def rollup_file(request):
    root, year = _rollup_args(request)
    rows, _total = rollup(root, year, timezone.localdate())
    return _download(rollup_xlsx(root, year, rows), "xlsx", f"{root.name}{year}年度报告汇总表")


@login_required
def rollup_sum_file(request, fmt: str):
    root, year = _rollup_args(request)
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    _rows, total = rollup(root, year, timezone.localdate())
    title = f"{root.name}及下级机关{year}年度报告汇总"
    return _download(render_report(total, fmt, title=title), fmt, title)
