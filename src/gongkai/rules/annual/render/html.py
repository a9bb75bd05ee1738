"""An annual report (年度报告) as HTML, the way an agency publishes it on its website (Art. 49–50).

Two forms: :func:`render_page`, a complete standalone page with its stylesheet (also the source
of the PDF), and :func:`render_fragment`, an ``<article>`` to embed in a portal page that
includes :data:`STYLESHEET` itself. All text from the report, the prose and the title is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from gongkai.rules.annual.render import fonts
from gongkai.rules.annual.render.layout import (
    BANNER,
    DATA,
    HEAD,
    LABEL,
    Cell,
    Section,
    SignOff,
    Table,
    document,
    is_subheading,
    sign_off_lines,
)

_TITLE_FONT = fonts.css_family((*fonts.TITLE[:4], "GK Title Fallback"), "serif")
# Without a 楷体, a bold serif keeps second-level headings apart from the body text.
_SUBHEADING_FONT = fonts.css_family((*fonts.SUBHEADING, "GK Title Fallback"), "serif")

STYLESHEET = f"""
@font-face {{ font-family: "GK Title Fallback"; src: local("Noto Serif CJK SC Bold"), local("SimSun"); }}
@page {{
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {fonts.css_family(fonts.BODY, "serif")};
                   font-size: 14pt; }}
}}
.gk-annual-report {{
  font-family: {fonts.css_family(fonts.BODY, "serif")};
  font-size: 16pt; line-height: 1.75; color: #000; max-width: 156mm; margin: 0 auto;
}}
.gk-annual-report h1 {{
  font-family: {_TITLE_FONT}; font-weight: normal;
  font-size: 22pt; line-height: 1.5; text-align: center; margin: 0 0 1em;
}}
.gk-annual-report h2 {{
  font-family: {fonts.css_family(fonts.HEADING, "sans-serif")}; font-weight: normal;
  font-size: 16pt; margin: 0.6em 0 0.3em; text-indent: 2em; page-break-after: avoid;
}}
.gk-annual-report h3 {{
  font-family: {_SUBHEADING_FONT}; font-weight: normal;
  font-size: 16pt; margin: 0; text-indent: 2em; page-break-after: avoid;
}}
.gk-annual-report p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.gk-annual-report table {{
  border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.4em 0 0.8em;
  font-family: {fonts.css_family(fonts.TABLE, "serif")}; font-size: 10.5pt; line-height: 1.25;
}}
.gk-annual-report table.gk-appeals {{ font-size: 9pt; }}
.gk-annual-report th, .gk-annual-report td {{
  border: 0.75pt solid #000; padding: 1.5pt 3pt; text-align: center; vertical-align: middle;
  font-weight: normal; word-break: break-all;
}}
.gk-annual-report th.gk-label {{ text-align: left; }}
.gk-annual-report th.gk-label.gk-group {{ text-align: center; }}
.gk-annual-report th.gk-banner {{ text-align: left; }}
.gk-annual-report tr {{ page-break-inside: avoid; }}
.gk-annual-report table {{ page-break-inside: avoid; }}  /* a table that fits on a page stays on one */
.gk-annual-report .gk-sign {{ margin-top: 2em; page-break-inside: avoid; }}
.gk-annual-report .gk-sign p {{ text-indent: 0; text-align: right; padding-right: 2em; }}
"""

_CLASSES = {BANNER: "gk-banner", HEAD: "gk-head", LABEL: "gk-label", DATA: "gk-num"}


def _cell(cell: Cell) -> str:
    attrs = []
    classes = [_CLASSES[cell.kind]]
    if cell.kind == LABEL and cell.rowspan > 1:
        classes.append("gk-group")  # 三、本年度办理结果 and （三）不予公开 …: centred in their span
    attrs.append(f'class="{" ".join(classes)}"')
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    if cell.kind == DATA:
        attrs.append(f'data-path="{escape(cell.path or "")}"')
        return f"<td {' '.join(attrs)}>{escape(cell.text)}</td>"
    if cell.kind == LABEL:
        attrs.insert(0, 'scope="row"')
    elif cell.kind in (HEAD, BANNER):
        attrs.insert(0, 'scope="colgroup"' if cell.colspan > 1 else 'scope="col"')
    return f"<th {' '.join(attrs)}>{escape(cell.text)}</th>"


def table_html(table: Table) -> str:
    """One table with its merged header cells (rowspan/colspan as in the national format)."""
    total = sum(table.widths) or 1
    cols = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in table.widths)
    out = [f'<table class="gk-{table.key.replace("_", "-")}">', f"<colgroup>{cols}</colgroup>"]
    if table.header_rows:
        out.append("<thead>")
    for i, row in enumerate(table.rows):
        if i == table.header_rows:
            out.append("</thead><tbody>" if table.header_rows else "<tbody>")
        out.append("<tr>" + "".join(_cell(c) for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _section(section: Section) -> str:
    parts = [
        f'<section class="gk-section-{section.key.replace("_", "-")}">',
        f"<h2>{escape(section.title)}</h2>",
    ]
    parts += [
        f"<h3>{escape(p)}</h3>" if is_subheading(p) else f"<p>{escape(p)}</p>" for p in section.paragraphs
    ]
    if section.table is not None:
        parts.append(table_html(section.table))
    parts.append("</section>")
    return "\n".join(parts)


def _sign_off(sign_off: SignOff | None) -> str:
    lines = sign_off_lines(sign_off)
    if not lines:
        return ""
    return '<div class="gk-sign">' + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</div>\n"


def render_fragment(
    report: dict[str, Any],
    *,
    prose: dict[str, str] | None = None,
    title: str | None = None,
    sign_off: SignOff | None = None,
    with_heading: bool = True,
) -> str:
    """The report as an ``<article class="gk-annual-report">`` (style it with :data:`STYLESHEET`),
    ending with its 落款 when ``sign_off`` (agency, date) is given. ``with_heading=False`` leaves
    the title out, for a page that shows it already (the published document's own title)."""
    heading, sections = document(report, prose, title)
    body = "\n".join(_section(s) for s in sections)
    top = f"<h1>{escape(heading)}</h1>\n" if with_heading else ""
    return f'<article class="gk-annual-report">\n{top}{body}\n{_sign_off(sign_off)}</article>\n'


def render_page(
    report: dict[str, Any],
    *,
    prose: dict[str, str] | None = None,
    title: str | None = None,
    sign_off: SignOff | None = None,
) -> str:
    """A complete standalone HTML page (UTF-8, ``lang="zh-CN"``) with the stylesheet inlined."""
    heading, _ = document(report, prose, title)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(heading)}</title>\n<style>{STYLESHEET}</style>\n</head>\n<body>\n"
        f"{render_fragment(report, prose=prose, title=title, sign_off=sign_off)}</body>\n</html>\n"
    )
