"""Year-over-year changes of an agency's key figures (同比变化), for a supervisor's review.

Rule 5 of the 勾稽 checks (:func:`gongkai.rules.annual.checks.check_carry_over`) ties this year's
上年结转 to last year's 结转下年度继续办理. Beside it a supervisor looks at the key figures that
moved more than a threshold between the two years' reports (Art. 50 requires the same figures every
year, so a jump is either real or an error worth a question). Pure Python, no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .figures import FIGURES, key_figures

__all__ = ["Change", "DEFAULT_THRESHOLD", "MIN_BASE", "changes"]

DEFAULT_THRESHOLD = 0.5  # ±50 %
MIN_BASE = 10  # below this a change of a few cases is noise, not a jump
_LABELS = dict(FIGURES)
_COMPARED = (
    "new_received",
    "total_handled",
    "granted",
    "withheld",
    "not_processed",
    "reconsideration",
    "litigation",
    "normative_issued",
)


@dataclass(frozen=True)
class Change:
    figure: str  # a key of FIGURES
    label: str  # its Chinese name
    before: int | float
    after: int | float
    ratio: float  # (after − before) ÷ before

    def __str__(self) -> str:
        sign = "增加" if self.after > self.before else "减少"
        return f"{self.label}由{self.before}{sign}至{self.after}（{self.ratio:+.0%}）"


def changes(
    previous: dict[str, Any],
    current: dict[str, Any],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_base: int = MIN_BASE,
) -> list[Change]:
    """Key figures whose relative change from ``previous`` to ``current`` exceeds ``threshold``
    (0.5 = 50 %). A figure blank in either year, or under ``min_base`` in both, is not compared."""
    if threshold < 0:
        raise ValueError("变化幅度阈值不能为负数")
    before, after = key_figures(previous), key_figures(current)
    out: list[Change] = []
    for key in _COMPARED:
        b, a = before.get(key), after.get(key)
        if not isinstance(b, (int, float)) or not isinstance(a, (int, float)):
            continue
        if max(b, a) < min_base:
            continue
        ratio = (a - b) / b if b else float("inf")
        if abs(ratio) > threshold:
            out.append(Change(key, _LABELS[key], b, a, ratio))
    return out
