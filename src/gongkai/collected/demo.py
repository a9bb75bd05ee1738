"""Demo data of the supervisor's review (年度报告监督检查): agencies outside the platform as a
harvest (``gongkai annual harvest --import --owner hbmzt``) would have kept them — on time, late,
undated, missing, with blank cells and a broken 勾稽 rule, one with a jump since last year.

``load()`` goes through the real import (:func:`gongkai.collected.harvest.keep.keep_line`), so
the findings and the audit trail are those of a harvest. Re-running it updates, never duplicates.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.rules.annual.checks import check_report
from gongkai.rules.annual.model import require_row, zero_report

SUPERVISOR_SLUG = "hbmzt"
SITE = "https://www.example.gov.cn"


def _report(
    year: int, received: int, *, faulty: bool = False, blanks: int = 0, in_force: int = 12
) -> dict[str, Any]:
    report = zero_report("2021", year, None)
    apps = report["applications"]
    for key, value in (
        ("new_received", received),
        ("total_handled", received),
        ("granted", received - received // 3),
        ("partially_granted", received // 3),
    ):
        cells = require_row(apps, key)
        cells["natural_person"] = value
        cells["total"] = value + (2 if faulty and key == "new_received" else 0)
    for key in ("commercial_enterprise", "research_institution", "social_welfare_org")[:blanks]:
        require_row(apps, "not_processed.duplicate")[key] = None
    report["active_disclosure"]["normative_documents"].update(issued=2, repealed=0, in_force=in_force)
    return report


# name, type, slug, published (days after 1 January of the next year; None: undated), received,
# faulty, blank cells, found
OUTSIDE = (
    ("示例市财政局", "部门", "czj", 20, 30, False, 0, True),
    ("示例市教育局", "部门", "jyj", 45, 24, False, 0, True),
    ("示例市卫生健康委员会", "部门", "wjw", 10, 40, True, 3, True),
    ("示例市交通运输局", "部门", "jtj", None, 12, False, 0, True),
    ("示例县人民政府", "政府", "xzf", 70, 60, False, 0, True),
    ("示例区人民政府", "政府", "qzf", 100, 18, True, 0, True),
    ("示例市住房和城乡建设局", "部门", "zjj", 0, 0, False, 0, False),
)


def _line(name: str, kind: str, slug: str, year: int, published: date | None, report) -> dict[str, Any]:
    page = f"{SITE}/{slug}/zfxxgk/ndbg/{year + 1}01/t{year}_1.html"
    findings = check_report(report) if report else []
    return {
        "agency": name, "type": kind, "site": f"{SITE}/{slug}/", "year": year, "found": report is not None,
        "reason": None if report else f"在网站上未找到{year}年度的政府信息公开工作年度报告（查看了12个页面）",
        "url": page if report else None, "source": page.replace(".html", ".pdf") if report else None,
        "format": "pdf" if report else None, "published_on": published.isoformat() if published else None,
        "late": None, "days_late": None, "report": report,
        "findings": [f.as_dict() | {"text": str(f)} for f in findings], "warnings": [], "scanned": False,
    }  # fmt: skip


def load(year: int | None = None) -> int:
    """Keep the demo harvest for ``year`` (default: last year) under the province department."""
    from gongkai.collected.harvest.keep import keep_line
    from gongkai.rules.annual.timeliness import days_late, is_late

    owner = Agency.objects.filter(slug=SUPERVISOR_SLUG).first()
    if owner is None:
        return 0
    year = year or timezone.localdate().year - 1
    from gongkai.collected.models import HarvestEntry

    if HarvestEntry.objects.filter(owner=owner, year=year).exists():
        return 0  # loaded before: loading the demo again adds nothing (not even audit rows)
    start = date(year + 1, 1, 1)
    n = 0
    for name, kind, slug, after, received, faulty, blanks, found in OUTSIDE:
        if slug == "jyj":  # last year's report: its figures doubled since (同比变化)
            keep_line(
                _line(name, kind, slug, year - 1, date(year, 1, 20), _report(year - 1, 11, in_force=10)),
                owner=owner,
            )
        published = start + timedelta(days=after) if after is not None and found else None
        report = _report(year, received, faulty=faulty, blanks=blanks) if found else None
        line = _line(name, kind, slug, year, published, report)
        line["late"], line["days_late"] = is_late(kind, year, published), days_late(kind, year, published)
        keep_line(line, owner=owner)
        n += 1
    return n
