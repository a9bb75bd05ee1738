"""Staff pages for collected reports: list, upload, detail, comparison (ECharts) and XLSX export.
Published reports are public documents: every member of staff may read them; importing is for
supervisors and agency administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.rules.annual.render.html import render_fragment

from .compare import comparison, comparison_xlsx
from .models import CollectedReport
from .services import ImportError_, import_report


def _may_import(user) -> bool:
    return user.has_role(Role.SUPERVISOR, Role.AGENCY_ADMIN)


@login_required
def report_list(request):
    reports = CollectedReport.objects.select_related("owner")
    q = request.GET.get("q", "").strip()
    if q:
        reports = reports.filter(agency_name__icontains=q)
    year = request.GET.get("year", "")
    if year.isdigit():
        reports = reports.filter(year=int(year))
    return render(
        request,
        "collected/list.html",
        {
            "reports": reports[:500],
            "q": q,
            "year": year,
            "may_import": _may_import(request.user),
            "years": CollectedReport.objects.values_list("year", flat=True).distinct().order_by("-year"),
        },
    )


@login_required
@require_POST
def upload(request):
    if not _may_import(request.user):
        raise PermissionDenied("只有监督人员和机关管理员可以导入年度报告")
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, "请选择要导入的年度报告文件")
    for f in files[:50]:
        try:
            result = import_report(
                request.user,
                f.name,
                f.read(),
                agency_name=request.POST.get("agency_name", ""),
                year=int(request.POST["year"]) if request.POST.get("year", "").isdigit() else None,
            )
        except ImportError_ as exc:
            messages.error(request, str(exc))
        else:
            r = result.report
            messages.success(
                request,
                f"已导入{r}（{'新增' if result.created else '替换'}；解析提示{result.warnings}条，"
                f"勾稽问题{result.findings}条）",
            )
    return redirect("staff:collected")


@login_required
def detail(request, pk: int):
    report = get_object_or_404(CollectedReport, pk=pk)
    return render(
        request,
        "collected/detail.html",
        {
            "report": report,
            "tables": mark_safe(render_fragment(report.data)),  # noqa: S308 - renderer escapes
        },
    )


def _selection(request) -> list[CollectedReport]:
    ids = [int(i) for i in request.GET.getlist("id") if i.isdigit()][:20]
    by_id = CollectedReport.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@login_required
def compare(request):
    reports = _selection(request)
    if len(reports) < 2:
        messages.error(request, "请至少选择两份报告进行对比")
        return redirect("staff:collected")
    return render(
        request,
        "collected/compare.html",
        {
            "reports": reports,
            "data": comparison(reports),
            "query": "&".join(f"id={r.pk}" for r in reports),
        },
    )


@login_required
def compare_xlsx(request):
    reports = _selection(request)
    if not reports:
        messages.error(request, "请选择要导出的报告")
        return redirect("staff:collected")
    response = HttpResponse(
        comparison_xlsx(reports),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="annual-reports-comparison.xlsx"'
    return response
