"""The PDF export: A4 pages whose Chinese text can be extracted and whose fonts travel with it."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

from gongkai.rules.annual.render import render

CORPUS = Path("/work/shared/corpus/annual-reports")
PROSE = {
    "overview": "本年度共主动公开政府信息14571条。",
    "problems": "公开质量有待提升。",
    "other_matters": "本年度未收取信息处理费。",
}


def noto_installed() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    return "Noto" in out


pytestmark = pytest.mark.skipif(not noto_installed(), reason="fonts-noto-cjk is not installed")


@pytest.fixture(scope="module")
def pdf():
    path = CORPUS / "004.expected.json"
    if not path.exists():
        pytest.skip(f"corpus file {path} not present")
    data = render(json.loads(path.read_text(encoding="utf-8")), "pdf", prose=PROSE)
    assert data.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(data)) as document:
        yield document


def test_pages_are_a4(pdf):
    assert len(pdf.pages) >= 2
    for page in pdf.pages:
        assert (round(page.width * 25.4 / 72), round(page.height * 25.4 / 72)) == (210, 297)


def test_chinese_text_and_figures_can_be_extracted(pdf):
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for phrase in (
        "平潭综合实验区2022年度政府信息公开工作",
        "一、总体情况",
        "本年度共主动公开政府信息14571条。",
        "三、收到和处理政府信息公开申请情况",
        "法人或其他组织",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ):
        assert phrase in text, phrase
    lines = text.splitlines()
    assert "行政规范性文件 88 55 698" in lines
    assert "行政事业性收费 9116.36" in lines
    assert "1.本机关不掌握相关政府信息 37 0 0 0 0 0 37" in lines
    assert "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0" in lines  # section 四: fifteen figures in one row
    assert "— 1 —" in pdf.pages[0].extract_text()


def test_cjk_fonts_are_embedded(pdf):
    used = {char["fontname"] for page in pdf.pages for char in page.chars}
    assert any("Noto-Serif-CJK-SC" in name for name in used)  # body and tables
    assert any("Noto-Sans-CJK-SC" in name for name in used)  # 黑体 headings fall back to Noto Sans
    descriptors = []
    for xref in pdf.doc.xrefs:
        for objid in xref.get_objids():
            obj = resolve1(pdf.doc.getobj(objid))
            if isinstance(obj, dict) and "FontName" in obj and "Flags" in obj:
                descriptors.append(obj)
    assert descriptors
    for descriptor in descriptors:  # every font the PDF uses carries its glyphs
        assert {"FontFile", "FontFile2", "FontFile3"} & set(descriptor), descriptor["FontName"]


def test_no_chinese_font_is_a_clear_error(monkeypatch):
    from gongkai.rules.annual import model
    from gongkai.rules.annual.render import ReportError
    from gongkai.rules.annual.render import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "chinese_fonts_installed", lambda: False)
    with pytest.raises(ReportError, match="未安装中文字体"):
        render(model.zero_report(), "pdf")


def test_the_pdf_ends_with_its_sign_off_agency_over_date():
    """The report's 落款: the agency's name over the date, right-aligned, after section 六."""
    import datetime as dt

    from gongkai.rules.annual.model import zero_report

    report = zero_report("2021", 2025, "随州市民政局")
    data = render(report, "pdf", prose=PROSE, sign_off=("随州市民政局", dt.date(2026, 1, 8)))
    with pdfplumber.open(io.BytesIO(data)) as document:
        last = document.pages[-1]
        lines = [line for line in (last.extract_text() or "").splitlines() if line.strip()]
        assert lines[-3:-1] == ["随州市民政局", "2026年1月8日"]  # the page number comes last
        words = {w["text"]: w for w in last.extract_words()}
        agency, date = words["随州市民政局"], words["2026年1月8日"]
        assert agency["x0"] > last.width / 2 and date["x0"] > last.width / 2  # right, not left
        assert date["top"] > agency["top"]


def test_a_sign_off_without_agency_is_refused():
    import datetime as dt

    from gongkai.rules.annual.model import zero_report
    from gongkai.rules.annual.render.layout import ReportError

    with pytest.raises(ReportError, match="落款"):
        render(zero_report("2021", 2025, ""), "html", sign_off=("", dt.date(2026, 1, 8)))
