"""The usual fonts of a government document (公文) and their fallbacks.

Titles are set in 方正小标宋简体, headings in 黑体, second-level headings in 楷体_GB2312, body
text in 仿宋_GB2312 (GB/T 9704-2012
《党政机关公文格式》). Machines without the Founder/Windows fonts fall back to the free
Noto CJK families (Debian: fonts-noto-cjk), then to SimSun/SimHei where Windows has them.
"""

from __future__ import annotations

# (font, fallback, fallback, …), best first.
TITLE = ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "Noto Serif CJK SC", "SimSun")
HEADING = ("黑体", "SimHei", "Noto Sans CJK SC", "Microsoft YaHei")
SUBHEADING = ("楷体_GB2312", "楷体", "KaiTi", "STKaiti", "AR PL UKai CN")
BODY = ("仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "SimSun")
TABLE = BODY
LATIN = "Times New Roman"  # digits and Latin letters in Word documents

# Word chooses a substitute for a missing font from its declared character set: 86 = GB2312.
GB2312_CHARSET = "86"


def css_family(fonts: tuple[str, ...], generic: str) -> str:
    """A CSS ``font-family`` value: ``"仿宋_GB2312", "仿宋", …, serif``."""
    return ", ".join([*(f'"{f}"' for f in fonts), generic])
