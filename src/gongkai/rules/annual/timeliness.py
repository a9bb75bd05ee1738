"""When an annual report is due and whether it was published late (年度报告公布时限).

Art. 49 of the Regulation (国务院令第711号): the departments of people's governments at and above
the county level publish their report on the previous year by **31 January**, people's governments
at every level by **31 March** of the following year. A report published on the last day is on
time. Pure Python, no Django import.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

__all__ = [
    "DEPARTMENT",
    "GOVERNMENT",
    "AgencyType",
    "agency_type",
    "days_late",
    "is_late",
    "publication_deadline",
]

AgencyType = Literal["部门", "政府"]
DEPARTMENT: AgencyType = "部门"
GOVERNMENT: AgencyType = "政府"

# How agency lists and the platform write the two kinds.
_NAMES: dict[str, AgencyType] = {
    "部门": DEPARTMENT,
    "政府部门": DEPARTMENT,
    "工作部门": DEPARTMENT,
    "department": DEPARTMENT,
    "政府": GOVERNMENT,
    "人民政府": GOVERNMENT,
    "government": GOVERNMENT,
}


def agency_type(label: str) -> AgencyType:
    """``部门`` or ``政府`` from the way a list writes it (部门, 政府, 人民政府, department …).

    Raises ``ValueError`` with a Chinese message for anything else (Art. 49 knows only these two).
    """
    value = _NAMES.get(label.strip())
    if value is None:
        raise ValueError(f"机关类型应为“政府”或“部门”（第四十九条），实为“{label.strip()}”")
    return value


def publication_deadline(kind: str, year: int) -> date:
    """The last day to publish the report on ``year`` (Art. 49): 31 January of ``year + 1`` for a
    department, 31 March of ``year + 1`` for a people's government."""
    if agency_type(kind) == GOVERNMENT:
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


def days_late(kind: str, year: int, published_on: date | None) -> int | None:
    """Days after the Art. 49 deadline the report was published (0 when on time); ``None`` when
    the publication date is unknown."""
    if published_on is None:
        return None
    return max(0, (published_on - publication_deadline(kind, year)).days)


def is_late(kind: str, year: int, published_on: date | None) -> bool | None:
    """Whether the report on ``year`` was published after the Art. 49 deadline; ``None`` when the
    publication date is unknown (a page without 发布日期 cannot prove lateness either way)."""
    late = days_late(kind, year, published_on)
    return None if late is None else late > 0
