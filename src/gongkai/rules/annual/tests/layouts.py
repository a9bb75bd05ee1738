"""Reports written in the layouts that real, unseen reports come in (测试用, issue 15).

Each function takes a report (the truth) and writes it the way a class of published reports
writes it; the tests and ``bench/parse_flattened.py`` parse the result and compare cells:

- :func:`word_html` — a page pasted from Word: ``mso`` markup, ``<o:p></o:p>`` or ``&nbsp;`` in
  empty cells, ``<span>`` splitting words, a ``<p>`` per cell, line breaks inside cells;
- :func:`cell_lines_with_bars` — a web table copied as text, one cell per line, every cell ending
  with ``" |"``, a header cell spanning columns followed by the bars of the columns it covers
  (``第二十条第（一）项 | ||||``);
- :func:`procurement_glued` — section 二's 采购 row with its count glued to its amount
  (``135 75394432.52元`` or ``39573802895.90元``).
"""

from __future__ import annotations

import html as html_lib
import random
from typing import Any

from lxml import html as lxml_html

from gongkai.rules.annual.model import APPLICANT_KEYS, TOTAL, copy_report
from gongkai.rules.annual.render.html import render_page

_LEGAL_PERSON_KEYS = APPLICANT_KEYS[1:]  # the five 法人或其他组织 columns


def without_legal_persons(report: dict[str, Any]) -> dict[str, Any]:
    """The report with the five 法人或其他组织 columns blank in every row of 表三 (only 自然人 and
    总计 filled), as agencies that only hear from citizens publish it; 总计 then equals 自然人."""
    out = copy_report(report)

    def walk(node: dict[str, Any]) -> None:
        for value in node.values():
            if isinstance(value, dict) and TOTAL in value:
                for key in _LEGAL_PERSON_KEYS:
                    value[key] = None
                value[TOTAL] = value["natural_person"]
            elif isinstance(value, dict):
                walk(value)

    walk(out["applications"])
    return out


def _word_words(text: str, rng: random.Random) -> str:
    """Cell text as Word writes it: split into ``<span>`` runs at random, with line breaks."""
    if not text:
        return ""
    pieces = []
    rest = text
    while rest:
        cut = rng.randint(1, max(1, min(len(rest), 6)))
        pieces.append(rest[:cut])
        rest = rest[cut:]
    spans = [
        f"<span\nlang=EN-US style='font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体'>"
        f"{html_lib.escape(p)}</span>"
        for p in pieces
    ]
    return "".join(spans)


_EMPTY_CELLS = (
    "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US><o:p></o:p></span></p>",
    "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US><o:p>&nbsp;</o:p></span></p>",
    "<p class=MsoNormal><span lang=EN-US>&nbsp;</span></p>",
    "<p class=MsoNormal><o:p> </o:p></p>",
)


def word_html(report: dict[str, Any], rng: random.Random | None = None) -> str:
    """The report's page as Word saves it and a CMS pastes it (mso markup)."""
    rng = rng or random.Random(0)
    page = lxml_html.fromstring(render_page(report))
    parts = [
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:w="urn:schemas-microsoft-com:office:word">\n<head>\n'
        '<meta http-equiv=Content-Type content="text/html; charset=utf-8">\n'
        '<meta name=Generator content="Microsoft Word 15 (filtered)">\n'
        '<style>\n<!--\n p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:10.5pt;}\n-->\n</style>\n'
        "</head>\n<body lang=ZH-CN style='tab-interval:21.0pt'>\n<div class=WordSection1>\n"
    ]
    body = page.body if page.find("body") is not None else page
    for el in body.iter("h1", "h2", "h3", "p", "table"):
        if el.tag == "table":
            parts.append(_word_table(el, rng))
        elif el.getparent() is not None and el.getparent().tag in ("td", "th", "caption"):
            continue
        else:
            text = " ".join(el.text_content().split())
            if text:
                parts.append(
                    f"<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>{_word_words(text, rng)}"
                    "<span lang=EN-US><o:p></o:p></span></p>\n"
                )
    parts.append("</div>\n</body>\n</html>\n")
    return "".join(parts)


def _word_table(table: Any, rng: random.Random) -> str:
    out = [
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=604\n"
        " style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\n"
        " mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n"
    ]
    for n, tr in enumerate(table.iter("tr")):
        out.append(f" <tr style='mso-yfti-irow:{n};height:20.0pt'>\n")
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            span = "".join(
                f" {attr}={cell.get(attr)}"
                for attr in ("rowspan", "colspan")
                if cell.get(attr) not in (None, "1")
            )
            text = " ".join(cell.text_content().split())
            inner = (
                f"<p class=MsoNormal align=center style='text-align:center'>{_word_words(text, rng)}"
                "<span lang=EN-US><o:p></o:p></span></p>"
                if text
                else rng.choice(_EMPTY_CELLS)
            )
            out.append(
                f"  <td width=57{span} valign=top style='width:42.5pt;border:solid windowtext 1.0pt;\n"
                f"  border-top:none;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>\n"
                f"  {inner}\n  </td>\n"
            )
        out.append(" </tr>\n")
    out.append("</table>\n")
    return "".join(out)


def _tables(page: str) -> list[list[list[str]]]:
    doc = lxml_html.fromstring(page)
    return [
        [
            [" ".join(td.text_content().split()) for td in tr if td.tag in ("td", "th")]
            for tr in table.iter("tr")
        ]
        for table in doc.iter("table")
    ]


def _spans(page: str) -> list[list[list[int]]]:
    doc = lxml_html.fromstring(page)
    return [
        [[int(td.get("colspan") or 1) for td in tr if td.tag in ("td", "th")] for tr in table.iter("tr")]
        for table in doc.iter("table")
    ]


_HEAD = (
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
)
_TAIL = "五、存在的主要问题及改进情况\n政策解读形式仍需创新。\n六、其他需要报告的事项\n无。\n"


def _head(report: dict[str, Any]) -> str:
    year = report["year"]
    return (
        f"{report['agency']}{year}年政府信息公开工作年度报告\n"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n"
    )


def cell_lines_with_bars(report: dict[str, Any]) -> str:
    """The tables copied from a web page as text: one cell per line, each ending with `` |``; a
    cell spanning ``k`` columns is followed by the ``k-1`` bars of the columns it covers."""
    page = render_page(report)
    parts = [_head(report)]
    for title, rows, spans in zip(_HEAD, _tables(page), _spans(page), strict=True):
        lines = []
        for row, row_spans in zip(rows, spans, strict=True):
            for cell, span in zip(row, row_spans, strict=True):
                lines.append(f"{cell} |" + "|" * (span - 1))
        parts.append(f"{title}\n" + "\n".join(lines) + "\n")
    parts.append(_TAIL)
    return "\n".join(parts)


def procurement_glued(report: dict[str, Any], style: str) -> str:
    """Tab-separated tables (one row per line) whose 采购 row has its count and amount glued:
    ``spaced`` → ``135 75394432.52元`` in one cell, ``glued`` → ``13575394432.52元``."""
    page = render_page(report)
    parts = [_head(report)]
    for title, rows in zip(_HEAD, _tables(page), strict=True):
        lines = []
        for row in rows:
            if row and "采购" in row[0] and len(row) == 3 and row[1] and row[2]:
                joined = f"{row[1]} {row[2]}" if style == "spaced" else f"{row[1]}{row[2]}"
                row = [row[0], joined]
            lines.append("\t".join(row))
        parts.append(f"{title}\n" + "\n".join(lines) + "\n")
    parts.append(_TAIL)
    return "\n".join(parts)


def money(rng: random.Random) -> str:
    """A 采购总金额 as reports write it: yuan with two decimals, or 万元."""
    if rng.random() < 0.7:
        return f"{rng.randint(1000, 999_999_999)}.{rng.randint(0, 99):02d}元"
    return f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}万元"


__all__ = [
    "cell_lines_with_bars",
    "money",
    "procurement_glued",
    "without_legal_persons",
    "word_html",
]
