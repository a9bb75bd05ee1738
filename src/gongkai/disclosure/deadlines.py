"""The Art. 26 publication clock on the staff dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.rules.calendar import UnknownYearError
from gongkai.workdays.calendar import holiday_table

from .models import Document, State

UNPUBLISHED = (State.DRAFT, State.SUBMITTED, State.APPROVED)
WARN_WORKDAYS = 5


@dataclass
class ClockRow:
    document: Document
    due_on: dt.date
    workdays_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.workdays_left < 0

    @property
    def workdays_overdue(self) -> int:
        return max(-self.workdays_left, 0)


def publication_clock(documents, today: dt.date) -> tuple[list[ClockRow], list[ClockRow]]:
    """(due within 5 working days, overdue) among unpublished documents (Art. 26: 20 working days)."""
    table = holiday_table()
    soon, overdue = [], []
    for doc in documents.filter(state__in=UNPUBLISHED, publish_due_on__isnull=False).order_by("publish_due_on"):
        try:
            left = table.workdays_between(today, doc.publish_due_on)
        except UnknownYearError:
            continue
        row = ClockRow(doc, doc.publish_due_on, left)
        if left < 0:
            overdue.append(row)
        elif left <= WARN_WORKDAYS:
            soon.append(row)
    return soon, overdue
