"""Which format, which year, which agency (格式、年度、机关识别).

- Format: the table headings of the two national formats differ (2021: 本年制发件数,
  本年处理决定数量, 三(六) sub-rows; 2019: 本年新制作数量, 上一年项目数量, 政府集中采购), and
  reports often cite the notice that fixed their format. Without clues the year decides
  (reports on 2019 and 2020 used the 2019 format).
- Year: the title ("…2023年度政府信息公开工作年度报告"), else the statistics period, else the
  first year the overview (一、总体情况) speaks of.
- Agency: the title, else the page's 发布机构, else the body that is the subject of the
  overview's first sentences ("官洲街道办事处认真贯彻…"). ``None`` when only "我局" is said.
"""

from __future__ import annotations

import re

from gongkai.rules.annual.model import FORMAT_2019, FORMAT_2021
from gongkai.rules.annual.parse.labels import FORMAT_CLUES
from gongkai.rules.annual.parse.normalize import CJK

_YEAR = r"((?:19|20)\d{2})"
_REPORT = (
    r"(?:政\s*府\s*信\s*息\s*公\s*开|政\s*务\s*公\s*开|信\s*息\s*公\s*开)\s*[^。\n]{0,12}?"
    r"(?:年\s*度\s*)?(?:工\s*作\s*)?(?:年\s*度\s*)?报\s*告"
)
_TITLE_AGENCY_FIRST = re.compile(
    rf"(?:^|\n|标题\s*:|名称\s*:)\s*([{CJK}()]{{2,40}}?)\s*{_YEAR}\s*年\s*度?\s*(?:的\s*)?{_REPORT}"
)
_TITLE_YEAR_FIRST = re.compile(
    rf"(?:^|\n|标题\s*:|名称\s*:)\s*{_YEAR}\s*年\s*度?\s*([{CJK}()]{{2,40}}?)\s*{_REPORT}"
)
_TITLE_ANY = re.compile(rf"{_YEAR}\s*年\s*度?\s*(?:[{CJK}()]{{0,40}}?)\s*{_REPORT}")
_PERIOD = re.compile(rf"统\s*计\s*(?:期\s*限|时\s*限|期\s*间|区\s*间|时\s*间)[^。]{{0,12}}?{_YEAR}\s*年")
_OVERVIEW = re.compile(r"总\s*体\s*情\s*况")
_YEAR_IN_TEXT = re.compile(rf"{_YEAR}\s*年")
_PUBLISHER = re.compile(rf"(?:发布机构|发文机关|来源|信息来源)\s*:\s*([{CJK}()]{{2,40}})")
_SUFFIX = (
    r"街道办事处|人民政府办公厅|人民政府办公室|人民政府|办事处|委员会|管理委员会|办公厅|办公室|"
    r"管理局|监督管理局|局|厅|委|中心|政府|综合实验区|新区|开发区|院|署|会"
)
_SUBJECT = re.compile(
    rf"(?:^|[,。;:\n])\s*(?:[^,。;\n]{{0,16}}[,])?\s*([{CJK}]{{2,24}}?(?:{_SUFFIX}))"
    rf"(?=(?:认真|坚持|深入|始终|全面|积极|按照|严格|高度|紧紧|进一步|贯彻|扎实|切实|持续|不断|以|在|共))"
)
_NOT_AGENCY = re.compile(
    r"^(?:我|本|该|各|全|市|区|县|省|镇|乡)(?:局|委|厅|办|政府|中心|院|会|街道办事处|办事处)?$"
)


def detect_format(text: str, year: int | None) -> tuple[str, str | None]:
    """The report's format and, when it had to be guessed, a Chinese note saying so."""
    votes = {FORMAT_2021: 0, FORMAT_2019: 0}
    for pattern, fmt in FORMAT_CLUES:
        if pattern.search(text):
            votes[fmt] += 1
    if votes[FORMAT_2021] != votes[FORMAT_2019]:
        return max(votes, key=lambda fmt: votes[fmt]), None
    if year is not None:
        fmt = FORMAT_2019 if year <= 2020 else FORMAT_2021
        return fmt, f"表格格式无明确特征，按报告年度 {year} 判定为 {fmt} 年格式"
    return FORMAT_2021, "表格格式与年度均无法确定，按 2021 年格式读取"


def _plausible_year(y: int) -> bool:
    return 2007 <= y <= 2100


def detect_year(text: str) -> int | None:
    """The year the report is about, as stated in the source, or None."""
    head = text[:3000]
    for pattern in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST):
        for hit in pattern.finditer(head):
            y = int(hit.group(2) if pattern is _TITLE_AGENCY_FIRST else hit.group(1))
            if _plausible_year(y):
                return y
    m = _TITLE_ANY.search(head)
    if m and _plausible_year(int(m.group(1))):
        return int(m.group(1))
    m = _PERIOD.search(text)
    if m and _plausible_year(int(m.group(1))):
        return int(m.group(1))
    o = _OVERVIEW.search(text)
    if o:
        m = _YEAR_IN_TEXT.search(text, o.end(), o.end() + 400)
        if m and _plausible_year(int(m.group(1))):
            return int(m.group(1))
    return None


_AGENCY_END = "局委办厅院府处会区县市镇乡道心所站馆队部室社司署旗盟州"
_NOT_START = re.compile(r"^(?:现将|根据|按照|依据|关于|印发|本|我|该|对|向|将|经)")


def _clean_agency(name: str) -> str | None:
    name = re.sub(r"(?:关于|的)$", "", name.strip())
    if len(name) < 2 or _NOT_AGENCY.match(name) or _NOT_START.match(name) or name[-1] not in _AGENCY_END:
        return None
    return name


def detect_agency(text: str) -> str | None:
    """The agency the report is about, as stated in the source, or None."""
    head = text[:3000]
    for hit in _TITLE_AGENCY_FIRST.finditer(head):
        name = _clean_agency(hit.group(1))
        if name:
            return name
    for hit in _TITLE_YEAR_FIRST.finditer(head):
        name = _clean_agency(hit.group(2))
        if name:
            return name
    m = _PUBLISHER.search(head)
    if m:
        name = _clean_agency(m.group(1))
        if name:
            return name
    o = _OVERVIEW.search(text)
    if o:
        window = text[o.end() : o.end() + 300]
        m = _SUBJECT.search(window)
        if m:
            return _clean_agency(m.group(1))
    return None
