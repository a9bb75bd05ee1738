"""Public reads of the collected annual reports (other agencies' reports read from their published
pages, with their check findings): the source documents are public; who imported a copy is not
returned."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import CollectedReport


def collected_reports(year: int | None = None, agency_name: str = "") -> QuerySet[CollectedReport]:
    qs = CollectedReport.objects.all()
    if year:
        qs = qs.filter(year=year)
    if agency_name:
        qs = qs.filter(agency_name__contains=agency_name)
    return qs.order_by("-year", "agency_name", "pk")


def collected_report(pk: int) -> CollectedReport | None:
    return CollectedReport.objects.filter(pk=pk).first()
