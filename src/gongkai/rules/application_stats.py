"""Section 三 of the annual report (收到和处理政府信息公开申请情况) counted from the cases.

:func:`tabulate` returns the ``applications`` object of the interchange format (format 2021,
``shared/spec/annual-report-json.md``) for one year from plain facts about each case: its
applicant column, the date it was received (Art. 31; after a 补正 still the first receipt), the
date it was closed and its outcome (one result row), or no closing date while it is open.

The counting rule, for year Y (a case is *closed before a day* when its closing date is earlier):

* ``new_received``: received within Y;
* ``carried_over``: received before Y and not closed before 1 January of Y;
* each result row: closed within Y with that outcome; ``total_handled`` is their sum;
* ``carried_forward``: received by 31 December of Y and not closed by it.

Every case received by the end of Y and not closed before Y is counted once on the left of
rule 2 (``new_received`` + ``carried_over``) and once on the right (closed within Y, or
still open at its end), so rules 1–3 of the spec hold by construction, and Y's
``carried_forward`` is Y+1's ``carried_over`` (rule 5) as long as the cases do not change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .annual import model
from .deadline_events import Clock
from .outcomes import OutcomeError, applicant_column, get_outcome


class StatsError(ValueError):
    """A case whose facts cannot be counted; the message is for users (Chinese)."""


@dataclass(frozen=True)
class CaseFacts:
    """What the annual report needs to know about one application."""

    applicant: str  # an applicant column key, e.g. "natural_person"
    received: dt.date
    closed: dt.date | None = None
    outcome: str | None = None  # a result row key of the 2021 format, e.g. "withheld.state_secret"
    ref: str = ""  # the case's number, for error messages

    @classmethod
    def from_clock(cls, applicant: str, clock: Clock, ref: str = "") -> CaseFacts:
        """The facts of a case from its replayed clock (:func:`gongkai.rules.deadlines.compute_clock`
        with ``as_of`` = today, so that expired supplement and fee periods have closed it)."""
        if clock.received is None:
            raise StatsError(f"申请{ref}尚未确认收到日期，不计入统计")
        return cls(applicant, clock.received, clock.closed_on, clock.outcome, ref)


def _check(case: Any) -> tuple[str, dt.date, dt.date | None, str | None]:
    ref = getattr(case, "ref", "") or ""
    who = f"申请{ref}" if ref else "申请"
    try:
        column = applicant_column(case.applicant)
    except OutcomeError as exc:
        raise StatsError(f"{who}：{exc}") from None
    received, closed, outcome = case.received, case.closed, case.outcome or None
    if not isinstance(received, dt.date):
        raise StatsError(f"{who}缺少收到日期")
    if closed is not None:
        if not isinstance(closed, dt.date):
            raise StatsError(f"{who}的办结日期无效：{closed!r}")
        if closed < received:
            raise StatsError(f"{who}的办结日期{closed}早于收到日期{received}")
        if outcome is None:
            raise StatsError(f"{who}已于{closed}办结，但没有办理结果")
        try:
            get_outcome(outcome)
        except OutcomeError as exc:
            raise StatsError(f"{who}：{exc}") from None
    elif outcome is not None:
        raise StatsError(f"{who}有办理结果“{outcome}”，但没有办结日期")
    return column, received, closed, outcome


def tabulate(cases: Iterable[Any], year: int) -> dict[str, Any]:
    """The ``applications`` object (format 2021) for ``year``; every cell a written integer.

    ``cases``: :class:`CaseFacts` or any objects with the attributes ``applicant``,
    ``received``, ``closed`` and ``outcome`` (and optionally ``ref``).
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9998:
        raise StatsError(f"年份无效：{year!r}")
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table: dict[str, Any] = model.zero_report(model.FORMAT_2021)["applications"]

    def add(row: str, column: str) -> None:
        cells = model.require_row(table, row)
        cells[column] += 1
        cells[model.TOTAL] += 1

    for case in cases:
        column, received, closed, outcome = _check(case)
        if received > last or (closed is not None and closed < first):
            continue
        add("new_received" if received >= first else "carried_over", column)
        if closed is not None and closed <= last:
            if outcome is None:  # _check refuses a closed case without an outcome: a bug, not input
                raise RuntimeError("已办结的申请缺少办理结果")
            add(outcome, column)
            add("total_handled", column)
        else:
            add("carried_forward", column)
    return table
