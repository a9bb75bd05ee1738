"""The information-processing fee (信息处理费) of Art. 42 and 《政府信息公开信息处理费管理办法》
(国办函〔2020〕109号).

As a rule no fee is charged (Art. 42 ¶1). Where the volume or frequency of an applicant's requests
clearly exceeds a reasonable range, the agency may charge by item (按件计收) or by volume (按量计收)
— one method per application, never both — and each tier's rate applies only to the part that
falls in that tier (超额累进):

* by item, per applicant per calendar month: items 1–10 free; 11–30 at 100 yuan each; from item 31
  each further block of 10 costs 100 yuan more per item (31–40 at 200, 41–50 at 300, …);
* by volume, per application: pages 1–30 free; 31–100 at 10 yuan a page; 101–200 at 20 yuan a page;
  from page 201 at 40 yuan a page.

The fee notice (收费通知) states the basis, rate and amount: :attr:`Fee.lines` is its breakdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

BASIS = (
    "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
)


class FeeError(ValueError):
    """Bad input to the fee computation; the message is for users (Chinese)."""


class FeeMethod(StrEnum):
    ITEM = "item"
    VOLUME = "volume"

    @property
    def label(self) -> str:
        return {"item": "按件计收", "volume": "按量计收"}[self.value]

    @property
    def unit(self) -> str:
        return {"item": "件", "volume": "页"}[self.value]


@dataclass(frozen=True)
class FeeLine:
    """The part of the quantity in one tier: units ``first``..``last`` at ``rate`` yuan each."""

    first: int
    last: int
    rate: int
    unit: str

    @property
    def units(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.units * self.rate

    def __str__(self) -> str:
        span = (
            f"第{self.first}{self.unit}"
            if self.first == self.last
            else f"第{self.first}—{self.last}{self.unit}"
        )
        if self.rate == 0:
            return f"{span}：{self.units}{self.unit}，免费"
        return f"{span}：{self.units}{self.unit} × {self.rate}元 = {self.amount}元"


@dataclass(frozen=True)
class Fee:
    method: FeeMethod
    quantity: int
    lines: tuple[FeeLine, ...]

    @property
    def amount(self) -> int:
        """The fee in yuan (an integer: every rate is a whole number of yuan)."""
        return sum(line.amount for line in self.lines)

    def explain(self) -> list[str]:
        """The breakdown for the fee notice, one line per tier and the total, in Chinese."""
        head = f"{self.method.label}，共{self.quantity}{self.method.unit}（依据{BASIS}）"
        return [head, *(str(line) for line in self.lines), f"合计：{self.amount}元"]


# (first unit of the tier, rate in yuan); a tier runs up to the unit before the next tier's first.
_VOLUME_TIERS = ((1, 0), (31, 10), (101, 20), (201, 40))


def _item_rate(n: int) -> int:
    """The rate of the n-th item of a calendar month (1-based)."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 * ((n - 31) // 10 + 2)


def _item_tiers(count: int) -> list[tuple[int, int]]:
    tiers = [(1, 0), (11, 100)]
    first = 31
    while first <= count:
        tiers.append((first, _item_rate(first)))
        first += 10
    return tiers


def _lines(
    tiers: list[tuple[int, int]] | tuple[tuple[int, int], ...], quantity: int, unit: str
) -> tuple[FeeLine, ...]:
    out = []
    for i, (first, rate) in enumerate(tiers):
        if first > quantity:
            break
        last = tiers[i + 1][0] - 1 if i + 1 < len(tiers) else quantity
        out.append(FeeLine(first, min(last, quantity), rate, unit))
    return tuple(out)


def _check_quantity(quantity: object, what: str) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise FeeError(f"{what}应为正整数，收到：{quantity!r}")
    if quantity < 1:
        raise FeeError(f"{what}应为正整数（至少为1），收到：{quantity}")
    return quantity


def fee_by_item(count: int) -> Fee:
    """The by-item fee for the ``count``-th application of one applicant in one calendar month
    together with all earlier ones, i.e. the total due for ``count`` applications that month."""
    count = _check_quantity(count, "申请件数")
    return Fee(FeeMethod.ITEM, count, _lines(_item_tiers(count), count, "件"))


def fee_by_volume(pages: int) -> Fee:
    """The by-volume fee for one application of ``pages`` pages (A4 or equivalent)."""
    pages = _check_quantity(pages, "页数")
    return Fee(FeeMethod.VOLUME, pages, _lines(_VOLUME_TIERS, pages, "页"))


def compute_fee(method: str, quantity: int) -> Fee:
    """Either method by name (``"item"`` or ``"volume"``): one method per application."""
    try:
        m = FeeMethod(method)
    except ValueError:
        raise FeeError(
            f"计收方式“{method}”无效，应为 item（按件计收）或 volume（按量计收），二者不得同时适用"
        ) from None
    return fee_by_item(quantity) if m is FeeMethod.ITEM else fee_by_volume(quantity)


def item_fee_for_application(earlier_this_month: int) -> Fee:
    """The by-item fee attributable to one further application when the applicant already filed
    ``earlier_this_month`` applications in the same calendar month: the increase of the
    month's progressive total."""
    if (
        isinstance(earlier_this_month, bool)
        or not isinstance(earlier_this_month, int)
        or earlier_this_month < 0
    ):
        raise FeeError(f"本月此前申请件数应为非负整数，收到：{earlier_this_month!r}")
    n = earlier_this_month + 1
    return Fee(FeeMethod.ITEM, 1, (FeeLine(n, n, _item_rate(n), "件"),))
