"""Text cleaning for Chinese pages: pinyin residue, full-width digits, script conversion.

Script conversion uses OpenCC: ``s2tw`` (simplified → the Taiwan-standard traditional
characters readers expect, 為/群眾 rather than OpenCC's own 爲/羣衆; characters only — mainland
vocabulary kept, no phrase conversion, 〔〕 and numbers untouched) and ``t2s`` for matching
traditional input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = "a-zü" + _TONED
_INITIALS = (
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
    "",
)
_FINALS = frozenset(
    [
        "a",
        "o",
        "e",
        "i",
        "u",
        "ü",
        "ai",
        "ei",
        "ao",
        "ou",
        "an",
        "en",
        "ang",
        "eng",
        "ong",
        "er",
        "ia",
        "ie",
        "iao",
        "iu",
        "iou",
        "ian",
        "in",
        "iang",
        "ing",
        "iong",
        "ua",
        "uo",
        "uai",
        "ui",
        "uei",
        "uan",
        "un",
        "uen",
        "uang",
        "ueng",
        "üe",
        "üan",
        "ün",
        "ue",
        "van",
        "vn",
        "ve",
    ]
)
_STRIP_TONE = str.maketrans({c: unicodedata.normalize("NFD", c)[0] for c in _TONED})
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RESIDUE = re.compile(rf"(?<=[{_CJK}])[(（]([{_PINYIN_LETTERS}]{{1,6}})[)）]")


def is_pinyin_syllable(word: str) -> bool:
    """Whether ``word`` (with or without tone marks) is one Hanyu Pinyin syllable."""
    plain = word.lower().translate(_STRIP_TONE)
    if plain in ("m", "n", "ng", "hm", "hng"):
        return True
    return any(plain.startswith(initial) and plain[len(initial) :] in _FINALS for initial in _INITIALS)


def remove_pinyin_residue(text: str) -> str:
    """Remove the pinyin a broken converter appended after characters: ``根據(jù)`` → ``根據``.

    Only a parenthesised single pinyin syllable right after a Chinese character is removed;
    every other character, including parentheses holding anything else, is kept.
    """
    return _RESIDUE.sub(lambda m: "" if is_pinyin_syllable(m.group(1)) else m.group(0), text)


_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)


def halfwidth_digits(text: str) -> str:
    """Full-width digits ０-９ → 0-9 (nothing else changes)."""
    return text.translate(_FULLWIDTH_TABLE)


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:  # opencc.OpenCC: the package has no type information
    import opencc

    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    """Simplified → traditional script (OpenCC ``s2tw``: Taiwan-standard characters, vocabulary unchanged)."""
    converted: str = _converter("s2tw").convert(text)
    return converted


def to_simplified(text: str) -> str:
    """Traditional → simplified script (OpenCC ``t2s``)."""
    converted: str = _converter("t2s").convert(text)
    return converted


def looks_binary(data: bytes) -> bool:
    """Whether bytes given as text are binary: NUL bytes (outside UTF-16, which starts with its BOM),
    or more than 1 % of the start undecodable as UTF-8, GB18030 or Big5."""
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    allowed = max(16, len(head) // 100)
    return all(
        head.decode(encoding, errors="replace").count("\ufffd") > allowed
        for encoding in ("utf-8", "gb18030", "big5")
    )
