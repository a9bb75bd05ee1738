"""How the rows of the national tables are recognised in text (行标签识别).

Each row of sections 二 and 三 has one or more *key phrases*: short, distinctive parts of its
label that survive the usual damage (labels split over lines or cells, extra spaces, the
numbering lost). A key phrase matches with any whitespace between its characters. The row
order, cell kinds and labels come from :mod:`gongkai.rules.annual.model`; only the key phrases
are added here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gongkai.rules.annual.model import (
    ACTIVE_ROWS,
    APPEAL_CELLS,
    APPEAL_LINES,
    COLUMN_KEYS,
    FORMAT_2019,
    FORMAT_2021,
    application_rows,
)
from gongkai.rules.annual.parse.cells import AMOUNT_TEXT, INT, MONEY, SIGNED


def fuzzy(phrase: str) -> str:
    """A regex matching ``phrase`` with optional whitespace between its characters."""
    return r"\s*".join(re.escape(ch) for ch in phrase)


@dataclass(frozen=True)
class RowSpec:
    key: str  # the model's row key (dotted for nested application rows)
    pattern: re.Pattern[str]
    cells: tuple[str, ...]  # cell keys in column order
    kinds: tuple[str, ...]  # how each cell is read (cells.INT, SIGNED, MONEY, AMOUNT_TEXT)
    number: str | None  # the label's own numbering digit ("2" for "2.其他法律…"), if any


# Section 三: key phrases per row key. The numbered "3.其他" needs its number: "其他" alone is
# also a column and part of several labels.
_APPLICATION_KEYS: dict[str, tuple[str, ...]] = {
    "new_received": ("本年新收",),
    "carried_over": ("上年结转",),
    "granted": ("予以公开",),
    "partially_granted": ("部分公开",),
    "withheld.state_secret": ("国家秘密",),
    "withheld.prohibited_by_law": ("禁止公开",),
    "withheld.security_stability": ("三安全一稳定", "危及"),
    "withheld.third_party_rights": ("第三方合法权益",),
    "withheld.internal_affairs": ("内部事务",),
    "withheld.process_information": ("过程性信息",),
    "withheld.enforcement_files": ("执法案卷",),
    "withheld.administrative_query": ("行政查询",),
    "unavailable.not_held": ("不掌握",),
    "unavailable.needs_creation": ("另行制作",),
    "unavailable.still_unclear": ("仍不明确",),
    "not_processed.complaint": ("信访举报", "举报投诉"),
    "not_processed.duplicate": ("重复申请",),
    "not_processed.publication": ("出版物",),
    "not_processed.excessive": ("大量反复",),
    "not_processed.confirmation": ("重新出具",),
    "other.no_correction": ("逾期不补正",),
    "other.fee_unpaid": ("收费通知", "缴纳费用"),
    "total_handled": ("总计",),
    "carried_forward": ("结转下年度",),
}
_OTHER_2019 = ("其他处理",)
_NUMBERED_OTHER = r"3\s*[.、]\s*其\s*他(?!\s*(?:处\s*理|法\s*律|对\s*外))"

# Section 二: key phrases per row key (both formats).
_ACTIVE_KEYS: dict[str, tuple[str, ...]] = {
    "rules": ("规章",),
    "normative_documents": ("规范性文件",),
    "licensing": ("行政许可",),
    "other_services": ("对外管理服务",),
    "penalty": ("行政处罚",),
    "coercion": ("行政强制",),
    "fees": ("事业性收费",),
    "procurement": ("集中采购",),
}
_CELL_KINDS = {"change": SIGNED, "amount_10k_yuan": MONEY, "total_amount": AMOUNT_TEXT}
_NUMBERING = re.compile(r"^(\d)\.")


def _compile(phrases: tuple[str, ...], extra: str | None = None) -> re.Pattern[str]:
    alternatives = [fuzzy(p) for p in phrases]
    if extra:
        alternatives.insert(0, extra)
    return re.compile("|".join(alternatives))


@lru_cache(maxsize=4)
def application_specs(fmt: str) -> tuple[RowSpec, ...]:
    """Section 三's rows in table order, for format ``fmt``."""
    specs = []
    for row in application_rows(fmt):
        if row.key == "other.other":
            pattern = re.compile(_NUMBERED_OTHER)
        elif row.key == "total_handled":  # "（七）总计", sometimes written "（七）合计"
            pattern = re.compile(rf"{fuzzy('总计')}|\(\s*七\s*\)\s*{fuzzy('合计')}")
        elif fmt == FORMAT_2019 and row.key == "other":
            pattern = _compile(_OTHER_2019)
        else:
            pattern = _compile(_APPLICATION_KEYS[row.key])
        m = _NUMBERING.match(row.label)
        specs.append(
            RowSpec(row.key, pattern, COLUMN_KEYS, (INT,) * len(COLUMN_KEYS), m.group(1) if m else None)
        )
    return tuple(specs)


@lru_cache(maxsize=4)
def active_specs(fmt: str) -> tuple[RowSpec, ...]:
    """Section 二's rows in table order, for format ``fmt``."""
    specs = []
    for key, _item, _label, cells in ACTIVE_ROWS[fmt]:
        cell_keys = tuple(c for c, _ in cells)
        kinds = tuple(_CELL_KINDS.get(c, INT) for c in cell_keys)
        specs.append(RowSpec(key, _compile(_ACTIVE_KEYS[key]), cell_keys, kinds, None))
    return tuple(specs)


APPEAL_CELL_KEYS = tuple(c for c, _ in APPEAL_CELLS)
APPEAL_LINE_KEYS = tuple(k for k, _ in APPEAL_LINES)

# Section boundaries.
ARTICLE_20 = re.compile(r"第\s*二\s*十\s*条")
ACTIVE_START = re.compile(r"第\s*二\s*十\s*条\s*第\s*\(\s*一\s*\)\s*项")
ACTIVE_HEADING = re.compile(r"主\s*动\s*公\s*开\s*政\s*府\s*信\s*息\s*(?:情\s*况|公\s*开\s*情\s*况)")
APPLICATIONS_HEADING = re.compile(r"收\s*到\s*和\s*处\s*理\s*政\s*府\s*信\s*息\s*公\s*开\s*申\s*请")
APPEALS_START = re.compile(r"行\s*政\s*(?:法\s*)?复\s*议")
AFTER_APPEALS = re.compile(
    r"五\s*、|存\s*在\s*的?\s*主\s*要\s*问\s*题|存\s*在\s*问\s*题|改\s*进\s*情\s*况|其\s*他\s*需\s*要\s*报\s*告"
    r"|[(]\s*[一二]\s*[)]\s*\d{4}\s*年|主\s*要\s*问\s*题"
)

# Format clues: (pattern, format).
FORMAT_CLUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(fuzzy("本年制发件数")), FORMAT_2021),
    (re.compile(fuzzy("本年废止件数")), FORMAT_2021),
    (re.compile(fuzzy("现行有效件数")), FORMAT_2021),
    (re.compile(fuzzy("本年收费金额")), FORMAT_2021),
    (re.compile(fuzzy("逾期不补正")), FORMAT_2021),
    (re.compile(fuzzy("收费通知")), FORMAT_2021),
    (re.compile(r"2021\s*[)〕\]]\s*30\s*号"), FORMAT_2021),
    (re.compile(fuzzy("本年新制作数量")), FORMAT_2019),
    (re.compile(fuzzy("本年新公开数量")), FORMAT_2019),
    (re.compile(fuzzy("对外公开总数量")), FORMAT_2019),
    (re.compile(fuzzy("上一年项目数量")), FORMAT_2019),
    (re.compile(fuzzy("其他对外管理服务事项")), FORMAT_2019),
    (re.compile(fuzzy("政府集中采购")), FORMAT_2019),
    (re.compile(r"2019\s*[)〕\]]\s*60\s*号"), FORMAT_2019),
)
