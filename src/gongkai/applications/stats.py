"""Statistics from records: section 三 of the annual report, computed from the applications."""

from __future__ import annotations

import datetime as dt

from gongkai.rules.application_stats import CaseFacts, tabulate
from gongkai.rules.deadline_events import Status

from . import services
from .models import Application
from .services import refresh

# Only a waiting case can change by the passing of time (a running one closes only by a reply).
_WAITING = (Status.AWAITING_SUPPLEMENT, Status.AWAITING_FEE, Status.CONSULTING)


def refresh_expired(agency=None, as_of: dt.date | None = None) -> int:
    """Re-replay open cases whose waiting period has ended (an unsupplemented or unpaid case then
    closes as ``other.no_correction`` / ``other.fee_unpaid``). Run daily and before statistics."""
    today = as_of or services.today()
    qs = Application.objects.filter(status__in=_WAITING, due_on__lt=today)
    if agency is not None:
        qs = qs.filter(agency=agency)
    n = 0
    for app in qs.iterator():
        refresh(app, today)
        n += 1
    return n


def applications_table(agency, year: int) -> dict:
    """The ``applications`` object of the annual report (spec rules 1–3 hold by construction:
    see :func:`gongkai.rules.application_stats.tabulate`). Cases count from their confirmed receipt
    date; their outcome and closing date are those of the replayed clock."""
    refresh_expired(agency)
    end = dt.date(year, 12, 31)
    rows = (
        Application.objects.filter(agency=agency, received_on__isnull=False, received_on__lte=end)
        .exclude(closed_on__lt=dt.date(year, 1, 1))
        .values_list("applicant_kind", "received_on", "closed_on", "outcome", "number")
    )
    return tabulate(
        [
            CaseFacts(kind, received, closed, outcome or None, number)
            for kind, received, closed, outcome, number in rows
        ],
        year,
    )
