"""Column widths of a plain table from its content, for printed tables (a 通报's lists, a
检查表) — the automatic layout of a browser table, in ems of the table's font.

A column whose every cell is a figure, a date, a short code or a short word (部门, 未公布) is
*fixed*: it keeps exactly its content's (or header's) width, never broken. The other, *text*
columns (agency names, addresses) share the room left: each at least its header and up to
``text_min`` ems of its content (an agency's name on one line where it fits), then the rest in
proportion to what they would need unbroken. When the room left is less than those minimums,
the text columns share it by their minimums (they wrap onto more lines); only when not even the
fixed columns fit is every column scaled down alike. The widths always add up to ``total`` (a
page's printable width).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

PADDING = 1.4  # ems: a cell's left and right margins (Word: 0.19 cm each side) and some slack
SHORT_WORD = 4.0  # ems: a word this short (部门, 未公布) is not broken
_UNBREAKABLE = re.compile(r"^[0-9A-Za-z.,:/%+\-－—]{1,12}$")  # figures, dates, short codes


def _char(c: str) -> float:
    if unicodedata.east_asian_width(c) in "WF":
        return 1.0  # 汉字 and full-width forms
    if c.isdigit() or c in "_#$*+<=>?~":
        return 0.5
    if c.isupper() or c in "%&@MW":
        return 0.7
    if c.islower():
        return 0.48
    return 0.3  # . , : ; / - ( ) ' " space …


def text_width(text: str) -> float:
    """The printed width in ems (a proportional Latin font: digits ½, lower case a little less,
    punctuation about a third; full-width characters 1) — an upper bound, not a typesetter."""
    return sum(map(_char, text))


def _unbreakable(text: str) -> bool:
    """A figure, a date, a short code, or a short word (部门, 未公布): kept on one line."""
    return bool(_UNBREAKABLE.match(text)) or (
        text_width(text) <= SHORT_WORD and not any(c.isspace() for c in text)
    )


def _fixed(values: Sequence[str]) -> bool:
    """A column of figures, dates, codes or short words (every filled cell unbreakable)."""
    filled = [v.strip() for v in values if v.strip()]
    return bool(filled) and all(map(_unbreakable, filled))


def fit_columns(
    headers: Sequence[str], rows: Sequence[Sequence[str]], total: float, *, text_min: float = 12.0
) -> list[float]:
    """Widths (ems, summing to ``total``) of the columns of ``headers`` and ``rows``."""
    n = len(headers)
    columns = [[str(r[i]) for r in rows] for i in range(n)]
    natural = [
        max([text_width(h), *map(text_width, c)]) + PADDING for h, c in zip(headers, columns, strict=True)
    ]
    fixed = [_fixed(c) for c in columns]
    flexible = [i for i in range(n) if not fixed[i]]
    if not flexible:  # figures only: each its own width, the room left shared by width
        return [w * total / sum(natural) for w in natural]
    minimum = {
        i: max(text_width(headers[i]) + PADDING, min(natural[i], text_min + PADDING)) for i in flexible
    }
    room = total - sum(natural[i] for i in range(n) if fixed[i])
    if room < sum(text_width(headers[i]) + PADDING for i in flexible):  # not even that fits
        return [w * total / sum(natural) for w in natural]
    widths = list(natural)
    floor = sum(minimum.values())
    if floor >= room:  # the text columns share what the figures leave, by their minimums
        for i in flexible:
            widths[i] = room * minimum[i] / floor
        return widths
    wanted = sum(natural[i] - minimum[i] for i in flexible)
    if wanted >= room - floor:  # they share the room left by what they would need unbroken
        for i in flexible:
            widths[i] = minimum[i] + (room - floor) * (natural[i] - minimum[i]) / wanted
        return widths
    extra = room - sum(natural[i] for i in flexible)  # all fits unbroken: the rest to the text
    base = sum(natural[i] for i in flexible)
    for i in flexible:
        widths[i] = natural[i] + extra * natural[i] / base
    return widths
