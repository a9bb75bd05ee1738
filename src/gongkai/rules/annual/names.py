"""The places of a report's tables in the words of the national format, for staff: a finding's
``applications.withheld.state_secret`` / ``total`` reads “三、申请情况 · （三）不予公开 1.属于国家秘密 ·
总计”, never the dotted key (the keys stay in the JSON, spec/annual-report-json.md)."""

from __future__ import annotations

from .model import (
    ACTIVE_ROWS,
    APPEAL_CELLS,
    APPEAL_LINES,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
)

_SECTIONS = {
    "applications": "三、申请情况",
    "appeals": "四、复议诉讼情况",
    "active_disclosure": "二、主动公开情况",
}
_PARTS = {
    **_SECTIONS,
    "source": "原文",
    "format": "报告格式",
    "year": "报告年度",
    "agency": "机关名称",
    "overview": "一、总体情况",
    "problems": "五、存在的问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}


def _application_row(key: str) -> str | None:
    for fmt in (FORMAT_2021, FORMAT_2019):
        for row in APPLICATION_ROWS[fmt]:
            if row.key == key:
                return f"{row.group}{row.label}" if row.group else row.label
    return None


def row_name(path: str) -> str:
    """“三、申请情况 · 一、本年新收政府信息公开申请数量” for ``applications.new_received``; a row
    joined with ``+`` names each part."""
    if path in _PARTS:
        return _PARTS[path]
    section, _, key = path.partition(".")
    if section == "applications":
        parts = [_application_row(k) for k in key.split("+")]
        named = [p for p in parts if p]
        if len(named) == len(parts):
            return f"{_SECTIONS[section]} · {'与'.join(named)}"
    if section == "appeals":
        line = dict(APPEAL_LINES).get(key) or {"litigation": "行政诉讼"}.get(key)
        if line:
            return f"{_SECTIONS[section]} · {line}"
    if section == "active_disclosure":
        for fmt in (FORMAT_2021, FORMAT_2019):
            for row_key, _item, label, _cells in ACTIVE_ROWS[fmt]:
                if row_key == key.split(".")[0]:
                    return f"{_SECTIONS[section]} · {label}"
    return path


def column_name(column: str) -> str:
    """“总计”, “自然人”, “现行有效件数” …"""
    names = dict(COLUMNS) | dict(APPEAL_CELLS)
    names |= {k: f"法人或其他组织·{v}" for k, v in APPLICANT_COLUMNS if k != "natural_person"}
    for fmt in (FORMAT_2021, FORMAT_2019):
        for *_, cells in ACTIVE_ROWS[fmt]:
            names.update(dict(cells))
    return names.get(column, column)
