"""Staff pages of the site import (网站迁移), for the agency administrator only: start an import
(a dry run first, to see the columns and confirm their mapping), watch its progress, review what
it found (imported, updated, failed with the reason), undo it after a confirmation. Every state
change goes through :mod:`.services` (audited); pages work without JavaScript (htmx moves the bar)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change
from gongkai.audit.services import record

from . import services
from .forms import SettingsForm, StartForm
from .mapping import MappingError, names, validate
from .models import ImportRun, ImportSettings, Outcome, RunStatus


def _admin(request) -> None:
    """Only the agency administrator moves the agency's site in (404 for anyone else)."""
    if not can_change(request.user, request.user.agency_id or 0, Role.AGENCY_ADMIN):
        raise Http404


def _runs(request):
    return ImportRun.objects.filter(agency_id=request.user.agency_id)


def _submit(run: ImportRun) -> None:
    from gongkai.core import background

    from .tasks import import_site_task

    background.submit(import_site_task, run.pk)  # a worker, a thread of the demo server, or inline


@login_required
def runs(request):
    _admin(request)
    agency = request.user.agency
    row = ImportSettings.objects.filter(agency=agency).first()
    return render(
        request,
        "siteimport/runs.html",
        {
            "runs": _runs(request)[:50],
            "form": StartForm(initial={"url": agency.website} if agency.website else None),
            "settings_form": SettingsForm(
                initial={"published_on_old_site": bool(row and row.published_on_old_site)}
            ),
        },
    )


@login_required
@require_POST
def start(request):
    _admin(request)
    form = StartForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "siteimport/runs.html",
            {"runs": _runs(request)[:50], "form": form, "settings_form": SettingsForm()},
            status=400,
        )
    with transaction.atomic():
        run = services.start(
            request.user.agency,
            form.cleaned_data["url"],
            actor=request.user,
            dry_run=form.cleaned_data["dry_run"],
            since=form.cleaned_data["since"],
        )
        record(
            run, "import_site_start", actor=request.user, data={"url": run.start_url, "dry_run": run.dry_run}
        )
        _submit(run)
    messages.success(request, "已开始试运行" if run.dry_run else "已开始导入")
    return redirect("staff:siteimport_run", pk=run.pk)


@login_required
@require_POST
def save_settings(request):
    _admin(request)
    form = SettingsForm(request.POST)
    form.is_valid()
    value = bool(form.cleaned_data.get("published_on_old_site"))
    with transaction.atomic():
        row, _ = ImportSettings.objects.select_for_update().get_or_create(agency=request.user.agency)
        if row.published_on_old_site != value:
            row.published_on_old_site = value
            row.save(update_fields=["published_on_old_site"])
            record(
                row,
                "import_settings",
                actor=request.user,
                agency=request.user.agency,
                data={"published_on_old_site": value},
            )
    messages.success(request, "已保存：迁移的信息直接发布" if value else "已保存：迁移的信息须逐条核对后发布")
    return redirect("staff:siteimport")


def _mapping_rows(run: ImportRun) -> list[dict]:
    used = run.report.get("mapping_used", {})
    return [
        {"column": column, "pages": row.get("页面数", 0), **used.get(column, row)}
        for column, row in run.report.get("columns", {}).items()
    ]


@login_required
def run_detail(request, pk: int):
    _admin(request)
    run = get_object_or_404(_runs(request), pk=pk)
    items = run.items.select_related("document")
    categories, genres = names()
    return render(
        request,
        "siteimport/run.html",
        {
            "run": run,
            "failed": [i for i in items if i.outcome == Outcome.FAILED],
            "done": [i for i in items if i.outcome != Outcome.FAILED],
            "mapping": _mapping_rows(run),
            "categories": categories,
            "genres": genres,
        },
    )


@login_required
@require_GET
def run_progress(request, pk: int):
    _admin(request)
    run = get_object_or_404(_runs(request), pk=pk)
    response = render(request, "siteimport/_progress.html", {"run": run})
    if not run.in_progress:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_with_mapping(request, pk: int):
    """After a dry run: import the same site with the mapping the administrator confirmed."""
    _admin(request)
    dry = get_object_or_404(_runs(request), pk=pk, dry_run=True, status=RunStatus.DONE)
    columns = list(dry.report.get("columns", {}))
    submitted = {
        column: {
            "主题分类": request.POST.get(f"category-{n}", ""),
            "体裁": request.POST.get(f"genre-{n}", ""),
        }
        for n, column in enumerate(columns)
    }
    try:
        mapping = validate(submitted)
    except MappingError as exc:
        messages.error(request, str(exc))
        return redirect("staff:siteimport_run", pk=dry.pk)
    with transaction.atomic():
        run = services.start(dry.agency, dry.start_url, actor=request.user, since=dry.since, mapping=mapping)
        record(
            run, "import_site_start", actor=request.user, data={"url": run.start_url, "dry_run_of": dry.pk}
        )
        _submit(run)
    messages.success(request, "已按确认的栏目对照开始导入")
    return redirect("staff:siteimport_run", pk=run.pk)


@login_required
@require_POST
def restart(request, pk: int):
    """Start an interrupted run again (a new run with its site, options and mapping)."""
    _admin(request)
    old = get_object_or_404(_runs(request), pk=pk)
    try:
        with transaction.atomic():
            run = services.restart(old.pk, actor=request.user)
            _submit(run)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("staff:siteimport_run", pk=old.pk)
    messages.success(request, f"已重新开始（批次 {run.pk}）：已导入的信息不会重复导入")
    return redirect("staff:siteimport_run", pk=run.pk)


@login_required
def undo(request, pk: int):
    """GET: what undoing would do, and a confirmation; POST (confirmed): undo."""
    _admin(request)
    run = get_object_or_404(_runs(request), pk=pk, dry_run=False)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, "请勾选“确认撤销”后再提交")
            return redirect("staff:siteimport_undo", pk=run.pk)
        try:
            services.undo(run.pk, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request,
                f"已撤销导入批次 {run.pk}：新增的 {run.created} 条已删除，更新的 {run.updated} 条已恢复",
            )
        return redirect("staff:siteimport_run", pk=run.pk)
    return render(request, "siteimport/undo.html", {"run": run})
