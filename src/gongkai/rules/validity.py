"""效力状态 as an old site states it → the platform's own 效力状态 (site import, issue 16).

The platform knows four values (docs/domain.md; ``disclosure.models.Validity``): 有效 (``valid``),
失效 (``expired``), 废止 (``repealed``) and 已修订 (``amended``). When a document is amended,
repealed or expires, its original page must say so (《政府网站发展指引》), so an imported document
keeps what its old page says; it is never silently made 有效. A value the platform has no state for
(部分失效, 尚未生效, 暂停执行 …) is read as *unknown*: the import keeps the document 有效 and says so
as a warning in the run's report, for a person to decide. Pure: no Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VALID, EXPIRED, REPEALED, AMENDED = "valid", "expired", "repealed", "amended"
PLATFORM_NAMES = {VALID: "有效", EXPIRED: "失效", REPEALED: "废止", AMENDED: "已修订"}

# What sites write → the platform's value. Spaces and closing punctuation are ignored.
SYNONYMS: dict[str, str] = {
    "有效": VALID,
    "现行有效": VALID,
    "现行": VALID,
    "生效": VALID,
    "已生效": VALID,
    "合法有效": VALID,
    "失效": EXPIRED,
    "已失效": EXPIRED,
    "全部失效": EXPIRED,
    "全文失效": EXPIRED,
    "过期失效": EXPIRED,
    "废止": REPEALED,
    "已废止": REPEALED,
    "全部废止": REPEALED,
    "全文废止": REPEALED,
    "修订": AMENDED,
    "已修订": AMENDED,
    "已被修订": AMENDED,
    "修正": AMENDED,
    "已修正": AMENDED,
    "已修改": AMENDED,
    "已被修改": AMENDED,
}

_NOISE = re.compile(r"[\s\u3000\xa0。．.、，,;；:：【】\[\]（）()]+")


@dataclass(frozen=True)
class ValidityReading:
    stated: str  # what the page says, without spaces and punctuation ("" when it says nothing)
    value: str  # the platform's value, "" when the page says nothing or nothing the platform knows

    @property
    def unknown(self) -> bool:
        """The page states a 效力状态 the platform has no value for."""
        return bool(self.stated) and not self.value


def read_validity(text: str) -> ValidityReading:
    """``text`` (the value after a 效力状态/有效性 label) → the platform's 效力状态, if it has one."""
    stated = _NOISE.sub("", text or "")
    if stated not in SYNONYMS and (text or "").split():
        # "有效 【打印】【关闭】": the page's buttons after the value on the same line.
        first = _NOISE.sub("", text.split()[0])
        if first in SYNONYMS:
            stated = first
    return ValidityReading(stated, SYNONYMS.get(stated, ""))


def unknown_warning(stated: str) -> str:
    """The warning on a document whose old page states a 效力状态 the platform does not know."""
    known = "、".join(PLATFORM_NAMES.values())
    return f"原网站的效力状态为“{stated}”，本平台没有这一状态（只有{known}）：暂按“有效”导入，请核对后修改"
