"""The supervisor's view of a region's year: scoping, flags for late/missing/faulty reports, server
side filters and sorting, and the exports opened and read (XLSX cells, DOCX paragraphs, PDF text).
Expected values come from the lines kept below (dates, figures), never from the view's code."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Agency, AgencyKind, Role, User
from gongkai.audit.models import AuditEntry
from gongkai.collected.harvest.keep import keep_line
from gongkai.rules.annual.checks import check_report
from gongkai.rules.annual.model import require_row, zero_report

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1
PASSWORD = "Sup-Review-2026!x"


def _report(received, *, faulty=False, blank=False):
    report = zero_report("2021", YEAR, None)
    for key in ("new_received", "total_handled", "granted"):
        cells = require_row(report["applications"], key)
        cells["natural_person"] = received
        cells["total"] = received + (3 if faulty and key == "new_received" else 0)
    if blank:
        require_row(report["applications"], "withheld.state_secret")["natural_person"] = None
    return report


def _line(name, kind, published, report, year=YEAR):
    return {
        "agency": name, "type": kind, "site": f"https://{name}.test/", "year": year,
        "found": report is not None, "reason": None if report else "在网站上未找到年度报告",
        "url": f"https://{name}.test/ndbg/1.html" if report else None,
        "source": f"https://{name}.test/ndbg/1.pdf" if report else None, "format": "pdf",
        "published_on": published.isoformat() if published else None, "late": None, "days_late": None,
        "report": report, "warnings": [],
        "findings": [f.as_dict() | {"text": str(f)} for f in check_report(report)] if report else [],
    }  # fmt: skip


@pytest.fixture
def region(db):
    top = Agency.objects.create(
        name="示例市人民政府", short_name="市政府", code="C0", slug="city", kind=AgencyKind.GOVERNMENT
    )
    mine = Agency.objects.create(
        name="示例市政务公开办", short_name="公开办", code="C1", slug="gkb", parent=top
    )
    child = Agency.objects.create(
        name="示例市民政局", short_name="民政局", code="C2", slug="mzj", parent=mine
    )
    other = Agency.objects.create(
        name="别市政务公开办", short_name="别市", code="C9", slug="other", parent=top
    )
    sup = User.objects.create_user(
        "sup", password=PASSWORD, agency=mine, roles=[Role.SUPERVISOR], full_name="公开办"
    )
    User.objects.create_user("editor", password=PASSWORD, agency=mine, roles=[Role.EDITOR], full_name="编辑")
    jan = dt.date(YEAR + 1, 1, 1)
    keep_line(_line("平台外按时局", "部门", jan + dt.timedelta(days=10), _report(20)), owner=mine)
    keep_line(
        _line("平台外逾期局", "部门", jan + dt.timedelta(days=40), _report(20)), owner=mine
    )  # 10 February: 10 days late
    keep_line(
        _line("平台外错表局", "部门", jan + dt.timedelta(days=5), _report(20, faulty=True, blank=True)),
        owner=mine,
    )
    keep_line(_line("平台外未公布县人民政府", "政府", None, None), owner=mine)
    keep_line(
        _line("平台外按时县人民政府", "政府", jan + dt.timedelta(days=80), _report(30)), owner=mine
    )  # 31 March… on 22 March
    keep_line(_line("别人的平台外局", "部门", jan, _report(5)), owner=other)  # outside the subtree
    return {"mine": mine, "child": child, "sup": sup}


def _get(client, name="staff:collected_supervision", user="sup", **params):
    client.login(username=user, password=PASSWORD)
    return client.get(reverse(name), params)


def _rows(html):
    body = html.split('<table id="review">', 1)[1].split("</table>", 1)[0]
    return [r for r in body.split("<tr")[2:]]


def test_scoped_to_the_supervisors_subtree(client, region):
    page = _get(client, year=YEAR).content.decode()
    assert "示例市民政局" in page and "示例市政务公开办" in page  # platform agencies of the subtree
    assert "平台外按时局" in page
    assert "示例市人民政府</" not in page and "别市政务公开办" not in page and "别人的平台外局" not in page
    assert _get(client, user="editor").status_code == 403  # not a supervisor


def test_flags_for_late_missing_and_faulty(client, region):
    page = _get(client, year=YEAR, sort="name").content.decode()
    rows = {
        r.split("</a>")[0].split(">")[-1]
        if "<a href" in r.split("<td>")[2]
        else r.split("<td>")[2].split("<")[0]: r
        for r in _rows(page)
    }
    late = rows["平台外逾期局"]
    assert "逾期公布" in late and ">10<" in late and "晚于第四十九条规定的" in late
    missing = rows["平台外未公布县人民政府"]
    assert "逾期未公布" in missing and "应于" in missing and "03月31日前公布" in missing
    faulty = rows["平台外错表局"]
    assert "规则1×" in faulty and "本年新收政府信息公开申请数量 · 总计" in faulty  # where
    assert "空白1格" in faulty and "属于国家秘密" in faulty  # which cell is blank
    assert "https://平台外错表局.test/ndbg/1.pdf" in faulty  # where the figures were read
    assert "按时公布" in rows["平台外按时县人民政府"] and "按时公布" in rows["平台外按时局"]
    assert "逾期未公布" in rows["示例市民政局"]  # on the platform, no published report


def test_filters_and_sorting_on_the_server(client, region):
    late = _get(client, year=YEAR, show="late").content.decode()
    names = [
        n
        for n in ("平台外逾期局", "平台外未公布县人民政府", "平台外按时局")
        if n in late.split('id="review"')[1]
    ]
    assert names == ["平台外逾期局", "平台外未公布县人民政府"]
    gov = _get(client, year=YEAR, kind="政府").content.decode().split('id="review"')[1]
    assert "平台外按时县人民政府" in gov and "平台外按时局" not in gov
    by_days = _get(client, year=YEAR, sort="days_late").content.decode().split('id="review"')[1]
    assert by_days.index("示例市民政局") < by_days.index("平台外逾期局") < by_days.index("平台外按时局")
    ranked = _get(client, year=YEAR).content.decode().split('id="review"')[1]
    assert ranked.index("平台外按时局") < ranked.index("平台外逾期局") < ranked.index("平台外错表局")


def test_xlsx_export_lists_rows_and_reasons(client, region):
    import openpyxl

    response = _get(client, "staff:collected_supervision_xlsx", year=YEAR, show="faulty")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = wb["核查"]
    assert sheet["B2"].value == "机关"
    names = [sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)]
    assert "平台外错表局" in names and "平台外按时局" not in names
    row = names.index("平台外逾期局") + 3
    assert sheet.cell(row, 6).value == "逾期公布" and sheet.cell(row, 9).value == 10
    detail = [[c.value for c in r] for r in wb["问题明细"].iter_rows(min_row=2)]
    assert any(r[0] == "平台外错表局" and r[1] == "勾稽规则1" and "总计" in r[2] for r in detail)
    entry = AuditEntry.objects.get(action="导出年报检查")
    assert entry.reason == "检查表 XLSX" and entry.agency == region["mine"]


def test_bulletin_docx_and_pdf_list_late_and_faulty(client, region):
    import docx
    import pdfplumber

    response = _get(client, "staff:collected_supervision_docx", year=YEAR)
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"关于{YEAR}年度政府信息公开工作年度报告检查情况的通报" in text
    assert "逾期公布1个" in text and "仍未公布且已过期限的" in text
    tables = ["\t".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    assert any(r.startswith("平台外逾期局\t部门") and "\t10\t" in r for r in tables)
    assert any(r.startswith("平台外未公布县人民政府\t政府") and "未公布" in r for r in tables)
    assert "1. 平台外错表局（来源：https://平台外错表局.test/ndbg/1.pdf）" in text
    assert "平台外按时局（来源" not in text
    client.post(f"{reverse('staff:collected_supervision_bulletin')}?year={YEAR}")  # typeset (inline here)
    response = _get(client, "staff:collected_supervision_pdf", year=YEAR)
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(b"".join(response.streaming_content))) as pdf:
        pdf_text = "".join((p.extract_text() or "") for p in pdf.pages).replace("\n", "")
    assert "检查情况的通报" in pdf_text and "平台外逾期局" in pdf_text and "平台外错表局" in pdf_text
    assert "勾稽规则1" in pdf_text and "第四十九条" in pdf_text
    assert AuditEntry.objects.filter(action="导出年报检查").count() == 2


def test_a_harvested_reports_page_shows_where_it_came_from(client, region):
    from gongkai.collected.models import CollectedReport

    report = CollectedReport.objects.get(agency_name="平台外逾期局")
    client.login(username="sup", password=PASSWORD)
    page = client.get(reverse("staff:collected_report", args=[report.pk])).content.decode()
    assert "https://平台外逾期局.test/ndbg/1.pdf" in page and "https://平台外逾期局.test/ndbg/1.html" in page
    assert f"{YEAR + 1}-02-10" in page and "逾期10天" in page


def test_an_address_of_another_scheme_is_never_a_link(client, region):
    line = _line("平台外怪址局", "部门", dt.date(YEAR + 1, 1, 5), _report(20))
    line["source"] = line["url"] = "javascript:alert(1)"
    keep_line(line, owner=region["mine"])
    page = _get(client, year=YEAR, q="怪址").content.decode()
    assert "平台外怪址局" in page and 'href="javascript:' not in page


def _twips(element, tag):
    from docx.oxml.ns import qn

    return int(element.find(qn(tag)).get(qn("w:w")))


def test_bulletin_docx_tables_fit_the_printed_a4_line(client, region):
    """Printed on A4: every table exactly the width between the margins, its columns sized to
    their content (names wide, figures narrow), widths fixed, the header row repeated on each page."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = docx.Document(io.BytesIO(_get(client, "staff:collected_supervision_docx", year=YEAR).content))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    line = (section.page_width - section.left_margin - section.right_margin) / 635  # EMU → twips
    assert len(document.tables) == 2
    for table in document.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) - line) <= 1
        for row in tbl.tr_lst:  # every cell carries its width: Word and LibreOffice agree
            assert [_twips(tc.tcPr, "w:tcW") for tc in row.tc_lst] == grid
        header = tbl.tr_lst[0].trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in tbl.tr_lst[1:])
        headers = [c.text for c in table.rows[0].cells]
        width = dict(zip(headers, grid, strict=True))
        assert width["机关"] > 2 * width["类型"]
    late, ranking = (dict(zip([c.text for c in t.rows[0].cells], [int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))], strict=True)) for t in document.tables)  # fmt: skip
    assert late["来源"] > late["公布期限"] and late["机关"] > late["逾期天数"]
    assert ranking["机关"] > 4 * ranking["得分"]  # the name takes the room, the figures stay narrow
    assert late["公布期限"] >= 10 * 0.5 * 200  # a date (ten half-width characters at 10 pt) on one line


def test_xlsx_columns_fit_their_content_and_print_on_a4(client, region):
    import openpyxl

    response = _get(client, "staff:collected_supervision_xlsx", year=YEAR)
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = wb["核查"]
    headers = {sheet.cell(2, c).value: sheet.cell(2, c).column_letter for c in range(1, sheet.max_column + 1)}
    width = {h: sheet.column_dimensions[letter].width for h, letter in headers.items()}
    assert width["公布期限"] >= 10 and width["发布日期"] >= 10  # a date is shown, not ######
    assert width["机关"] >= 2 * len("平台外未公布县人民政府")  # the longest name whole (CJK: two units)
    assert width["机关"] > 2 * width["空白"]
    for ws, title_rows in ((sheet, "$2:$2"), (wb["问题明细"], "$1:$1")):
        assert ws.print_title_rows == title_rows  # the header row on every printed page
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"  # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
