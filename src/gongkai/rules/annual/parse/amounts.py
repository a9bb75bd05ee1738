"""A count glued to its amount (采购项目数量与采购总金额连写).

Section 二's 政府集中采购 row (2019 format, 第二十条第（九）项) has two cells: 采购项目数量, a count,
and 采购总金额, money as written (``73802895.90元``, ``7539.44万元``). Text extraction often glues
them: ``39573802895.90元`` is 395 and ``73802895.90元`` — or 3 and ``9573802895.90元``, or 39 and
…; the text alone cannot tell. Only the form of the two cells may decide:

- a count has no leading zero unless it is 0 (``075394432.52元`` → 0 and ``75394432.52元``);
- an amount has no leading zero before its decimal point unless it is below 1, and when written
  with thousands separators its first group has one to three digits
  (``13575,394,432.52元``: the count is 13, 135 or 1357);
- a count may be blank and vanish from glued text, so the whole run read as the amount is one
  more possible reading whenever it is a valid amount.

One reading left: the cells are filled (with a note saying how). Several: both cells are blank
with a warning listing them — a wrong number is worse than a blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.rules.annual.parse.pieces import strip_annotations

# A run of digits ending in an amount: decimals and/or a unit, separators allowed.
_RUN = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)?")
_GROUPED = re.compile(r"^(?:0|[1-9]\d{0,2})(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
_COUNT = re.compile(r"^(?:0|[1-9]\d*)$")
MAX_LISTED = 3


@dataclass
class GluedAmount:
    """How a glued count-and-amount cell was read: the two values (None: undecided) and a note."""

    projects: int | None
    total_amount: str | None
    message: str


def _amount_ok(text: str) -> bool:
    return bool(_GROUPED.match(text) if "," in text else _PLAIN.match(text))


def readings(run: str, unit: str) -> list[tuple[int | None, str]]:
    """Every (count, amount) the run of digits can be: the count a prefix, the amount the rest."""
    out: list[tuple[int | None, str]] = []
    if _amount_ok(run):
        out.append((None, run.replace(",", "") + unit))  # the count left blank and lost
    integer = run.split(".", 1)[0]
    for cut in range(1, len(integer)):
        count, amount = run[:cut], run[cut:]
        if "," in count or not _COUNT.match(count) or not _amount_ok(amount):
            continue
        out.append((int(count), amount.replace(",", "") + unit))
    return out


def read_glued_amount(raw: str) -> GluedAmount | None:
    """The 采购 row's two cells when its value text is one run of digits ending in an amount.

    ``None`` when the text is anything else (two numbers apart, no amount form, no number): the
    ordinary cell reading applies.
    """
    text = strip_annotations(raw)
    runs = list(_RUN.finditer(text))
    if len(runs) != 1:
        return None
    m = runs[0]
    run, unit = m.group(1).rstrip(","), m.group(2) or ""
    if "." not in run and not unit:
        return None  # not the form of money: counts glued together are read elsewhere
    options = readings(run, unit)
    written = m.group(0).strip()
    if len(options) == 1:
        count, amount = options[0]
        if count is None:
            return None  # the whole run is the amount: the count cell is blank, read as usual
        return GluedAmount(
            count,
            amount,
            f"采购项目数量与采购总金额连写（“{written}”），按数量与金额的格式只能拆为{count}和{amount}",
        )
    if not options:
        return GluedAmount(None, None, f"“{written}”不是有效的采购项目数量与采购总金额，两格记为空")
    listed = "；".join(f"数量{'空白' if c is None else c}、金额{a}" for c, a in options[:MAX_LISTED]) + (
        "……" if len(options) > MAX_LISTED else ""
    )
    return GluedAmount(
        None,
        None,
        f"采购项目数量与采购总金额连写（“{written}”），分界无法确定（可能为{listed}，共{len(options)}种），两格记为空",
    )
