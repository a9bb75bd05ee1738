"""Public reads of the agencies' own annual reports (Art. 49–50): only a report whose state is
已公开 and whose document in the catalogue is public (a report sent for 保密审查, withdrawn or still
scheduled is not returned)."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.disclosure.models import Document

from .models import AnnualReport, ReportState


def published_reports(agency_path: str = "", year: int | None = None) -> QuerySet[AnnualReport]:
    qs = AnnualReport.objects.filter(
        state=ReportState.PUBLISHED, data__isnull=False, document__in=Document.objects.public()
    )
    if agency_path:
        qs = qs.filter(agency__path__startswith=agency_path)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("agency", "document").order_by("-year", "agency__path", "pk")


def published_report(pk: int) -> AnnualReport | None:
    return published_reports().filter(pk=pk).first()


def published_report_of(agency_id: int, year: int) -> AnnualReport | None:
    return published_reports().filter(agency_id=agency_id, year=year).first()


def report_findings(report: AnnualReport) -> list[dict]:
    """The check findings (勾稽关系, rules 1–6) of a published report, as plain dicts."""
    from .services import findings

    return [f.as_dict() | {"text": str(f)} for f in findings(report)]
