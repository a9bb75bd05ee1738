"""``gongkai annual render``'s function: files in, files out, Chinese errors."""

from __future__ import annotations

import json

import openpyxl
import pytest
from lxml import html as lxml_html

from gongkai.rules.annual import model
from gongkai.rules.annual.render import ReportError
from gongkai.rules.annual.render.cli import render_main


@pytest.fixture
def report_file(tmp_path):
    report = model.zero_report("2021", 2024, "某某市民政局")
    report["applications"]["new_received"]["natural_person"] = 12
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


def test_renders_to_the_named_file(report_file, tmp_path):
    out = render_main(report_file, "xlsx", tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb["三、收到和处理政府信息公开申请情况"]["D6"].value == 12


def test_format_from_suffix_and_default_output(report_file, tmp_path):
    prose = tmp_path / "prose.json"
    prose.write_text(json.dumps({"overview": "共受理申请12件。"}, ensure_ascii=False), encoding="utf-8")
    out = render_main(report_file, None, tmp_path / "r.html", prose_path=prose)
    page = lxml_html.fromstring(out.read_bytes())
    assert page.findtext(".//h1") == "某某市民政局2024年度政府信息公开工作年度报告"
    assert page.findtext(".//section/p") == "共受理申请12件。"
    default = render_main(report_file, "docx")
    assert default == report_file.with_suffix(".docx") and default.read_bytes()[:2] == b"PK"


def test_errors_are_chinese(report_file, tmp_path):
    with pytest.raises(ReportError, match="找不到年度报告文件"):
        render_main(tmp_path / "missing.json", "html", tmp_path / "x.html")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "2021",', encoding="utf-8")
    with pytest.raises(ReportError, match="不是有效的 JSON（第 1 行"):
        render_main(broken, "html", tmp_path / "x.html")
    with pytest.raises(ReportError, match="请用 --to 指定导出格式"):
        render_main(report_file, None, tmp_path / "x.txt")
    with pytest.raises(ReportError, match="不支持的导出格式"):
        render_main(report_file, "odt", tmp_path / "x.odt")
    assert not (tmp_path / "x.html").exists()


def test_argparse_wiring_renders_to_stdout(report_file, capsysbinary):
    import argparse

    from gongkai.rules.annual.render.cli import add_render_arguments, render_from_options

    parser = argparse.ArgumentParser()
    add_render_arguments(parser)
    options = vars(parser.parse_args([str(report_file), "--to", "html", "-o", "-", "--title", "测试标题"]))
    assert render_from_options(options) is None
    page = lxml_html.fromstring(capsysbinary.readouterr().out)
    assert page.findtext(".//h1") == "测试标题"
    with pytest.raises(SystemExit):
        parser.parse_args([str(report_file), "--to", "odt"])
