"""The legal grounds a 区分处理 mark may carry, and the sentence of the reply letter that states them.

Art. 37 of the Regulation: where part of the information may not be disclosed and can be separated,
the agency provides the rest and *states the reasons for what it does not disclose*. The grounds are
those of a refusal (Art. 14, 15, 16), taken from the outcomes table (:mod:`gongkai.rules.outcomes`),
so a mark's ground and the report row of a refusal name the same article.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.rules.outcomes import OUTCOMES, REGULATION, Group


@dataclass(frozen=True)
class Ground:
    code: str  # the withheld.* row key, e.g. "withheld.third_party_rights"
    articles: str  # 第十五条、第三十二条
    name: str  # 保护第三方合法权益

    @property
    def label(self) -> str:
        return f"{self.articles}（{self.name}）"


# Art. 36 (七) (a register governed by another law) concerns a whole request, not a part of a file.
GROUNDS: tuple[Ground, ...] = tuple(
    Ground(o.code, "、".join(o.basis), o.name)
    for o in OUTCOMES
    if o.group == Group.WITHHELD and o.code != "withheld.administrative_query"
)
_BY_CODE = {g.code: g for g in GROUNDS}


def ground(code: str) -> Ground:
    """The ground of ``code``; :class:`KeyError` for a code that is not one."""
    return _BY_CODE[code]


def ground_choices() -> list[tuple[str, str]]:
    return [(g.code, g.label) for g in GROUNDS]


@dataclass(frozen=True)
class Withheld:
    """What a file's redaction removed, per ground: how many areas and on which pages (from 1)."""

    code: str
    count: int
    pages: tuple[int, ...]


def summarise(marks: Iterable[Mapping[str, object]]) -> list[Withheld]:
    """Count ``marks`` (dicts with ``page`` from 0 and ``ground``) per ground, in the order of
    :data:`GROUNDS`; marks without a known ground are counted under ``""``."""
    counts: dict[str, int] = {}
    pages: dict[str, set[int]] = {}
    for m in marks:
        code = str(m.get("ground") or "")
        code = code if code in _BY_CODE else ""
        counts[code] = counts.get(code, 0) + 1
        page = m.get("page")
        pages.setdefault(code, set()).add((page if isinstance(page, int) else 0) + 1)
    order = [g.code for g in GROUNDS] + [""]
    return [Withheld(c, counts[c], tuple(sorted(pages[c]))) for c in order if c in counts]


def _pages(pages: tuple[int, ...]) -> str:
    return "、".join(f"第{p}页" for p in pages)


def explanation(files: Iterable[tuple[str, list[Withheld]]]) -> tuple[str, str]:
    """(``withheld``, ``reasons``) of the reply letter's 区分处理 paragraph for the redacted
    ``files`` (name, summary): what was withheld, and each ground with its article.
    Empty strings when nothing was redacted."""
    parts, reasons = [], []
    for name, summary in files:
        total = sum(w.count for w in summary)
        if not total:
            continue
        where = _pages(tuple(sorted({p for w in summary for p in w.pages})))
        parts.append(f"《{name}》{where}中以黑框删除的{total}处内容")
        for w in summary:
            if w.code:
                g = _BY_CODE[w.code]
                reasons.append(
                    f"《{name}》{_pages(w.pages)}中的{w.count}处（{g.name}），"
                    f"依据{REGULATION}{g.articles}的规定不予公开"
                )
            else:
                reasons.append(f"《{name}》{_pages(w.pages)}中的{w.count}处【请填写：不予公开的理由及依据】")
    return "、".join(parts), "；".join(reasons)
