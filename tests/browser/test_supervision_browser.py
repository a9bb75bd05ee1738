"""年度报告监督检查, clicked through in Debian's chromium by a province department's 政务公开办:
the region's year (its own subtree on the platform, and agencies outside it kept by a harvest —
gongkai.collected.demo), filtered and sorted on the server, a faulty report's flags opened (where
and why), the charts drawn, and the exports downloaded and read: the XLSX, and the 通报 as PDF
and DOCX — the PDF typeset off the request by a thread of the server (no broker): the page shows
正在生成, a second click starts nothing, then the link appears by itself. Also without JavaScript. Screenshots:
test-output/supervision-*.png, the 通报 PDF as test-output/supervision-bulletin.pdf."""

import io
import threading

import pytest
from django.utils import timezone

from .kit import OUTPUT, login, shot

YEAR = timezone.localdate().year - 1


@pytest.fixture
def held_pdf(settings, monkeypatch, tmp_path):
    """Background work as on a single machine without a broker (a thread of the server); the
    typesetting waits until the test lets it go, so that the page can be seen while it runs."""
    from gongkai.collected import bulletin

    settings.GONGKAI_BACKGROUND = "thread"
    settings.MEDIA_ROOT = tmp_path
    go, calls, real = threading.Event(), [], bulletin.bulletin_pdf

    def held(b):
        calls.append(b.title)
        assert go.wait(60)
        return real(b)

    monkeypatch.setattr(bulletin, "bulletin_pdf", held)
    return go, calls


@pytest.fixture
def region(agency_tree, make_staff):
    from gongkai.collected import demo

    assert demo.load(YEAR) == 7
    make_staff(agency_tree["province"], "supervisor", username="sup")
    return agency_tree


def _names(page):
    return page.locator("#review tbody tr td:nth-child(2)").all_inner_texts()


def test_supervisor_reviews_the_region(region, held_pdf, live_server, browser):
    page = login(browser, live_server.url, "sup")
    page.get_by_role("link", name="年报检查").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1).inner_text() == f"湖北省民政厅及下级机关 {YEAR} 年度报告监督检查"
    )
    # 3 platform agencies of the subtree (no published report) + 7 outside the platform
    summary = page.locator("#summary").inner_text()
    assert summary.startswith("共 10 个机关：按时公布 3，逾期公布 2，逾期未公布 4"), summary
    assert "岳阳市民政局" not in page.content()  # another tree
    page.wait_for_function("document.querySelector('#chart-kind canvas') !== null")
    shot(page, "supervision-1-region")

    # ranking by quality: the two clean reports published on time share the first place
    ranks = page.locator("#review tbody tr td:nth-child(1)").all_inner_texts()
    assert set(_names(page)[:2]) == {"示例市财政局", "示例县人民政府"} and ranks[:3] == ["1", "1", "3"]
    # filter: late only (published late or not at all), on the server
    page.get_by_label("显示").select_option("late")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    names = _names(page)
    assert "示例市教育局" in names and "示例市住房和城乡建设局" in names and "示例市财政局" not in names
    assert "示例市交通运输局" not in names  # undated: lateness unknown, not counted late
    # sort by days late: a header link
    page.get_by_role("link", name="逾期天数").click()
    page.wait_for_load_state()
    days = page.locator("#review tbody tr td:nth-child(8)").all_inner_texts()
    numbers = [int(d) for d in days if d.isdigit()]
    assert numbers == sorted(numbers, reverse=True) and numbers
    shot(page, "supervision-2-late-by-days")

    # a faulty report: where and why
    page.get_by_label("显示").select_option("rule")
    page.get_by_label("排序").select_option("name")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    row = page.locator("#review tbody tr", has_text="示例市卫生健康委员会")
    row.locator("summary").click()
    flags = row.locator("details li").all_inner_texts()
    assert any(f.startswith("勾稽规则1") and "本年新收政府信息公开申请数量 · 总计" in f for f in flags), flags
    assert any(f.startswith("空白3格") for f in flags), flags
    assert row.get_by_role("link", name="网站采集").get_attribute("href").endswith(".pdf")
    shot(page, "supervision-3-faulty-flags")

    # exports: the table as shown, and the 通报 of the whole region
    with page.expect_download() as dl:
        page.get_by_role("link", name="检查表 XLSX").click()
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(dl.value.path().read_bytes()))["核查"]
    listed = [sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)]
    assert sorted(listed) == sorted(_names(page))
    # the 通报 PDF: asked for, typeset in the background, then downloaded
    go, calls = held_pdf
    other_tab = page.context.new_page()  # the same page open in a second tab, before the click
    other_tab.goto(page.url)
    page.get_by_role("button", name="生成通报PDF").click()
    page.wait_for_load_state()
    status = page.locator("#bulletin").inner_text()
    assert "正在生成" in status and "下载通报 PDF" not in status, status
    assert page.get_by_role("button", name="生成通报PDF").count() == 0
    shot(page, "supervision-5-bulletin-running")
    other_tab.get_by_role("button", name="生成通报PDF").click()  # asked again meanwhile
    other_tab.wait_for_load_state()
    assert "通报PDF正在生成" in other_tab.content()
    other_tab.close()
    go.set()  # the page's script sees it done and shows the link, without a manual refresh
    page.get_by_role("link", name="下载通报 PDF").wait_for(timeout=60_000)
    assert len(calls) == 1  # one rendering
    shot(page, "supervision-6-bulletin-ready")
    with page.expect_download() as dl:
        page.get_by_role("link", name="下载通报 PDF").click()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pdf_path = OUTPUT / "supervision-bulletin.pdf"
    dl.value.save_as(pdf_path)
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert f"关于{YEAR}年度政府信息公开工作年度报告检查情况的通报" in text
    assert "示例市住房和城乡建设局" in text and "示例区人民政府" in text and "示例市卫生健康委员会" in text
    with page.expect_download() as dl:
        page.get_by_role("link", name="DOCX").click()
    import docx

    paragraphs = [p.text for p in docx.Document(dl.value.path()).paragraphs]
    assert any(p.startswith("1. 示例区人民政府（来源：") for p in paragraphs), paragraphs


def test_the_review_works_without_javascript(region, live_server, browser):
    page = login(browser, live_server.url, "sup")
    context = browser.new_context(
        locale="zh-CN", java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.add_cookies(page.context.cookies())
    plain = context.new_page()
    plain.goto(f"{live_server.url}/staff/collected/review/?year={YEAR}")
    plain.get_by_label("类型", exact=True).select_option("政府")
    plain.get_by_role("button", name="筛选").click()
    plain.wait_for_load_state()
    assert sorted(_names(plain)) == ["示例区人民政府", "示例县人民政府"]
    tally = plain.locator("table.tally").first.inner_text()
    assert "政府" in tally and "部门" in tally  # the charts' figures as tables
    shot(plain, "supervision-4-no-javascript")
    context.close()
