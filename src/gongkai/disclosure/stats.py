"""Figures the annual report takes from published documents."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from .models import Document, RegulatoryKind, State, Validity


def regulatory_counts(agency, year: int) -> dict[str, dict[str, int]]:
    """Section 二 (Art. 20(1)) of the annual report: 规章 and 行政规范性文件 of ``agency`` —
    issued in ``year`` (by 成文日期), repealed in ``year`` (废止/失效 with 废止日期 in the year), and in
    force at the end of ``year``. Only documents that were published (or withdrawn after publication)
    count. Keys follow the report's JSON: ``rules`` and ``normative_documents``."""
    end = dt.date(year, 12, 31)
    issued_on = Q(written_on__year=year)
    repealed = Q(validity__in=[Validity.REPEALED, Validity.EXPIRED], expires_on__year=year)
    in_force = Q(written_on__lte=end) & (Q(expires_on__isnull=True) | Q(expires_on__gt=end))
    base = Document.objects.filter(
        agency=agency, state__in=[State.PUBLISHED, State.WITHDRAWN], index_number__gt=""
    )
    out = {}
    for key, kind in (("rules", RegulatoryKind.RULE), ("normative_documents", RegulatoryKind.NORMATIVE)):
        row = base.filter(regulatory_kind=kind).aggregate(
            issued=Count("pk", filter=issued_on),
            repealed=Count("pk", filter=repealed),
            in_force=Count("pk", filter=in_force & ~Q(state=State.WITHDRAWN)),
        )
        out[key] = {"issued": row["issued"], "repealed": row["repealed"], "in_force": row["in_force"]}
    return out


def published_by_category(agency, year: int) -> list[tuple[str, int]]:
    """Documents published in ``year`` per 主题分类 (facts offered for section 一)."""
    rows = (
        Document.objects.filter(agency=agency, state=State.PUBLISHED, published_at__year=year)
        .values_list("category__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [(name, n) for name, n in rows]
