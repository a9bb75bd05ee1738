"""Staff pages of website self-inspection (网站自查): the agency's sites, their history with a trend
chart (ECharts; the table works without JavaScript), each run's findings grouped by indicator, the
自查报告 as XLSX or PDF, and running an inspection now — off the request, with a progress bar that
htmx refreshes (without JavaScript, reloading the page shows the progress and then the result)."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change, scope
from gongkai.audit.services import record
from gongkai.core.times import local_text

from .forms import SiteForm
from .models import InspectedSite, InspectionRun, RunStatus, availability, trend
from .report import KIND_LABELS, grouped, write_pdf, write_xlsx


def _sites(request):
    return scope(InspectedSite.objects.select_related("agency"), request.user)


@login_required
def sites(request):
    rows = []
    for site in _sites(request).order_by("agency__path", "name"):
        rows.append({"site": site, "last": site.runs.first()})
    may_add = can_change(request.user, request.user.agency_id or 0, Role.AGENCY_ADMIN)
    form = SiteForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied("只有机关管理员可以添加自查网站")
        if form.is_valid():
            site, created = InspectedSite.objects.get_or_create(
                agency=request.user.agency,
                start_url=form.cleaned_data["start_url"],
                defaults={"name": form.cleaned_data["name"]},
            )
            record(
                site, "add_site", actor=request.user, agency=request.user.agency, data={"url": site.start_url}
            )
            messages.success(request, "已添加" if created else "该网站已在自查清单中")
            return redirect("staff:sitecheck")
    return render(request, "sitecheck/sites.html", {"rows": rows, "form": form})


@login_required
def site_detail(request, pk: int):
    site = get_object_or_404(_sites(request), pk=pk)
    chart = trend(site)
    chart["labels"] = {k: KIND_LABELS[k] for k in chart["series"]}
    return render(
        request,
        "sitecheck/site.html",
        {
            "site": site,
            "runs": site.runs.all()[:50],
            "chart": chart,
            "availability": availability(site, timezone.now()),
            "may_run": can_change(request.user, site.agency_id or 0, Role.AGENCY_ADMIN, Role.EDITOR),
        },
    )


@login_required
@require_POST
def run_now(request, pk: int):
    site = get_object_or_404(_sites(request), pk=pk)
    if not can_change(request.user, site.agency_id or 0, Role.AGENCY_ADMIN, Role.EDITOR):
        raise Http404
    from gongkai.core import background

    from .tasks import inspect_site_task

    stale = timezone.now() - STALE_AFTER
    with transaction.atomic():
        running = (
            site.runs.select_for_update()
            .filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING], started_at__gt=stale)
            .first()
        )
        if running is not None:
            messages.info(request, "该网站正在检查中，请等待本次检查完成")
            return redirect("staff:sitecheck_run", pk=running.pk)
        run = InspectionRun.objects.create(site=site, started_at=timezone.now(), status=RunStatus.QUEUED)
        record(site, "inspect", actor=request.user, agency=site.agency, data={"run": run.pk})
        background.submit(inspect_site_task, site.pk, run.pk)  # a worker, or a thread of the demo server
    messages.success(request, "已开始检查，本页显示进度，完成后显示结果")
    return redirect("staff:sitecheck_run", pk=run.pk)


# A run still "queued" or "running" after this long was lost (the server restarted under it).
STALE_AFTER = timedelta(hours=2)


def _run(request, pk: int) -> InspectionRun:
    return get_object_or_404(
        InspectionRun.objects.select_related("site").filter(site__in=_sites(request)), pk=pk
    )


@login_required
@require_GET
def run_progress(request, pk: int):
    """The progress bar alone (htmx polls it); once the run has ended the page reloads itself."""
    run = _run(request, pk)
    response = render(request, "sitecheck/_progress.html", {"run": run})
    if not run.in_progress:
        response["HX-Refresh"] = "true"
    return response


@login_required
def run_detail(request, pk: int):
    run = _run(request, pk)
    if run.in_progress:
        return render(request, "sitecheck/run.html", {"run": run, "groups": {}, "total": 0})
    report = run.as_report()
    for f in report["findings"]:
        f["label"] = KIND_LABELS.get(f["kind"], f["kind"])
    return render(
        request,
        "sitecheck/run.html",
        {"run": run, "groups": grouped(report), "total": len(report["findings"])},
    )


@login_required
def run_export(request, pk: int, fmt: str):
    run = _run(request, pk)
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-sitecheck-"))
    path = (write_xlsx if fmt == "xlsx" else write_pdf)(run.as_report(), tmp / f"report.{fmt}")
    name = f"网站自查报告-{run.site.name}-{local_text(run.started_at, '%Y%m%d')}.{fmt}"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
