"""A supervisor's view of a region's year (年度报告监督检查): who is gathered, from where.

The region of a supervisor is their agency's subtree (:func:`gongkai.agencies.scoping.scope`):

* every **platform agency** of the subtree — its own report published on the platform, else a
  copy of its published report read in (harvested or uploaded), else what the harvest found
  (no report, and why);
* every **agency outside the platform** harvested or read in by an agency of the subtree
  (:class:`HarvestEntry`, :class:`CollectedReport` with no platform agency).

The judgement of each report is pure (:mod:`gongkai.rules.annual.supervision`); this module
only reads the records. Reads only: GET never writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.rollup import _collected_copies
from gongkai.reports.services import findings as platform_findings
from gongkai.rules.annual.changes import DEFAULT_THRESHOLD
from gongkai.rules.annual.supervision import Assessment, Subject, assess, rank

from .models import CollectedReport, HarvestEntry

OUTSIDE = "平台外"
LEVELS = ("本级", "下一级", "下二级", "下三级", "下四级")
KIND = {AgencyKind.DEPARTMENT: "部门", AgencyKind.GOVERNMENT: "政府"}


def level_of(root: Agency, agency: Agency) -> str:
    depth = agency.path.count("/") - root.path.count("/")
    return LEVELS[depth] if depth < len(LEVELS) else f"下{depth}级"


def _web(url: str) -> str:
    """An address fit for a link: http(s) or a path of this site, never another scheme."""
    return url if url.startswith(("http://", "https://", "/")) else ""


@dataclass(frozen=True)
class Ref:
    """Links of one row: the report's page in the platform (staff) and the source address."""

    staff_url: str = ""
    source_url: str = ""
    source_label: str = ""  # 平台发布 / 网站采集 / 上传文件
    page_url: str = ""

    def __post_init__(self) -> None:
        for name in ("staff_url", "source_url", "page_url"):
            object.__setattr__(self, name, _web(getattr(self, name)))


def _copy_subject(c: CollectedReport, *, name: str, kind: str, level: str, on_platform: bool, previous):
    return Subject(
        name=name,
        kind=kind,
        level=level,
        on_platform=on_platform,
        found=True,
        report=c.data,
        published_on=c.published_on,
        url=c.url,
        findings=tuple(c.findings or ()),
        previous=previous,
        scanned=c.scanned,
        ref=Ref(
            reverse("staff:collected_report", args=[c.pk]),
            c.url,
            "网站采集" if c.url else f"上传文件 {c.source_name}",
            c.page_url,
        ),
    )


def _harvest_entries(root: Agency, year: int) -> dict[str, HarvestEntry]:
    """One entry per agency name harvested inside the region: the root's own first, then the latest."""
    chosen: dict[str, HarvestEntry] = {}
    for e in HarvestEntry.objects.filter(owner__path__startswith=root.path, year=year).order_by(
        "-harvested_at", "-pk"
    ):
        best = chosen.get(e.agency_name)
        if best is None or (e.owner_id == root.pk and best.owner_id != root.pk):
            chosen[e.agency_name] = e
    return chosen


def _outside_copies(root: Agency, year: int) -> dict[str, CollectedReport]:
    chosen: dict[str, CollectedReport] = {}
    for c in CollectedReport.objects.filter(
        owner__path__startswith=root.path, agency__isnull=True, year=year
    ).order_by("-imported_at", "-pk"):
        best = chosen.get(c.agency_name)
        if best is None or (c.owner_id == root.pk and best.owner_id != root.pk):
            chosen[c.agency_name] = c
    return chosen


def _platform(root: Agency, year: int, entries: dict[str, HarvestEntry]) -> list[Subject]:
    own = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(
            agency__path__startswith=root.path, year__in=(year, year - 1), state=ReportState.PUBLISHED
        ).select_related("agency")
        if r.year == year
    }
    before = {
        r.agency_id: r.data
        for r in AnnualReport.objects.filter(
            agency__path__startswith=root.path, year=year - 1, state=ReportState.PUBLISHED
        ).exclude(data=None)
    }
    copies, copies_before = _collected_copies(root, year), _collected_copies(root, year - 1)
    subjects = []
    for agency in root.subtree().order_by("path"):
        kind, level = KIND.get(agency.kind, "部门"), level_of(root, agency)
        previous = before.get(agency.pk) or (
            copies_before[agency.pk].data if agency.pk in copies_before else None
        )
        report = own.get(agency.pk)
        if report is not None:
            doc = report.document_id
            page = reverse("portal:document", args=[agency.slug, doc]) if doc else ""
            subjects.append(
                Subject(
                    name=agency.name,
                    kind=kind,
                    level=level,
                    on_platform=True,
                    found=True,
                    report=report.data,
                    published_on=report.published_on,
                    url=page,
                    findings=tuple(f.as_dict() for f in platform_findings(report)),
                    previous=previous,
                    ref=Ref(reverse("staff:report", args=[report.pk]), page, "平台发布", page),
                )
            )
        elif agency.pk in copies:
            subjects.append(
                _copy_subject(
                    copies[agency.pk],
                    name=agency.name,
                    kind=kind,
                    level=level,
                    on_platform=True,
                    previous=previous,
                )
            )
        else:
            entry = entries.get(agency.name)
            subjects.append(
                Subject(
                    name=agency.name,
                    kind=kind,
                    level=level,
                    on_platform=True,
                    found=False,
                    url=entry.site if entry else "",
                    reason=(entry.reason if entry else "") or "平台上未公布本年度报告",
                    ref=Ref(source_url=entry.site if entry else "", source_label="网站采集" if entry else ""),
                )
            )
    return subjects


def _outside(root: Agency, year: int, entries: dict[str, HarvestEntry], platform: set[str]) -> list[Subject]:
    copies = _outside_copies(root, year)
    before = _outside_copies(root, year - 1)
    subjects = []
    for name in sorted(set(copies) | {n for n, e in entries.items() if e.agency_id is None}):
        if name in platform:
            continue
        entry, copy = entries.get(name), copies.get(name)
        kind = (copy.agency_kind if copy else "") or (entry.agency_kind if entry else "") or "部门"
        previous = before[name].data if name in before else None
        if copy is not None and (entry is None or entry.found):
            subjects.append(
                _copy_subject(copy, name=name, kind=kind, level=OUTSIDE, on_platform=False, previous=previous)
            )
        elif entry is not None:
            subjects.append(
                Subject(
                    name=name,
                    kind=kind,
                    level=OUTSIDE,
                    on_platform=False,
                    found=entry.found,
                    url=entry.url or entry.site,
                    reason=entry.reason,
                    ref=Ref(source_url=entry.url or entry.site, source_label="网站采集"),
                )
            )
    return subjects


def region_year(
    root: Agency, year: int, today: dt.date, *, threshold: float = DEFAULT_THRESHOLD
) -> list[Assessment]:
    """Every agency of ``root``'s region for ``year``, assessed and ranked by quality."""
    entries = _harvest_entries(root, year)
    platform = _platform(root, year, entries)
    names = {s.name for s in platform}
    subjects = platform + _outside(root, year, entries, names)
    return rank(assess(s, year, today, threshold=threshold) for s in subjects)


# Server-side filters and sort keys of the page (and of the exports, which follow the page).
FILTERS: dict[str, tuple[str, Any]] = {
    "": ("全部", lambda a: True),
    "late": ("逾期（公布或未公布）", lambda a: bool(a.late)),
    "missing": ("未公布", lambda a: not a.published),
    "faulty": ("有问题（逾期、空白、勾稽）", lambda a: a.faulty),
    "blank": ("有空白单元格", lambda a: bool(a.blank)),
    "rule": ("有勾稽问题", lambda a: bool(a.findings_by_rule)),
    "change": ("同比变化大", lambda a: bool(a.changes)),
    "ok": ("按时且无问题", lambda a: a.published and a.late is False and not a.faulty),
}
SORTS: dict[str, tuple[str, Any]] = {
    "rank": ("排名（质量得分）", lambda a: (a.rank, a.subject.name)),
    "name": ("机关名称", lambda a: a.subject.name),
    "days_late": ("逾期天数", lambda a: (-(a.days_late or 0), a.subject.name)),
    "blank": ("空白单元格", lambda a: (-len(a.blank), a.subject.name)),
    "findings": ("勾稽问题", lambda a: (-a.findings_count, a.subject.name)),
    "published_on": ("发布日期", lambda a: (a.subject.published_on or dt.date.max, a.subject.name)),
}


def select(
    rows: list[Assessment],
    *,
    q: str = "",
    kind: str = "",
    level: str = "",
    show: str = "",
    sort: str = "rank",
) -> list[Assessment]:
    keep = FILTERS.get(show, FILTERS[""])[1]
    out = [
        a
        for a in rows
        if (not q or q in a.subject.name)
        and (not kind or a.subject.kind == kind)
        and (not level or a.subject.level == level)
        and keep(a)
    ]
    return sorted(out, key=SORTS.get(sort, SORTS["rank"])[1])
