"""Section 四 of the annual report (政府信息公开行政复议、行政诉讼情况) counted from the cases.

Counting rule for year Y (Art. 50 of the Regulation; table of 国办公开办函〔2021〕30号):

* a case counts in Y when it was filed (立案/受理) within Y, on the line of its kind and route;
* its column is its result when it was closed on or before 31 December of Y, otherwise 尚未审结
  (pending) — a case closed in Y+1 is pending in Y's report;
* a lawsuit with the reconsideration body as co-defendant counts for the original agency only.

Every line's 总计 is the sum of its four result columns (spec rule 4 holds by construction).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q

from gongkai.rules.annual.model import APPEAL_CELLS, APPEAL_LINES

from .models import AppealCase, Kind, Result, Route


def line_of(kind: str, route: str) -> str:
    if kind == Kind.RECONSIDERATION:
        return "reconsideration"
    return "litigation_after_reconsideration" if route == Route.AFTER_RECONSIDERATION else "litigation_direct"


def column_of(result: str, closed_on: dt.date | None, year: int) -> str:
    if result == Result.PENDING or closed_on is None or closed_on > dt.date(year, 12, 31):
        return "pending"
    return result


def tally(cases, year: int) -> dict[str, Any]:
    """``cases``: (kind, route, result, closed_on) tuples of the cases counted in ``year``."""
    table = {line: {cell: 0 for cell, _ in APPEAL_CELLS} for line, _ in APPEAL_LINES}
    for kind, route, result, closed_on in cases:
        cells = table[line_of(kind, route)]
        cells[column_of(result, closed_on, year)] += 1
        cells["total"] += 1
    return table


def appeals_table(agency, year: int) -> dict[str, Any]:
    """The ``appeals`` object of the annual report of ``agency`` for ``year``."""
    rows = (
        AppealCase.objects.filter(
            agency=agency, filed_on__gte=dt.date(year, 1, 1), filed_on__lte=dt.date(year, 12, 31)
        )
        .exclude(Q(co_defendant=True) & ~Q(application__agency=F("agency")))
        .values_list("kind", "route", "result", "closed_on")
    )
    return tally(rows, year)
