"""``--import``: keep each harvested line in the collected reports (收集的年度报告).

One line, one transaction: the agency's :class:`HarvestEntry` (found or not, and why) and, when
its tables were read, its :class:`CollectedReport` with the provenance the harvest gives — the
address the tables were read from, the report page, the 发布日期 shown on it, lateness under
Art. 49 (部门 by 31 January, 政府 by 31 March of the next year), the source format, the reader's
warnings (each naming its table and cell) and the findings (each naming its row and column).
A re-run updates the same agency and year of the same importer; it never adds a second copy.

Rules 5 and 7 compare a report with the year before: they are run again here against the
importer's own copy of the previous year (and the next year's copy is re-checked against this
one), as :func:`gongkai.collected.services.recheck` does for uploaded files.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.audit.services import record
from gongkai.rules.annual.checks import check_carry_over, check_in_force
from gongkai.rules.annual.timeliness import agency_type, days_late, is_late
from gongkai.rules.text import to_simplified

from ..models import CollectedReport, HarvestEntry

log = logging.getLogger(__name__)
_NEIGHBOUR_RULES = (5, 7)


class KeepError(ValueError):
    """A line that cannot be kept (message in Chinese)."""


def _findings_with_neighbours(row: CollectedReport, own: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``own`` findings (rules 1–4, 6, 7 as read) with rules 5 and 7 against last year's copy."""
    previous = CollectedReport.objects.filter(
        owner_id=row.owner_id, agency_name=row.agency_name, year=row.year - 1
    ).first()
    kept = [f for f in own if f.get("rule") not in _NEIGHBOUR_RULES]
    found = check_in_force(row.data, previous.data if previous else None)
    if previous is not None:
        found = [*check_carry_over(previous.data, row.data), *found]
    return kept + [f.as_dict() | {"text": str(f)} for f in found]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def keep_line(line: dict[str, Any], *, owner: Agency | None = None, actor=None) -> HarvestEntry:
    """Keep one harvested line (see the module) and return its entry. A line asking to be tried
    again (the site could not be reached) is not kept: it says nothing about the report."""
    name = (line.get("agency") or "").strip()
    year = line.get("year")
    if not name or not isinstance(year, int):
        raise KeepError("采集结果缺少机关名称或年度")
    if line.get("retry"):
        raise KeepError(f"{name}：网站暂时无法访问，未导入（再次采集时重试）")
    kind = agency_type(line.get("type") or "")
    agency = Agency.objects.filter(name=to_simplified(name)).first()
    owner_id = owner.pk if owner else None
    report = line.get("report") if line.get("found") else None
    with transaction.atomic():
        entry, created = HarvestEntry.objects.select_for_update().get_or_create(
            owner_id=owner_id,
            agency_name=name,
            year=year,
            defaults={"agency_kind": kind, "site": line.get("site") or "", "found": bool(line.get("found"))},
        )
        entry.agency, entry.agency_kind = agency, kind
        entry.site = (line.get("site") or "")[:500]
        entry.found = bool(line.get("found"))
        entry.reason = (line.get("reason") or "")[:300]
        entry.url = (line.get("url") or "")[:500]
        row = None
        if report is not None:
            report = dict(report, agency=name, year=year)
            row = CollectedReport.objects.select_for_update().filter(
                owner_id=owner_id, agency_name=name, year=year
            ).first() or CollectedReport(owner_id=owner_id, agency_name=name, year=year)
            source = line.get("source") or line.get("url") or ""
            row.agency, row.agency_kind = agency, kind
            row.format, row.data = report.get("format") or "2021", report
            row.source_name, row.source_sha256 = source.rsplit("/", 1)[-1][:255] or name, ""
            row.url, row.page_url = source[:500], (line.get("url") or "")[:500]
            row.source_format = (line.get("format") or "")[:8]
            row.published_on = _date(line.get("published_on"))
            # Art. 49 from the date and the type, as the harvest does (never trusted from the file)
            row.late = is_late(kind, year, row.published_on)
            row.days_late = days_late(kind, year, row.published_on)
            row.scanned = bool(line.get("scanned"))
            row.warnings = [str(w) for w in line.get("warnings") or []]
            row.prose = ""
            row.imported_by = actor
            row.findings = _findings_with_neighbours(row, list(line.get("findings") or []))
            row.save()
            following = CollectedReport.objects.filter(
                owner_id=owner_id, agency_name=name, year=year + 1
            ).first()
            if following is not None:
                following.findings = _findings_with_neighbours(following, following.findings)
                following.save(update_fields=["findings"])
        entry.report = row
        entry.save()
        kept = row or entry
        record(
            kept,
            "harvest_import" if created else "harvest_reimport",
            actor=actor,
            actor_label="" if actor else "命令行采集",
            agency=owner or agency,
            data={
                "url": entry.url,
                "found": entry.found,
                "late": row.late if row else None,
                "warnings": len(line.get("warnings") or []),
                "findings": len(row.findings) if row else 0,
            },
        )
    log.info(
        "harvest import done entry_id=%s year=%s found=%s created=%s", entry.pk, year, entry.found, created
    )
    return entry
