"""Scanned reports (issue 15, item 2): the table grid, OCR cells in the parser's model, and the
rule that nothing uncertain is kept. The full accuracy matrix (150/300 dpi, clean and noisy) is
``bench/parse_ocr.py``; here one report at 150 dpi, to keep the suite fast."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw

from gongkai.rules.annual.model import FORMAT_2021
from gongkai.rules.annual.parse import ocr as ocr_module
from gongkai.rules.annual.parse import parse_bytes, parse_text
from gongkai.rules.annual.parse.cells import UNSURE
from gongkai.rules.annual.parse.extract import UnreadableFile
from gongkai.rules.annual.parse.grid import find_tables, ink_mask, prepare
from gongkai.rules.annual.parse.report import distrust_ocr_rows
from gongkai.rules.annual.tests.flatten import compare, flatten, random_report

needs_tesseract = pytest.mark.skipif(
    ocr_module.tesseract() is None,
    reason="Tesseract 或其简体中文模型未安装（Debian: tesseract-ocr tesseract-ocr-chi-sim; make system-packages）",
)


def _ruled_page(angle: float = 0.0) -> Image.Image:
    """A page with one table: 3 columns at x=100,300,500,700 and rows at y=100,160,220,280;
    the first cell spans two columns (colspan), the left cell of rows 2–3 spans two rows."""
    page = Image.new("L", (1000, 500), 255)
    d = ImageDraw.Draw(page)
    xs, ys = (100, 300, 500, 700), (100, 160, 220, 280)
    for y in ys:
        d.line((100, y, 700, y), fill=0, width=2)
    for x in xs:
        d.line((x, 100, x, 280), fill=0, width=2)
    d.rectangle((290, 103, 310, 157), fill=255)  # no border between (0,0) and (0,1): colspan
    d.rectangle((103, 210, 297, 230), fill=255)  # no border between (1,0) and (2,0): rowspan
    d.text((150, 120), "A", fill=0)
    return page.rotate(angle, fillcolor=255, resample=Image.Resampling.BICUBIC) if angle else page


@pytest.mark.parametrize("angle", [0.0, 1.0, -0.8])
def test_the_grid_of_a_ruled_table_is_found_with_its_merged_cells(angle):
    page = prepare(_ruled_page(angle))
    (table,) = find_tables(ink_mask(page))
    assert (table.n_rows, table.n_cols) == (3, 3)
    shape = [[(c.col, c.rows, c.cols) for c in row] for row in table.rows()]
    assert shape == [
        [(0, 1, 2), (2, 1, 1)],  # colspan 2, then one cell
        [(0, 2, 1), (1, 1, 1), (2, 1, 1)],  # rowspan 2 starts here
        [(1, 1, 1), (2, 1, 1)],  # covered by the rowspan: two cells of its own
    ]


def _tabs_text(report):
    text, _name = flatten(report, "tabs")
    return text


def test_a_number_read_without_certainty_keeps_its_place_and_is_not_kept():
    report = random_report(random.Random(2), FORMAT_2021, 2023)
    report["applications"]["granted"] = {
        "natural_person": 7,
        "commercial_enterprise": 0,
        "research_institution": 0,
        "social_welfare_org": 0,
        "legal_service_org": 0,
        "other_org": 0,
        "total": 7,
    }
    text = _tabs_text(report)
    line = next(ln for ln in text.split("\n") if "予以公开" in ln)
    unsure = line.replace("\t7\t", f"\t{UNSURE}7\t", 1)
    result = parse_text(text.replace(line, unsure))
    granted = result.report["applications"]["granted"]
    assert granted["natural_person"] is None  # not 7: the recogniser was not sure
    assert granted["total"] == 7 and granted["commercial_enterprise"] == 0  # the others in place
    assert any(w.where == "applications.granted" and "文字识别不确定" in w.message for w in result.warnings)


def test_an_ocr_row_that_breaks_its_sum_is_blanked_and_reported():
    report = random_report(random.Random(4), FORMAT_2021, 2023)
    report["appeals"]["reconsideration"] = {"upheld": 2, "corrected": 1, "other": 0, "pending": 0, "total": 3}
    text = _tabs_text(report)
    row = "\t".join(["2", "1", "0", "0", "3"])
    assert row in text
    result = parse_text(text.replace(row, "\t".join(["2", "7", "0", "0", "3"]), 1))  # 1 misread as 7
    assert result.report["appeals"]["reconsideration"]["corrected"] == 7  # a text source: kept
    distrust_ocr_rows(result)
    assert result.report["appeals"]["reconsideration"] == dict.fromkeys(
        ("upheld", "corrected", "other", "pending", "total")
    )
    (warning,) = [w for w in result.warnings if w.where == "appeals.reconsideration"]
    assert "不满足本行勾稽关系" in warning.message and "2、7、0、0、3" in warning.message
    assert not [f for f in result.findings if f.rule == 4]


def test_a_scan_without_tesseract_is_a_clear_error(monkeypatch):
    from gongkai.rules.annual.tests.scans import page_images

    weasyprint = pytest.importorskip("weasyprint")
    pdf = weasyprint.HTML(
        string="<p style='font-size:40px'>某县2023年政府信息公开工作年度报告</p>"
    ).write_pdf()
    (page,) = page_images(pdf, 100)
    scan = _image_pdf([page], 100)
    monkeypatch.setattr(ocr_module, "tesseract", lambda: None)
    with pytest.raises(UnreadableFile, match="未安装 Tesseract"):
        parse_bytes(scan, "scan.pdf")


def _image_pdf(pages, dpi):
    import io

    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return buf.getvalue()


@needs_tesseract
def test_a_report_scanned_at_150_dpi_is_read_with_no_wrong_number():
    from gongkai.rules.annual.tests.scans import rendered, scanned_pdf

    report = random_report(random.Random(5), FORMAT_2021, 2023)
    scan = scanned_pdf(rendered(report), 150, noisy=False)
    assert b"/Font" not in scan  # images only: no text layer
    result = parse_bytes(scan, "scan.pdf")
    n, wrong, blank = compare(result.report, report)
    assert wrong == []
    assert len(blank) <= n * 0.2, blank  # measured: 19 of 198 blank (bench/parse_ocr.py)
    assert "文字识别" in result.warnings[0].message
    # every blank cell says why
    for path in blank:
        section, *rest = path.split("/")
        assert any(w.where.startswith(section) for w in result.warnings)


def test_an_unsure_count_is_kept_only_when_its_row_sum_proves_the_reading():
    from gongkai.rules.annual.parse.ocr import confirm_by_sums

    u = UNSURE
    label = "1.属于国家秘密"
    # 2 + 0 + 0 + 0 + 1 + 0 = 3: the unsure "1" is what the sum says
    assert confirm_by_sums([label, "2", "0", "0", "0", u + "1", "0", "3"]) == [
        label,
        "2",
        "0",
        "0",
        "0",
        "1",
        "0",
        "3",
    ]
    # the sum says 4, the reading 1: stays unsure (never computed from the sum)
    row = [label, "2", "0", "0", "0", u + "1", "0", "6"]
    assert confirm_by_sums(row) == row
    # read as nothing: stays unsure; two unsure cells: both stay
    assert confirm_by_sums([label, "2", u, "0", "0", "1", "0", "3"])[2] == u
    row = [label, u + "2", "0", "0", "0", u + "1", "0", "3"]
    assert confirm_by_sums(row) == row
    # section 四: three groups of five
    line = ["1", "0", "0", u + "2", "3", "0", "0", "0", "0", "0", "4", "0", "0", "0", "4"]
    assert confirm_by_sums(line)[3] == "2"
