"""The supervisor's view of a region's year (年度报告监督检查), its XLSX and its 通报 (PDF, DOCX).

Only for a supervisor (政务公开办), over their agency's subtree (:mod:`.supervision`). Filters and
sorting are query parameters read on the server: the page works without JavaScript. Downloads
are audited (who exported which region and year); GET changes no record. The 通报 PDF is asked
for by a POST and typeset off the request (:mod:`.bulletin_jobs`); the page shows its state.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.audit.services import append
from gongkai.rules.annual.render.layout import ReportError
from gongkai.rules.annual.supervision import tally

from . import bulletin_jobs
from .bulletin import bulletin, bulletin_docx, review_xlsx
from .models import BulletinFile
from .supervision import FILTERS, LEVELS, OUTSIDE, SORTS, region_year, select

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _args(request) -> dict:
    user = request.user
    if not user.has_role(Role.SUPERVISOR) or user.agency_id is None:
        raise PermissionDenied("年度报告监督检查仅供监督（上级）机关查看")
    g = request.GET
    today = timezone.localdate()
    year = (
        int(g["year"]) if g.get("year", "").isdigit() and 2008 <= int(g["year"]) <= 9998 else today.year - 1
    )
    threshold = int(g["threshold"]) if g.get("threshold", "").isdigit() else 50
    threshold = min(threshold, 1000)
    return {
        "root": user.agency,
        "year": year,
        "today": today,
        "threshold": threshold,
        "q": g.get("q", "").strip()[:50],
        "kind": g.get("kind", "") if g.get("kind", "") in ("部门", "政府") else "",
        "level": g.get("level", "")[:10],
        "show": g.get("show", "") if g.get("show", "") in FILTERS else "",
        "sort": g.get("sort", "rank") if g.get("sort", "rank") in SORTS else "rank",
    }


def _rows(a: dict):
    everything = region_year(a["root"], a["year"], a["today"], threshold=a["threshold"] / 100)
    chosen = select(everything, q=a["q"], kind=a["kind"], level=a["level"], show=a["show"], sort=a["sort"])
    return everything, chosen


def _query(a: dict, **change) -> str:
    keys = ("year", "threshold", "q", "kind", "level", "show", "sort")
    params = {k: a[k] for k in keys} | change
    return urlencode({k: v for k, v in params.items() if v not in ("", None)})


def _chart(rows) -> dict:
    out = {}
    for by in ("kind", "level"):
        t = tally(rows, by)
        keys = sorted(t, key=lambda k: (k == OUTSIDE, LEVELS.index(k) if k in LEVELS else 99, k))
        out[by] = {
            "categories": keys,
            "on_time": [t[k]["on_time"] for k in keys],
            "late": [t[k]["late"] for k in keys],
            "missing": [t[k]["missing"] for k in keys],
            "faulty": [t[k]["faulty"] for k in keys],
            "score": [t[k]["score"] for k in keys],
        }
    return out


@login_required
def review(request):
    a = _args(request)
    everything, rows = _rows(a)
    chart = _chart(everything)
    levels = sorted({r.subject.level for r in everything}, key=lambda k: (k == OUTSIDE, k))
    return render(
        request,
        "collected/supervision.html",
        a
        | {
            "rows": rows,
            "total": len(everything),
            "counts": {
                "on_time": sum(1 for r in everything if r.published and r.late is False),
                "late": sum(1 for r in everything if r.published and r.late),
                "overdue": sum(1 for r in everything if not r.published and r.late),
                "faulty": sum(1 for r in everything if r.faulty),
            },
            "chart": chart,
            "tallies": [
                (by, label, list(zip(*chart[by].values(), strict=True)))
                for by, label in (("kind", "机关类型"), ("level", "层级"))
            ],  # fmt: skip
            "filters": [(k, v[0]) for k, v in FILTERS.items()],
            "sorts": [(k, v[0]) for k, v in SORTS.items()],
            "sort_links": {k: _query(a, sort=k) for k in SORTS},
            "levels": levels,
            "query": _query(a),
            "job": (job := bulletin_jobs.current(a["root"], a["year"])),
            "job_stale": job is not None and bulletin_jobs.stale(job),
        },
    )


def _audit(request, a: dict, what: str, count: int) -> None:
    append(
        object_type="collected.supervision",
        object_id=str(a["root"].pk),
        action="导出年报检查",
        actor=request.user,
        agency=a["root"],
        reason=what,
        data={"year": a["year"], "rows": count, "filters": _query(a)},
    )


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=MEDIA[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


@login_required
def review_file(request):
    a = _args(request)
    _everything, rows = _rows(a)
    title = f"{a['root'].name}{a['year']}年度政府信息公开工作年度报告检查"
    data = review_xlsx(title, rows)
    _audit(request, a, "检查表 XLSX", len(rows))
    return _download(data, "xlsx", title)


def _back(a: dict):
    return redirect(f"{reverse('staff:collected_supervision')}?{_query(a)}#bulletin")


@login_required
@require_POST
def bulletin_request(request):
    """生成通报PDF: start the rendering off the request (or say that one is already running)."""
    a = _args(request)  # year and threshold come back in the query string, as on the page
    job, started = bulletin_jobs.request_pdf(request.user, a["year"], a["threshold"])
    if started:
        messages.success(request, "已开始生成通报PDF，完成后本页显示下载链接，请稍后刷新本页")
    else:
        messages.info(
            request, f"通报PDF正在生成（{timezone.localtime(job.requested_at):%H:%M}开始），请稍后刷新本页"
        )
    return _back(a)


@login_required
def bulletin_status(request):
    """The 通报 PDF's state, for the page's script while it is being typeset (read only)."""
    a = _args(request)
    job = bulletin_jobs.current(a["root"], a["year"])
    state = "none" if job is None else ("lost" if bulletin_jobs.stale(job) else job.state)
    return JsonResponse({"state": state})


@login_required
def bulletin_file(request, fmt: str):
    a = _args(request)
    if fmt == "pdf":  # typeset off the request (bulletin_request); here only the kept file
        job = bulletin_jobs.current(a["root"], a["year"])
        if job is None or job.state != BulletinFile.State.DONE or not job.file:
            raise Http404("通报PDF尚未生成，请在年报检查页面点击“生成通报PDF”，完成后再下载")
        _audit(request, a, "通报 PDF", job.agencies)
        title = f"关于{a['year']}年度政府信息公开工作年度报告检查情况的通报"
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=f"{title}.pdf")
    everything, _rows_ = _rows(a)  # the 通报 covers the whole region, whatever the filters
    b = bulletin(a["root"].name, a["year"], everything, a["today"])
    try:
        data = bulletin_docx(b)
    except ReportError as exc:
        messages.error(request, str(exc))
        return _back(a)
    _audit(request, a, f"通报 {fmt.upper()}", len(everything))
    return _download(data, fmt, b.title)
