"""The rows and columns of the national annual-report formats and their JSON form.

The 2021 format is 国办公开办函〔2021〕30号 (reports on 2021 and later years); the 2019 trial
format is 国办公开办函〔2019〕60号 (reports on 2019 and 2020). The JSON form is the project's
interchange format (``shared/spec/annual-report-json.md``); every consumer — builder, parser,
checker, renderers — takes its row and column names from here.

A row key with a dot is nested one level in JSON: ``withheld.state_secret`` lives at
``report["applications"]["withheld"]["state_secret"]``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

FORMAT_2021 = "2021"
FORMAT_2019 = "2019"
FORMATS = (FORMAT_2021, FORMAT_2019)

# Applicant columns of section 三, in the order of the national table.
APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("social_welfare_org", "社会公益组织"),
    ("legal_service_org", "法律服务机构"),
    ("other_org", "其他"),
)
TOTAL = "total"
COLUMNS: tuple[tuple[str, str], ...] = (*APPLICANT_COLUMNS, (TOTAL, "总计"))
COLUMN_KEYS = tuple(k for k, _ in COLUMNS)
APPLICANT_KEYS = tuple(k for k, _ in APPLICANT_COLUMNS)


@dataclass(frozen=True)
class Row:
    key: str  # dotted for nested rows
    label: str  # the row's text in the national table
    group: str | None = None  # the heading of its group, e.g. （三）不予公开
    is_result: bool = False  # counts toward 三(七) 总计 (rule 3)


_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_ROWS_COMMON_HEAD = (
    Row("new_received", "一、本年新收政府信息公开申请数量"),
    Row("carried_over", "二、上年结转政府信息公开申请数量"),
    Row("granted", "（一）予以公开", is_result=True),
    Row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", is_result=True),
    Row("withheld.state_secret", "1.属于国家秘密", _WITHHELD, True),
    Row("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", _WITHHELD, True),
    Row("withheld.security_stability", "3.危及“三安全一稳定”", _WITHHELD, True),
    Row("withheld.third_party_rights", "4.保护第三方合法权益", _WITHHELD, True),
    Row("withheld.internal_affairs", "5.属于三类内部事务信息", _WITHHELD, True),
    Row("withheld.process_information", "6.属于四类过程性信息", _WITHHELD, True),
    Row("withheld.enforcement_files", "7.属于行政执法案卷", _WITHHELD, True),
    Row("withheld.administrative_query", "8.属于行政查询事项", _WITHHELD, True),
    Row("unavailable.not_held", "1.本机关不掌握相关政府信息", _UNAVAILABLE, True),
    Row("unavailable.needs_creation", "2.没有现成信息需要另行制作", _UNAVAILABLE, True),
    Row("unavailable.still_unclear", "3.补正后申请内容仍不明确", _UNAVAILABLE, True),
    Row("not_processed.complaint", "1.信访举报投诉类申请", _NOT_PROCESSED, True),
    Row("not_processed.duplicate", "2.重复申请", _NOT_PROCESSED, True),
    Row("not_processed.publication", "3.要求提供公开出版物", _NOT_PROCESSED, True),
    Row("not_processed.excessive", "4.无正当理由大量反复申请", _NOT_PROCESSED, True),
    Row("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", _NOT_PROCESSED, True),
)
_ROWS_TAIL = (
    Row("total_handled", "（七）总计"),
    Row("carried_forward", "四、结转下年度继续办理"),
)

APPLICATION_ROWS: dict[str, tuple[Row, ...]] = {
    FORMAT_2021: (
        *_ROWS_COMMON_HEAD,
        Row(
            "other.no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            _OTHER,
            True,
        ),
        Row(
            "other.fee_unpaid",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            _OTHER,
            True,
        ),
        Row("other.other", "3.其他", _OTHER, True),
        *_ROWS_TAIL,
    ),
    FORMAT_2019: (*_ROWS_COMMON_HEAD, Row("other", _OTHER, None, True), *_ROWS_TAIL),
}

RESULTS_HEADING = "三、本年度办理结果"

# Section 二: (key, the Regulation's item, row label, ((cell key, cell label), ...)).
ActiveRow = tuple[str, str, str, tuple[tuple[str, str], ...]]
ISSUED_CELLS = (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))
MADE_CELLS = (
    ("new_made", "本年新制作数量"),
    ("new_disclosed", "本年新公开数量"),
    ("total_disclosed", "对外公开总数量"),
)
_ITEMS3 = (("previous_year_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量"))

ACTIVE_ROWS: dict[str, tuple[ActiveRow, ...]] = {
    FORMAT_2021: (
        ("rules", "第二十条第（一）项", "规章", ISSUED_CELLS),
        ("normative_documents", "第二十条第（一）项", "行政规范性文件", ISSUED_CELLS),
        ("licensing", "第二十条第（五）项", "行政许可", (("decisions", "本年处理决定数量"),)),
        ("penalty", "第二十条第（六）项", "行政处罚", (("decisions", "本年处理决定数量"),)),
        ("coercion", "第二十条第（六）项", "行政强制", (("decisions", "本年处理决定数量"),)),
        (
            "fees",
            "第二十条第（八）项",
            "行政事业性收费",
            (("amount_10k_yuan", "本年收费金额（单位：万元）"),),
        ),
    ),
    FORMAT_2019: (
        ("rules", "第二十条第（一）项", "规章", MADE_CELLS),
        ("normative_documents", "第二十条第（一）项", "规范性文件", MADE_CELLS),
        ("licensing", "第二十条第（五）项", "行政许可", _ITEMS3),
        ("other_services", "第二十条第（五）项", "其他对外管理服务事项", _ITEMS3),
        ("penalty", "第二十条第（六）项", "行政处罚", _ITEMS3),
        ("coercion", "第二十条第（六）项", "行政强制", _ITEMS3),
        (
            "fees",
            "第二十条第（八）项",
            "行政事业性收费",
            (("previous_year_items", "上一年项目数量"), ("change", "本年增/减")),
        ),
        (
            "procurement",
            "第二十条第（九）项",
            "政府集中采购",
            (("projects", "采购项目数量"), ("total_amount", "采购总金额")),
        ),
    ),
}

# Section 四.
APPEAL_LINES: tuple[tuple[str, str], ...] = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_reconsideration", "行政诉讼·复议后起诉"),
)
APPEAL_CELLS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

SECTION_TITLES = {
    "overview": "一、总体情况",
    "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}


def application_rows(fmt: str) -> tuple[Row, ...]:
    try:
        return APPLICATION_ROWS[fmt]
    except KeyError:
        raise ValueError(f"未知的年度报告格式：{fmt!r}（应为 2021 或 2019）") from None


def result_rows(fmt: str) -> tuple[Row, ...]:
    return tuple(r for r in application_rows(fmt) if r.is_result)


def get_row(applications: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    """The cells of a (possibly dotted) row, or ``None`` when absent."""
    node: Any = applications
    for part in key.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node if isinstance(node, dict) else None


def require_row(applications: dict[str, Any] | None, key: str) -> dict[str, Any]:
    """The cells of a row that must be there (a report built by :func:`zero_report`)."""
    cells = get_row(applications, key)
    if cells is None:
        raise KeyError(f"applications.{key}")
    return cells


def set_row(applications: dict[str, Any], key: str, cells: dict[str, Any]) -> None:
    node = applications
    parts = key.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = cells


def empty_report(
    fmt: str = FORMAT_2021, year: int | None = None, agency: str | None = None
) -> dict[str, Any]:
    """A report of the given format with every cell ``None`` (blank)."""
    active = {key: {cell: None for cell, _ in cells} for key, _, _, cells in ACTIVE_ROWS[fmt]}
    applications: dict[str, Any] = {}
    for row in application_rows(fmt):
        set_row(applications, row.key, {c: None for c in COLUMN_KEYS})
    appeals = {line: {cell: None for cell, _ in APPEAL_CELLS} for line, _ in APPEAL_LINES}
    return {
        "format": fmt,
        "year": year,
        "agency": agency,
        "active_disclosure": active,
        "applications": applications,
        "appeals": appeals,
    }


def zero_report(fmt: str = FORMAT_2021, year: int | None = None, agency: str | None = None) -> dict[str, Any]:
    """A report whose numeric cells are all written zeros (the builder's starting point)."""
    report = empty_report(fmt, year, agency)
    for cells in report["active_disclosure"].values():
        for k in cells:
            cells[k] = "" if k == "total_amount" else 0
    for row in application_rows(fmt):
        cells = require_row(report["applications"], row.key)
        for k in cells:
            cells[k] = 0
    for cells in report["appeals"].values():
        for k in cells:
            cells[k] = 0
    return report


def copy_report(report: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(report)
