"""The Art. 26 publication clock on the staff dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.workdays.calendar import holiday_table

from .models import Document, State

UNPUBLISHED = (State.DRAFT, State.SUBMITTED, State.APPROVED)
WARN_WORKDAYS = 5


@dataclass
class ClockRow:
    document: Document
    due_on: dt.date
    workdays_left: int  # negative when overdue
    pending_year: int | None = None  # an estimate: that year's holidays are not entered

    @property
    def overdue(self) -> bool:
        return self.workdays_left < 0

    @property
    def workdays_overdue(self) -> int:
        return max(-self.workdays_left, 0)


def recount_after_calendar(*, year: int, **_kwargs) -> int:
    """A year's holidays were entered: recount the Art. 26 dates stored as estimates on it."""
    from .services import publish_due_on

    n = 0
    for doc in Document.objects.filter(
        state__in=UNPUBLISHED, publish_due_on__gte=dt.date(year, 1, 1)
    ).iterator():
        due = publish_due_on(doc)
        if due != doc.publish_due_on:
            Document.objects.filter(pk=doc.pk).update(publish_due_on=due)
            n += 1
    return n


def clock_of(doc: Document, today: dt.date) -> ClockRow | None:
    """The Art. 26 clock of one unpublished document (for its own page), or None."""
    if doc.state not in UNPUBLISHED or not doc.publish_due_on:
        return None
    counted = holiday_table().left(today, doc.publish_due_on)
    return ClockRow(doc, doc.publish_due_on, counted.value, counted.year)


def publication_clock(documents, today: dt.date) -> tuple[list[ClockRow], list[ClockRow]]:
    """(due within 5 working days, overdue) among unpublished documents (Art. 26: 20 working days)."""
    table = holiday_table()
    soon, overdue = [], []
    for doc in documents.filter(state__in=UNPUBLISHED, publish_due_on__isnull=False).order_by(
        "publish_due_on"
    ):
        counted = table.left(today, doc.publish_due_on)
        left = counted.value
        row = ClockRow(doc, doc.publish_due_on, left, counted.year)
        if left < 0:
            overdue.append(row)
        elif left <= WARN_WORKDAYS:
            soon.append(row)
    return soon, overdue
