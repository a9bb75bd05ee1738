"""政民互动 as code: the kinds of a message, their deadlines, the clock of 人大代表建议/政协委员提案,
the single-veto rule of the site inspection, and the figures supervisors score. Pure: no Django.

Sources of the numbers (see docs/interaction.md):

* No national rule fixes how fast a 领导信箱/留言板 message is answered; each agency sets its own.
  The defaults below are those of the issue this module answers (咨询 5, 求助 10, 建议 10, 投诉 15,
  举报 15, 其他 10 working days), in line with common practice such as the Guangdong 12345 rules
  (咨询 2, 求助/建议 10, 投诉/举报 15 working days); every box may set its own.
* 国办秘函〔2019〕19号 (政府网站与政务新媒体检查指标): a valid message on a consultation channel
  left unanswered for **more than 3 months** is a single veto (单项否决).
* 人大代表建议 and 政协委员提案: answered within **3 months** of assignment, one extension of
  **1 month** with approval; 会办 units send their opinion within **1 month**; a wrongly assigned item
  is returned within **10 days** (the common rule of the 建议提案办理办法 of provinces and cities,
  e.g. 《国务院办公厅关于做好全国人大代表建议和全国政协委员提案办理工作的通知》 practice).
* Publication of 复文 on public-interest matters: 国办发〔2014〕46号.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .calendar import HolidayTable


class Kind(StrEnum):
    CONSULT = "consult"
    HELP = "help"
    SUGGEST = "suggest"
    COMPLAIN = "complain"
    REPORT = "report"
    OTHER = "other"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.CONSULT: "咨询",
    Kind.HELP: "求助",
    Kind.SUGGEST: "建议",
    Kind.COMPLAIN: "投诉",
    Kind.REPORT: "举报",
    Kind.OTHER: "其他",
}
KIND_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()}

# Working days to answer, per kind (a box may override any of them).
DEFAULT_DEADLINES: dict[Kind, int] = {
    Kind.CONSULT: 5,
    Kind.HELP: 10,
    Kind.SUGGEST: 10,
    Kind.COMPLAIN: 15,
    Kind.REPORT: 15,
    Kind.OTHER: 10,
}
MAX_DEADLINE_DAYS = 60


class Source(StrEnum):
    MAILBOX = "mailbox"
    HOTLINE = "hotline"
    PROPOSAL = "proposal"

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS = {Source.MAILBOX: "信箱/留言", Source.HOTLINE: "12345热线", Source.PROPOSAL: "建议提案"}

# Why a message is not accepted (无效留言); the writer sees the reason.
INVALID_REASONS = ("重复留言", "无实质内容", "含辱骂等不文明内容", "不属于受理范围")

RATINGS = ("满意", "基本满意", "不满意")
HOTLINE_RATINGS = (*RATINGS, "未评价")
SATISFIED = ("满意", "基本满意")
MAX_REOPENS = 1  # one 不满意 may reopen the case once (回访/二次办理)

VETO_MONTHS = 3
PROPOSAL_MONTHS = 3
PROPOSAL_EXTENSION_MONTHS = 1
COHANDLER_MONTHS = 1
WRONG_ASSIGNMENT_DAYS = 10

PROPOSAL_CLASSES = {"A": "解决或采纳", "B": "列入计划解决", "C": "留作参考"}


class DeadlineError(ValueError):
    """A deadline setting that cannot be used; the message is for users (Chinese)."""


def deadline_days(kind: str, overrides: Mapping[str, int] | None = None) -> int:
    """Working days to answer a message of ``kind``: the box's own setting, else the default."""
    try:
        k = Kind(kind)
    except ValueError:
        raise DeadlineError(f"未知的留言类型“{kind}”") from None
    days = (overrides or {}).get(k.value)
    return int(days) if days else DEFAULT_DEADLINES[k]


def check_deadlines(overrides: Mapping[str, object]) -> dict[str, int]:
    """Validate a box's deadline settings ({kind: working days}); Chinese errors."""
    out: dict[str, int] = {}
    for key, value in overrides.items():
        if key not in Kind._value2member_map_:
            raise DeadlineError(f"未知的留言类型“{key}”")
        try:
            days = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            raise DeadlineError(f"{Kind(key).label}的办理时限应为整数个工作日") from None
        if not 1 <= days <= MAX_DEADLINE_DAYS:
            raise DeadlineError(f"{Kind(key).label}的办理时限应在1至{MAX_DEADLINE_DAYS}个工作日之间")
        out[key] = days
    return out


def due_date(
    received: dt.date, kind: str, table: HolidayTable, overrides: Mapping[str, int] | None = None
) -> dt.date:
    """The answer is due N working days after receipt (the receipt day not counted). A transfer
    (转办) keeps the original receipt date, so the receiving agency inherits the same clock."""
    return table.add_workdays(received, deadline_days(kind, overrides))


def explain_due(
    received: dt.date, kind: str, table: HolidayTable, overrides: Mapping[str, int] | None = None
) -> str:
    days = deadline_days(kind, overrides)
    return f"{received:%Y-%m-%d}收到 + {days}个工作日（{Kind(kind).label}）= {due_date(received, kind, table, overrides):%Y-%m-%d}"


def urgency(workdays_left: int | None) -> str:
    """Queue colour: overdue, soon (≤ 2 working days left), ok."""
    if workdays_left is None:
        return ""
    if workdays_left < 0:
        return "overdue"
    return "soon" if workdays_left <= 2 else "ok"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def unanswered_too_long(received: dt.date, today: dt.date) -> bool:
    """国办秘函〔2019〕19号: a valid message unanswered for more than 3 months is a single veto."""
    return today > add_months(received, VETO_MONTHS)


# -- 人大代表建议 / 政协委员提案 ------------------------------------------------------------------


def proposal_due(assigned: dt.date, extended: bool = False) -> dt.date:
    """3 months from assignment; one approved extension adds 1 month."""
    return add_months(assigned, PROPOSAL_MONTHS + (PROPOSAL_EXTENSION_MONTHS if extended else 0))


def cohandler_due(assigned: dt.date) -> dt.date:
    """会办 units send their opinion to the 主办单位 within 1 month of assignment."""
    return add_months(assigned, COHANDLER_MONTHS)


def return_deadline(assigned: dt.date) -> dt.date:
    """A wrongly assigned item goes back within 10 days of assignment (calendar days)."""
    return assigned + dt.timedelta(days=WRONG_ASSIGNMENT_DAYS)


def proposal_summary(total: int, on_time: int, closed: int, published: int) -> str:
    """The yearly sentence of an agency's 建议提案 work, e.g.
    "交办建议提案29件，已办结29件，按时办结率100%，全部公开。"."""
    if not total:
        return "本年未承办人大代表建议和政协委员提案。"
    rate = percent(on_time, closed)
    parts = [f"交办建议提案{total}件", f"已办结{closed}件"]
    if closed:
        parts.append(f"按时办结率{rate}")
    if published and published == closed:
        parts.append("全部公开")
    elif published:
        parts.append(f"公开{published}件")
    return "，".join(parts) + "。"


# -- figures ------------------------------------------------------------------------------------


def percent(num: int, den: int) -> str:
    """ "97.5%" with at most one decimal; "—" when nothing to divide by."""
    if not den:
        return "—"
    value = round(num * 100 / den, 1)
    return f"{value:g}%"


def ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


@dataclass
class Counts:
    """Raw counts of one group of cases (one source and kind, or a total)."""

    received: int = 0
    accepted: int = 0
    closed: int = 0
    closed_on_time: int = 0
    workdays_sum: int = 0
    workdays_n: int = 0
    rated: int = 0
    satisfied: int = 0
    overdue_now: int = 0

    def add(self, other: Counts) -> Counts:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


FIGURE_KEYS = (
    "received",
    "accepted",
    "closed",
    "closed_rate",
    "on_time_rate",
    "avg_workdays",
    "satisfaction_rate",
    "overdue_now",
)
FIGURE_LABELS = {
    "received": "收到",
    "accepted": "受理",
    "closed": "办结",
    "closed_rate": "办结率",
    "on_time_rate": "按期办结率",
    "avg_workdays": "平均用时（工作日）",
    "satisfaction_rate": "满意率",
    "overdue_now": "当前超期",
}


def figures(c: Counts) -> dict[str, float | int | None]:
    """办结率 = closed / accepted; 按期办结率 = closed within the deadline / closed; average working
    days from receipt to reply; 满意率 = (满意 + 基本满意) / rated; overdue now = open past due."""
    return {
        "received": c.received,
        "accepted": c.accepted,
        "closed": c.closed,
        "closed_rate": ratio(c.closed, c.accepted),
        "on_time_rate": ratio(c.closed_on_time, c.closed),
        "avg_workdays": round(c.workdays_sum / c.workdays_n, 1) if c.workdays_n else None,
        "satisfaction_rate": ratio(c.satisfied, c.rated),
        "overdue_now": c.overdue_now,
    }


@dataclass
class Table:
    """Counts per (source, kind), with the totals per source and overall."""

    groups: dict[tuple[str, str], Counts] = field(default_factory=dict)

    def add(self, source: str, kind: str, counts: Counts) -> None:
        self.groups.setdefault((source, kind), Counts()).add(counts)

    def by_source(self) -> dict[str, Counts]:
        out: dict[str, Counts] = {}
        for (source, _kind), c in self.groups.items():
            out.setdefault(source, Counts()).add(c)
        return out

    def total(self) -> Counts:
        out = Counts()
        for c in self.groups.values():
            out.add(c)
        return out

    def as_json(self) -> dict[str, Any]:
        """{"total": {...}, "sources": {source: {"total": {...}, "kinds": {kind: {...}}}}}."""
        sources: dict[str, dict[str, Any]] = {}
        for source, c in sorted(self.by_source().items()):
            kinds = {
                kind: figures(k)
                for (s, kind), k in sorted(self.groups.items(), key=_kind_order)
                if s == source
            }
            sources[source] = {
                "label": SOURCE_LABELS.get(Source(source), source)
                if source in Source._value2member_map_
                else source,
                "total": figures(c),
                "kinds": kinds,
            }
        return {"total": figures(self.total()), "sources": sources}


def _kind_order(item: tuple[tuple[str, str], Counts]) -> tuple[int, str]:
    kind = item[0][1]
    order = list(Kind._value2member_map_)
    return (order.index(kind) if kind in order else len(order), kind)


def rank(rows: Iterable[tuple[str, Counts]]) -> list[dict[str, Any]]:
    """Agencies ranked by 按期办结率, then 满意率, then 办结率 (a missing rate counts last)."""
    out = [{"agency": name, **figures(c)} for name, c in rows]

    def key(r: dict[str, Any]) -> tuple[float, ...]:
        return tuple(
            -(r[k] if r[k] is not None else -1) for k in ("on_time_rate", "satisfaction_rate", "closed_rate")
        )

    out.sort(key=lambda r: (key(r), r["agency"]))
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return out


def year_sentence(c: Counts, what: str) -> str:
    """One generated sentence of the annual report's section 一 for one source, e.g.
    "本年收到12345热线工单120件，受理120件，办结118件，办结率98.3%，按期办结率97.5%，平均4.2个工作日答复，满意率96%。"."""
    if not c.received:
        return f"本年未收到{what}。"
    f = figures(c)
    parts = [f"本年收到{what}{c.received}件", f"受理{c.accepted}件", f"办结{c.closed}件"]
    if c.accepted:
        parts.append(f"办结率{percent(c.closed, c.accepted)}")
    if c.closed:
        parts.append(f"按期办结率{percent(c.closed_on_time, c.closed)}")
    if f["avg_workdays"] is not None:
        parts.append(f"平均{f['avg_workdays']:g}个工作日答复")
    if c.rated:
        parts.append(f"满意率{percent(c.satisfied, c.rated)}")
    return "，".join(parts) + "。"
