"""Importing published annual reports: parse, check (rules 1–4 and 6; rule 5 against the
neighbouring years already kept), store — one file, one transaction."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.audit.services import record
from gongkai.core.uploads import UploadError, check_upload
from gongkai.rules.annual.checks import check_report
from gongkai.rules.annual.parse import parse_bytes
from gongkai.rules.text import to_simplified

from .models import CollectedReport

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".html", ".htm", ".txt", ".md", ".docx", ".pdf")
KINDS = ("html", "txt", "md", "docx", "pdf")


class ImportError_(ValueError):
    """A report that cannot be kept; the message is for users (Chinese)."""


@dataclass
class Imported:
    report: CollectedReport
    created: bool
    warnings: int
    findings: int


def _finding_dicts(findings) -> list[dict]:
    return [f.as_dict() | {"text": str(f)} for f in findings]


def recheck(report: CollectedReport) -> None:
    """Rules 1–4 and 6 on the report itself, rule 5 against last year's report of the same agency
    (in the same importer's copies)."""
    previous = CollectedReport.objects.filter(
        owner_id=report.owner_id, agency_name=report.agency_name, year=report.year - 1
    ).first()
    findings = check_report(
        report.data, text=report.prose or None, previous=previous.data if previous else None
    )
    report.findings = _finding_dicts(findings)


def import_report(
    actor, name: str, data: bytes, *, agency_name: str = "", year: int | None = None
) -> Imported:
    """Parse and keep one report in the importing agency's copies (``actor.agency``; none from the
    command line). The importer's own copy of the same agency and year is replaced; another
    agency's copy is never touched."""
    if not name.lower().endswith(SUFFIXES):
        raise ImportError_(f"“{name}”不是支持的格式（{'、'.join(SUFFIXES)}）")
    try:  # the check every upload passes (structure, bounded ZIP, ClamAV when configured)
        check_upload(name, data, MAX_BYTES, KINDS)
    except UploadError as exc:
        raise ImportError_(f"“{name}”：{exc}") from exc
    try:
        result = parse_bytes(data, name)
    except ValueError as exc:
        raise ImportError_(f"“{name}”无法读取：{exc}") from exc
    report = result.report
    agency_name = (agency_name or report.get("agency") or "").strip()
    year = year or report.get("year")
    if not agency_name or not year:
        raise ImportError_(f"“{name}”未能确定{'机关名称' if not agency_name else '报告年度'}，请手工指定")
    if not result.found_tables:
        raise ImportError_(f"“{name}”中没有找到年度报告的表格")
    report["agency"], report["year"] = agency_name, year
    agency = Agency.objects.filter(name=to_simplified(agency_name)).first()
    owner_id = getattr(actor, "agency_id", None)
    with transaction.atomic():
        row, created = CollectedReport.objects.select_for_update().get_or_create(
            owner_id=owner_id,
            agency_name=agency_name,
            year=year,
            defaults={
                "format": report["format"],
                "data": report,
                "source_name": name[:255],
                "source_sha256": hashlib.sha256(data).hexdigest(),
                "agency": agency,
                "imported_by": actor,
            },
        )
        row.format, row.data, row.agency, row.imported_by = report["format"], report, agency, actor
        row.source_name, row.source_sha256 = name[:255], hashlib.sha256(data).hexdigest()
        row.warnings = [str(w) for w in result.warnings]
        row.prose = result.prose
        recheck(row)
        row.save()
        following = CollectedReport.objects.filter(
            owner_id=owner_id, agency_name=agency_name, year=year + 1
        ).first()
        if following is not None:
            recheck(following)
            following.save(update_fields=["findings"])
        record(
            row,
            "import" if created else "reimport",
            actor=actor,
            agency=row.owner or agency,
            data={"source": name, "warnings": len(row.warnings), "findings": len(row.findings)},
        )
    log.info(
        "annual report import done report_id=%s year=%s created=%s warnings=%d findings=%d",
        row.pk,
        year,
        created,
        len(row.warnings),
        len(row.findings),
    )
    return Imported(row, created, len(row.warnings), len(row.findings))
