"""Text errors on pages (文字错误): doubled characters, leaders' names and titles, sensitive words.

国办秘函〔2019〕19号 makes serious wording errors a single-veto failure (严重表述错误, e.g. a
leader's name or title written wrong) and counts prohibited content the same way; ordinary typos
such as a doubled character (seed 000_*: "推进政政府信息") are what self-inspections fix.

A doubled character is legitimate when a dictionary word covers both copies (常常, 人人, 谢谢,
彬彬有礼), when the pair straddles two words (会议|议程, 学生|生活), in AABB forms (高高兴兴),
and for numerals (一一, 三三两两). Anything else (政政府, 我们们, 的的) is reported. The dictionary is
jieba's (about 350,000 words), already a dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_CJK = re.compile(r"[\u4e00-\u9fff]")
_DOUBLE = re.compile(r"([\u4e00-\u9fff])\1")
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
# Single-character words that may stand before a word starting with the same character:
# 对对方, 把把关, 比比例.
_LEADING_SINGLE = set("对把比")
# Common leaders' titles recognised after a name (longest first so 副局长 beats 局长).
COMMON_TITLES = tuple(
    sorted(
        [
            "书记",
            "副书记",
            "局长",
            "副局长",
            "厅长",
            "副厅长",
            "主任",
            "副主任",
            "市长",
            "副市长",
            "县长",
            "副县长",
            "区长",
            "副区长",
            "省长",
            "副省长",
            "部长",
            "副部长",
            "处长",
            "副处长",
            "科长",
            "副科长",
            "主席",
            "副主席",
            "镇长",
            "副镇长",
            "乡长",
            "副乡长",
            "州长",
            "副州长",
            "秘书长",
            "副秘书长",
            "党组书记",
            "党委书记",
            "调研员",
            "巡视员",
            "署长",
            "副署长",
            "委员",
            "组长",
            "副组长",
            "院长",
            "副院长",
            "所长",
            "副所长",
            "站长",
            "副站长",
            "主任委员",
            "局党组书记",
        ],
        key=len,
        reverse=True,
    )
)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    import jieba

    words = set()
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word = line.split(" ", 1)[0]
            if 2 <= len(word) <= 6:
                words.add(word)
    return frozenset(words)


def _covered(text: str, i: int, words: frozenset[str]) -> bool:
    """Whether a dictionary word spans positions ``i`` and ``i + 1`` of ``text``."""
    for length in range(2, 7):
        for start in range(max(0, i + 2 - length), i + 1):
            end = start + length
            if end <= len(text) and text[start:end] in words:
                return True
    return False


def _ends_word(text: str, i: int, words: frozenset[str]) -> bool:
    """Whether a word of 2+ characters ends at position ``i`` (or ``text[i]`` is one of _LEADING_SINGLE)."""
    if text[i] in _LEADING_SINGLE:
        return True
    return any(text[max(0, i + 1 - n) : i + 1] in words for n in range(2, 7) if i + 1 - n >= 0)


def _starts_word(text: str, i: int, words: frozenset[str]) -> bool:
    return any(text[i : i + n] in words for n in range(2, 7) if i + n <= len(text))


def is_legitimate_double(text: str, i: int) -> bool:
    """Whether the doubled character at ``text[i:i + 2]`` is correct Chinese."""
    words = _dictionary()
    ch = text[i]
    if ch in _NUMERALS or _covered(text, i, words):
        return True
    # AABB (高高兴兴, 干干净净): text[i:i+4] = AABB with AB a word, or we are the BB of one.
    if i + 3 < len(text) and text[i + 2] == text[i + 3] and ch + text[i + 2] in words:
        return True
    if i >= 2 and text[i - 2] == text[i - 1] and text[i - 2] + ch in words:
        return True
    # The pair straddles two words: 会议|议程, 对|对方.
    return _ends_word(text, i, words) and _starts_word(text, i + 1, words)


@dataclass(frozen=True)
class TextProblem:
    """One text error: what kind, the offending words and a snippet around them."""

    rule: str  # "doubled", "leader", "sensitive"
    words: str
    context: str
    message: str


def _context(text: str, start: int, end: int, width: int = 12) -> str:
    return " ".join(text[max(0, start - width) : end + width].split())


def doubled_characters(text: str) -> list[TextProblem]:
    """Doubled characters that are not correct Chinese (政政府 → 政府)."""
    out = []
    for m in _DOUBLE.finditer(text):
        if not is_legitimate_double(text, m.start()):
            ch = m[1]
            out.append(
                TextProblem(
                    "doubled",
                    m[0],
                    _context(text, m.start(), m.end()),
                    f"疑似多字：“{m[0]}”重复，应删去一个“{ch}”",
                )
            )
    return out


def _distance_one(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def leader_problems(text: str, leaders) -> list[TextProblem]:
    """Wrong titles after a known leader's name, and near-miss names before a leader's title.

    ``leaders``: :class:`~gongkai.sitecheck.config.Leader` items (name and correct titles).
    """
    if not leaders:
        return []
    titles = tuple(
        sorted({*COMMON_TITLES, *(t for leader in leaders for t in leader.titles)}, key=len, reverse=True)
    )
    title_re = "|".join(map(re.escape, titles))
    out = []
    for leader in leaders:
        for m in re.finditer(re.escape(leader.name) + rf"\s*({title_re})", text):
            title = m[1]
            if leader.titles and not any(title == t or t.endswith(title) for t in leader.titles):
                out.append(
                    TextProblem(
                        "leader",
                        m[0],
                        _context(text, m.start(), m.end()),
                        f"领导职务疑似错误：“{leader.name}”的职务应为“{'、'.join(leader.titles)}”，"
                        f"页面写作“{title}”",
                    )
                )
    by_title: dict[str, list] = {}
    for leader in leaders:
        for t in leader.titles:
            by_title.setdefault(t, []).append(leader)
    for title, holders in by_title.items():
        for size in {len(h.name) for h in holders}:
            for m in re.finditer(rf"(?=([\u4e00-\u9fff]{{{size}}}){re.escape(title)})", text):
                name = m[1]
                if any(name == h.name for h in holders):
                    continue
                near = [h for h in holders if _distance_one(name, h.name)]
                if near:
                    end = m.start() + size + len(title)
                    out.append(
                        TextProblem(
                            "leader",
                            name + title,
                            _context(text, m.start(), end),
                            f"领导姓名疑似错误：“{name}{title}”，应为“{near[0].name}{title}”",
                        )
                    )
    return out


@lru_cache(maxsize=16)
def _sensitive_re(words: tuple[str, ...]) -> re.Pattern[str] | None:
    words = tuple(w for w in words if w)
    if not words:
        return None
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def sensitive_words(text: str, words) -> list[TextProblem]:
    pattern = _sensitive_re(tuple(words or ()))
    if pattern is None:
        return []
    return [
        TextProblem("sensitive", m[0], _context(text, m.start(), m.end()), f"含敏感词“{m[0]}”")
        for m in pattern.finditer(text)
    ]


def check_text(text: str, leaders=(), words=()) -> list[TextProblem]:
    """All text problems in ``text`` (one page's visible text)."""
    if not _CJK.search(text):
        return []
    return [*doubled_characters(text), *leader_problems(text, leaders), *sensitive_words(text, words)]
