"""The three tables of an annual report (年度报告) laid out as the national format prints them.

Every export (HTML, DOCX, XLSX; PDF via HTML) draws the same grids, so the merged header cells
of 国办公开办函〔2021〕30号 (and of the 2019 trial format, 国办公开办函〔2019〕60号) are defined
once, here. A table is a list of rows; a row lists the cells that *start* in it (HTML's way),
each with its row and column span. :func:`place` gives every cell its grid position for the
formats that address cells by row and column (Word, Excel).

Row and column keys and labels come from :mod:`gongkai.rules.annual.model`; only the header
words that exist purely for printing (申请人情况, 法人或其他组织, 信息内容, …) are defined here.
The content follows Art. 50 of the Regulation (《政府信息公开条例》第五十条).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Real
from typing import Any

from gongkai.rules.annual import model

# Header words that only the printed tables carry.
CROSS_CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADING = "申请人情况"
ORGANISATION_HEADING = "法人或其他组织"
ITEM_HEADING = "信息内容"
FEE_AMOUNT_LABEL = "本年收费金额（单位：万元）"

# Kinds of cell.
BANNER = "banner"  # 第二十条第（一）项 — a band across the whole table
HEAD = "head"  # a column heading
LABEL = "label"  # a row heading
DATA = "data"  # a figure from the report

# Cells that hold text as written (a string), not a number.
TEXT_CELLS = frozenset({"total_amount"})
# Cells that are a change on last year (2019 format, 本年增/减).
SIGNED_CELLS = frozenset({"change"})


@dataclass(frozen=True)
class Cell:
    text: str
    kind: str = HEAD
    rowspan: int = 1
    colspan: int = 1
    value: int | float | Decimal | str | None = None  # DATA cells: the report's value
    path: str | None = None  # DATA cells: "applications.withheld.state_secret.natural_person"


@dataclass
class Table:
    key: str  # "active_disclosure", "applications" or "appeals"
    title: str  # the section heading, e.g. 二、主动公开政府信息情况
    ncols: int
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0  # leading rows to repeat on a new page
    widths: tuple[float, ...] = ()  # relative column widths, one per grid column


class ReportError(ValueError):
    """A report that cannot be rendered; the message is in Chinese, for the user."""


def format_value(value: Any) -> str:
    """The printed form of a cell: ``None`` → blank, ``0`` → "0", 9116.36 → "9116.36"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_value(value: Any, cell_key: str, where: str) -> Any:
    if value is None or cell_key in TEXT_CELLS and isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise ReportError(f"{where}的值应为数字或空（null），收到 {value!r}")
    return value


def _cells(section: Any, name: str, where: str) -> dict[str, Any]:
    """The cells of one row; a missing row or section is all blank."""
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise ReportError(f"{where}应为 JSON 对象，收到 {type(section).__name__}")
    row = model.get_row(section, name) if "." in name else section.get(name)
    if row is None:
        return {}
    if not isinstance(row, dict):
        raise ReportError(f"{where}应为 JSON 对象，收到 {row!r}")
    return row


def _data(row: dict[str, Any], cell_key: str, path: str, where: str, **span: int) -> Cell:
    value = _check_value(row.get(cell_key), cell_key, where)
    text = format_value(value)
    if cell_key in SIGNED_CELLS and not isinstance(value, str) and value is not None and value > 0:
        text = f"+{text}"  # 本年增/减: an increase is printed with its sign, as agencies write it
    return Cell(text, DATA, value=value, path=path, **span)


def active_table(report: dict[str, Any]) -> Table:
    """Section 二 (主动公开政府信息情况): one band per item of Art. 20, then 信息内容 and its rows."""
    fmt = report["format"]
    section = report.get("active_disclosure")
    ncols = 4
    table = Table(
        "active_disclosure", model.SECTION_TITLES["active_disclosure"], ncols, widths=(34, 22, 22, 22)
    )
    blocks: list[tuple[str, tuple[tuple[str, str], ...], list[model.ActiveRow]]] = []
    for row in model.ACTIVE_ROWS[fmt]:
        key, item, _label, cells = row
        cells = _cells_for(fmt, key, cells, section)
        if blocks and blocks[-1][0] == item and blocks[-1][1] == cells:
            blocks[-1][2].append(row)
        else:
            blocks.append((item, cells, [row]))
    for item, cells, rows in blocks:
        table.rows.append([Cell(item, BANNER, colspan=ncols)])
        heads = [Cell(ITEM_HEADING)]
        for i, (_cell_key, cell_label) in enumerate(cells):
            span = ncols - len(cells) if i == len(cells) - 1 else 1
            heads.append(Cell(cell_label, colspan=span))
        table.rows.append(heads)
        for key, _item, label, _cells_declared in rows:
            where = f"表二「{label}」"
            values = _cells(section, key, where)
            line = [Cell(label, LABEL)]
            for i, (cell_key, cell_label) in enumerate(cells):
                span = ncols - len(cells) if i == len(cells) - 1 else 1
                line.append(
                    _data(
                        values,
                        cell_key,
                        f"active_disclosure.{key}.{cell_key}",
                        f"{where}「{cell_label}」",
                        colspan=span,
                    )
                )
            table.rows.append(line)
    return table


def _cells_for(
    fmt: str,
    key: str,
    cells: tuple[tuple[str, str], ...],
    section: Any,
) -> tuple[tuple[str, str], ...]:
    """The 2019 fee row carries 本年收费金额 only where the source had it (spec: ``fees``)."""
    if fmt == model.FORMAT_2019 and key == "fees" and isinstance(section, dict):
        fees = section.get("fees")
        if isinstance(fees, dict) and fees.get("amount_10k_yuan") is not None:
            return (*cells, ("amount_10k_yuan", FEE_AMOUNT_LABEL))
    return cells


def applications_table(report: dict[str, Any]) -> Table:
    """Section 三 (收到和处理政府信息公开申请情况): three label columns, then the seven applicant
    columns under the two-level heading 申请人情况 / 法人或其他组织."""
    fmt = report["format"]
    section = report.get("applications")
    rows = model.application_rows(fmt)
    ncols = 3 + len(model.COLUMNS)
    table = Table(
        "applications",
        model.SECTION_TITLES["applications"],
        ncols,
        header_rows=3,
        widths=(6, 10, 33, *([7.3] * len(model.COLUMNS))),
    )
    natural, *organisations = model.APPLICANT_COLUMNS
    table.rows.append(
        [Cell(CROSS_CHECK_NOTE, rowspan=3, colspan=3), Cell(APPLICANT_HEADING, colspan=len(model.COLUMNS))]
    )
    table.rows.append(
        [
            Cell(natural[1], rowspan=2),
            Cell(ORGANISATION_HEADING, colspan=len(organisations)),
            Cell(dict(model.COLUMNS)[model.TOTAL], rowspan=2),
        ]
    )
    table.rows.append([Cell(label) for _key, label in organisations])

    in_results = [r for r in rows if r.is_result or r.key == "total_handled"]
    group_sizes: dict[str, int] = {}
    for r in rows:
        if r.group:
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    first_result = True
    seen_groups: set[str] = set()
    for r in rows:
        line: list[Cell] = []
        label_where = f"表三「{(r.group or '')}{r.label}」"
        if r in in_results:
            if first_result:
                line.append(Cell(model.RESULTS_HEADING, LABEL, rowspan=len(in_results)))
                first_result = False
            if r.group:
                if r.group not in seen_groups:
                    line.append(Cell(r.group, LABEL, rowspan=group_sizes[r.group]))
                    seen_groups.add(r.group)
                line.append(Cell(r.label, LABEL))
            else:
                line.append(Cell(r.label, LABEL, colspan=2))
        else:
            line.append(Cell(r.label, LABEL, colspan=3))
        values = _cells(section, r.key, label_where)
        for col_key, col_label in model.COLUMNS:
            line.append(
                _data(values, col_key, f"applications.{r.key}.{col_key}", f"{label_where}行「{col_label}」列")
            )
        table.rows.append(line)
    return table


def appeals_table(report: dict[str, Any]) -> Table:
    """Section 四 (政府信息公开行政复议、行政诉讼情况): 行政复议 and the two kinds of 行政诉讼,
    each over 结果维持 结果纠正 其他结果 尚未审结 总计 — fifteen figures in one row."""
    section = report.get("appeals")
    n = len(model.APPEAL_CELLS)
    (recon_key, recon_label), *suits = model.APPEAL_LINES
    litigation = suits[0][1].split("·")[0]
    table = Table(
        "appeals",
        model.SECTION_TITLES["appeals"],
        n * len(model.APPEAL_LINES),
        header_rows=3,
        widths=(1,) * (n * len(model.APPEAL_LINES)),
    )
    table.rows.append([Cell(recon_label, colspan=n), Cell(litigation, colspan=n * len(suits))])
    second = [Cell(label, rowspan=2) for _key, label in model.APPEAL_CELLS]
    second += [Cell(label.split("·")[-1], colspan=n) for _key, label in suits]
    table.rows.append(second)
    table.rows.append([Cell(label) for _ in suits for _key, label in model.APPEAL_CELLS])
    figures: list[Cell] = []
    for line_key, line_label in model.APPEAL_LINES:
        values = _cells(section, line_key, f"表四「{line_label}」")
        for cell_key, cell_label in model.APPEAL_CELLS:
            figures.append(
                _data(
                    values,
                    cell_key,
                    f"appeals.{line_key}.{cell_key}",
                    f"表四「{line_label}」「{cell_label}」",
                )
            )
    table.rows.append(figures)
    return table


def check_report(report: Any) -> dict[str, Any]:
    """The report itself, once its outer shape is known to be renderable."""
    if not isinstance(report, dict):
        raise ReportError(f"年度报告应为 JSON 对象，收到 {type(report).__name__}")
    fmt = report.get("format")
    if fmt not in model.FORMATS:
        raise ReportError(f"未知的年度报告格式：{fmt!r}（应为 2021 或 2019）")
    return report


def tables(report: dict[str, Any]) -> list[Table]:
    """Sections 二, 三 and 四, in that order."""
    report = check_report(report)
    return [active_table(report), applications_table(report), appeals_table(report)]


def place(table: Table) -> Iterator[tuple[int, int, Cell]]:
    """Each cell with its (row, column) in the grid, skipping grid slots covered by spans."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c + cell.colspan > table.ncols:
                raise AssertionError(f"table {table.key} row {r} overflows")  # a layout bug, not input
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            yield r, c, cell
            c += cell.colspan


# The whole document: title, then sections 一 to 六 (国办公开办函〔2021〕30号).
PROSE_KEYS = ("overview", "problems", "other_matters")
_ORDER = ("overview", "active_disclosure", "applications", "appeals", "problems", "other_matters")


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)  # sections 一, 五, 六
    table: Table | None = None  # sections 二, 三, 四


def default_title(report: dict[str, Any]) -> str:
    """E.g. 平潭综合实验区2022年度政府信息公开工作年度报告 (agency and year where known)."""
    agency = report.get("agency") or ""
    year = report.get("year")
    return f"{agency}{f'{year}年度' if year else ''}政府信息公开工作年度报告"


_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)][^。；;！？]{1,28}$")


def is_subheading(paragraph: str) -> bool:
    """A line that is only a second-level heading such as "（一）主动公开方面" (公文 二级标题,
    set in 楷体); a "（一）" that opens a sentence of prose is not one."""
    return bool(_SUBHEADING.match(paragraph))


def paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a prose section: one per non-empty line, indentation dropped."""
    if text is None:
        return []
    if not isinstance(text, str):
        raise ReportError(f"正文应为文本，收到 {type(text).__name__}")
    return [line.strip(" \t\u3000\xa0") for line in text.splitlines() if line.strip(" \t\u3000\xa0")]


SignOff = tuple[str, dt.date]  # (the issuing agency, the date), the report's 落款


def sign_off_lines(sign_off: SignOff | None) -> list[str]:
    """The 落款 under the last section: the agency's full name over the date in Chinese
    (GB/T 9704-2012 7.3.5: 发文机关署名 and 成文日期, the date in Arabic numerals, no leading zeros).
    ``None``: no 落款 (an export of figures only)."""
    if sign_off is None:
        return []
    agency, day = sign_off
    agency = (agency or "").strip()
    if not agency or not isinstance(day, dt.date):
        raise ReportError("落款须有机关名称和日期")
    return [agency, f"{day.year}年{day.month}月{day.day}日"]


def document(
    report: Any, prose: dict[str, str] | None = None, title: str | None = None
) -> tuple[str, list[Section]]:
    """The title and the six sections of the report, ready for any renderer."""
    report = check_report(report)
    prose = prose or {}
    if not isinstance(prose, dict):
        raise ReportError("正文应为以 overview、problems、other_matters 为键的字典")
    unknown = sorted(set(prose) - set(PROSE_KEYS))
    if unknown:
        raise ReportError(f"未知的正文部分：{'、'.join(unknown)}（应为 overview、problems、other_matters）")
    by_key = {t.key: t for t in tables(report)}
    sections = [
        Section(key, model.SECTION_TITLES[key], paragraphs(prose.get(key)), by_key.get(key)) for key in _ORDER
    ]
    return (title or default_title(report)), sections
