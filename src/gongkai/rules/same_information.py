"""Whether two applications ask for the same information, and the groups of Art. 44.

《中华人民共和国政府信息公开条例》第四十四条: 多个申请人就相同政府信息向同一行政机关提出公开申请，且该政府
信息属于可以公开的，行政机关可以纳入主动公开的范围。

Two requests ask for the same information (:func:`same_information`) when

1. both name a 文号 and the two are the same document number once normalised
   (``鄂民发[2024]3号`` = ``鄂民发〔2024〕3号``: :func:`gongkai.rules.numbers.normalize_document_number`); or
2. their subjects (the information's name where given, else the description) are similar:
   the **Jaccard index of their character bigrams** is at least :data:`THRESHOLD` (0.5), after
   :func:`normalise` (NFKC, lower case, punctuation and spaces removed, and the words every request
   shares — 申请, 公开, 贵局, 关于, 的, 信息 … — dropped), **and** they contain the same numbers
   (years, amounts, serials: “2023年部门决算” and “2024年部门决算” differ in one character
   only, but are different information).

Bigrams suit Chinese, which has no spaces between words: “低保资金发放情况” and “低保资金的发放情况”
share every bigram but one. A run of Latin letters or digits counts as one token, not as bigrams.

The threshold 0.5 was set on pairs written the way applicants write (tests in
``rules/tests/test_same_information.py``): the same information described in other words scores
0.5–0.9, different information of the same agency (another year, another fund) below 0.4.

:func:`groups` finds the Art. 44 groups among an agency's applications: the same information asked
at least :data:`MIN_REQUESTS` (3) times within :data:`WINDOW_DAYS` (365 days, "12 months"), by at
least :data:`MIN_APPLICANTS` (2) different applicants (Art. 44: 多个申请人; one applicant asking
again is a repeat, Art. 36(六)). Similarity joins transitively (A like B, B like C: one group).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gongkai.rules.numbers import NumberError, normalize_document_number

THRESHOLD = 0.5
MIN_REQUESTS = 3
MIN_APPLICANTS = 2
WINDOW_DAYS = 365

# Words nearly every request contains, which say nothing about which information is asked for.
# Longest first, so that "政府信息" goes before "信息".
_FILLER = sorted(
    [
        "申请公开",
        "请求公开",
        "要求公开",
        "依申请公开",
        "政府信息",
        "信息公开",
        "申请",
        "请求",
        "要求",
        "公开",
        "提供",
        "获取",
        "查阅",
        "贵局",
        "贵厅",
        "贵委",
        "贵办",
        "贵单位",
        "贵机关",
        "你局",
        "你单位",
        "本人",
        "我们",
        "我",
        "请",
        "关于",
        "有关",
        "相关",
        "的",
        "信息",
        "文件",
        "情况",
        "全文",
        "内容",
    ],
    key=len,
    reverse=True,
)
_FILLER_RE = re.compile("|".join(map(re.escape, _FILLER)))
_KEEP = re.compile(r"[0-9a-z]+|[^\W\d_a-z]", re.UNICODE)  # a run of digits/Latin, or one other letter
_NUMBER = re.compile(r"\d+")


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters → ASCII), lower case, filler words and everything that
    is not a letter or digit removed, 年度 read as 年: “请公开贵局《2024年度 部门决算》。” → “2024年部门决算”."""
    return "".join(tokens(text))


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower().replace("年度", "年")
    return _FILLER_RE.sub(" ", text)


def tokens(text: str) -> list[str]:
    """The normalised text as tokens: each run of digits or Latin letters whole, each other character alone."""
    return _KEEP.findall(_clean(text))


def bigrams(text: str) -> frozenset[str]:
    """The set of adjacent token pairs of :func:`tokens` (a one-token text: that token)."""
    toks = tokens(text)
    if len(toks) == 1:
        return frozenset(toks)
    return frozenset(a + "\u0001" + b for a, b in zip(toks, toks[1:], strict=False))


def numbers(text: str) -> frozenset[str]:
    """The numbers in the text, without leading zeros (years, serials, amounts)."""
    norm = unicodedata.normalize("NFKC", text or "")
    return frozenset(n.lstrip("0") or "0" for n in _NUMBER.findall(norm))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 0 for two empty sets (nothing to compare is not a match)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def similarity(a: str, b: str) -> float:
    """The bigram Jaccard index of two subjects (0–1); 0 when their numbers differ."""
    if numbers(a) != numbers(b):
        return 0.0
    return jaccard(bigrams(a), bigrams(b))


def document_number_key(text: str) -> str:
    """The 文号 in its stored form (〔〕, no spaces), or empty when there is none or it cannot be read."""
    if not (text or "").strip():
        return ""
    try:
        return normalize_document_number(text)
    except NumberError:
        return ""


@dataclass(frozen=True)
class Request:
    """One application as the rule sees it: its id, the day received, who asked (a key, never a
    name), what (the subject: the information's name, else the description) and the 文号 if given."""

    id: int
    received: dt.date
    applicant: str
    subject: str
    document_number: str = ""


def subject_of(title: str, description: str) -> str:
    """What a request is about: the name of the information where the applicant gave one, else the description."""
    return title.strip() or description.strip()


def same_information(a: Request, b: Request, threshold: float = THRESHOLD) -> bool:
    """Whether two requests ask for the same information (the 文号, else the subjects' similarity)."""
    ka, kb = document_number_key(a.document_number), document_number_key(b.document_number)
    if ka and kb:
        return ka == kb
    return similarity(a.subject, b.subject) >= threshold


@dataclass(frozen=True)
class Group:
    """A group of Art. 44: requests for the same information, oldest first."""

    requests: tuple[Request, ...]
    subject: str
    document_number: str = ""
    applicants: int = 0
    ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def first(self) -> dt.date:
        return self.requests[0].received

    @property
    def last(self) -> dt.date:
        return self.requests[-1].received


class _Sets:
    """Union-find over request indexes."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _pairs(reqs: Sequence[Request], threshold: float, sets: _Sets) -> Iterable[tuple[int, int]]:
    """Pairs of indexes asking for the same information.

    By 文号: requests naming the same one. By subject: only requests with the same numbers can match
    (:func:`similarity`), so they are compared within those buckets, and there with **prefix
    filtering** (Bayardo et al., "Scaling up all pairs similarity search", 2007): with bigrams
    ordered rarest first, two sets of Jaccard index ≥ t share at least one of the first
    ``|A| − ⌈t·|A|⌉ + 1`` bigrams of each, so only requests sharing such a bigram are compared
    exactly, and not at all when they are already in one group (``sets``). The groups equal those
    of comparing every pair (tested), in far less time for an agency's year.
    """
    by_number: dict[str, list[int]] = defaultdict(list)
    keys = [document_number_key(r.document_number) for r in reqs]
    for i, key in enumerate(keys):
        if key:
            by_number[key].append(i)
    for members in by_number.values():
        yield from ((members[0], j) for j in members[1:])
    grams = [bigrams(r.subject) for r in reqs]
    buckets: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, r in enumerate(reqs):
        if grams[i]:
            buckets[numbers(r.subject)].append(i)
    for members in buckets.values():
        frequency = Counter(g for i in members for g in grams[i])
        index: dict[str, list[int]] = defaultdict(list)
        # Smaller sets first: a set meets in the index only those not larger than itself.
        for i in sorted(members, key=lambda k: len(grams[k])):
            ordered = sorted(grams[i], key=lambda g: (frequency[g], g))
            prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]
            seen: set[int] = set()
            for g in prefix:
                for j in index[g]:
                    if j in seen:
                        continue
                    seen.add(j)
                    if keys[i] and keys[j]:
                        continue  # both name a 文号: the numbers decide (above)
                    if sets.find(i) == sets.find(j):
                        continue  # already one group: nothing to learn
                    if jaccard(grams[i], grams[j]) >= threshold:
                        yield j, i
            for g in prefix:
                index[g].append(i)


def groups(
    requests: Iterable[Request],
    as_of: dt.date,
    *,
    window_days: int = WINDOW_DAYS,
    min_requests: int = MIN_REQUESTS,
    min_applicants: int = MIN_APPLICANTS,
    threshold: float = THRESHOLD,
) -> list[Group]:
    """The Art. 44 groups among ``requests`` received in the ``window_days`` up to ``as_of``
    (``as_of`` included): at least ``min_requests`` requests for the same information from at least
    ``min_applicants`` applicants. Largest group first, then the most recent."""
    start = as_of - dt.timedelta(days=window_days)
    reqs = sorted((r for r in requests if start < r.received <= as_of), key=lambda r: (r.received, r.id))
    sets = _Sets(len(reqs))
    for i, j in _pairs(reqs, threshold, sets):
        sets.union(i, j)
    members: dict[int, list[Request]] = defaultdict(list)
    for i, r in enumerate(reqs):
        members[sets.find(i)].append(r)
    out = []
    for rows in members.values():
        applicants = len(
            {r.applicant for r in rows if r.applicant} | {f"#{r.id}" for r in rows if not r.applicant}
        )
        if len(rows) < min_requests or applicants < min_applicants:
            continue
        numbers_given = Counter(k for k in (document_number_key(r.document_number) for r in rows) if k)
        subject = Counter(r.subject.strip() for r in rows).most_common(1)[0][0]
        out.append(
            Group(
                requests=tuple(rows),
                subject=subject,
                document_number=numbers_given.most_common(1)[0][0] if numbers_given else "",
                applicants=applicants,
                ids=frozenset(r.id for r in rows),
            )
        )
    out.sort(key=lambda g: (-len(g.requests), -g.last.toordinal(), min(g.ids)))
    return out
