"""`gongkai sitecheck URL --json` and the 自查报告 export."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from gongkai.sitecheck import report as export


def _run(*args) -> str:
    out = io.StringIO()
    call_command("sitecheck", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_output_is_one_object(servers):
    site, _ = servers
    data = json.loads(
        _run(
            site.base + "/",
            "--json",
            "--max-pages",
            "40",
            "--concurrency",
            "4",
            "--rate",
            "0",
            "--timeout",
            "1.5",
            "--retries",
            "0",
            "--no-external",
        )
    )
    assert data["pages"] >= 20 and data["links"] > data["pages"]
    kinds = {f["kind"] for f in data["findings"]}
    assert {"stale_column", "empty_column", "broken_link", "text_error", "missing_metadata"} <= kinds
    for f in data["findings"]:
        assert set(f) == {"kind", "page", "target", "evidence", "indicator"}


def test_text_output_and_exports(servers, tmp_path):
    site, _ = servers
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    text = _run(
        site.base + "/",
        "--max-pages",
        "40",
        "--rate",
        "0",
        "--timeout",
        "1.5",
        "--retries",
        "0",
        "--no-external",
        "--xlsx",
        str(xlsx),
        "--pdf",
        str(pdf),
    )
    assert "栏目不更新" in text and "整改" in text

    from openpyxl import load_workbook

    rows = list(load_workbook(xlsx)["问题清单"].iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "指标", "问题类型")
    assert rows[1][1].startswith("单项否决")  # single-veto indicators come first
    assert any(r[2] == "不可用链接" and r[4].endswith("/gone.html") for r in rows[1:])

    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0].extract_text()
    assert "网站自查报告" in first and "空白栏目" in first


def test_bad_url_is_refused_in_chinese():
    with pytest.raises(CommandError, match="网址"):
        _run("www.example.gov.cn")


def test_report_groups_by_indicator():
    report = {
        "site": "http://x.gov.cn/",
        "started_at": "2026-11-20T09:00:00+00:00",
        "pages": 1,
        "links": 2,
        "veto": [],
        "findings": [
            {"kind": "broken_link", "page": "p", "target": "t", "evidence": "e", "indicator": "B"},
            {"kind": "empty_column", "page": "c", "target": "c", "evidence": "e", "indicator": "单项否决·A"},
            {"kind": "broken_link", "page": "p2", "target": "t2", "evidence": "e", "indicator": "B"},
        ],
    }
    groups = export.grouped(report)
    assert list(groups) == ["单项否决·A", "B"] and len(groups["B"]) == 2
    assert "未触及单项否决指标" in export.render_html(report)


def test_config_file_adds_leaders_and_sensitive_words(servers, tmp_path):
    site, _ = servers
    path = tmp_path / "site.json"
    path.write_text(
        json.dumps(
            {"leaders": [{"name": "王建国", "titles": ["局长"]}], "sensitive_words": ["测试敏感词"]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    data = json.loads(
        _run(
            site.base + "/",
            "--json",
            "--config",
            str(path),
            "--max-pages",
            "40",
            "--rate",
            "0",
            "--timeout",
            "1.5",
            "--retries",
            "0",
            "--no-external",
        )
    )
    evidence = " ".join(f["evidence"] for f in data["findings"] if f["kind"] == "text_error")
    assert "王建图局长" in evidence and "测试敏感词" in evidence
    bad = tmp_path / "bad.json"
    bad.write_text('{"colour": 1}', encoding="utf-8")
    with pytest.raises(CommandError, match="未知"):
        _run(site.base + "/", "--config", str(bad))


def test_history_file_holds_back_external_links_until_confirmed(servers, tmp_path):
    site, ext = servers
    record = tmp_path / "history.json"
    args = (
        site.base + "/",
        "--json",
        "--history",
        str(record),
        "--max-pages",
        "1",
        "--rate",
        "0",
        "--timeout",
        "1.5",
        "--retries",
        "0",
    )
    first = json.loads(_run(*args))
    assert ext.base + "/missing" not in {f["target"] for f in first["findings"]}
    assert ext.base + "/missing" in json.loads(record.read_text(encoding="utf-8"))


def test_an_unreachable_site_reports_so_and_exits_non_zero():
    """Issue 12 item 6: nothing could be read → the report says 站点无法访问 and the status is 2."""
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(
            "sitecheck",
            f"http://127.0.0.1:{port}/",
            "--json",
            "--retries",
            "0",
            "--timeout",
            "1",
            stdout=out,
            stderr=err,
        )
    assert exited.value.code == 2 and "未能打开网站首页" in err.getvalue()
    assert json.loads(out.getvalue())["findings"][0]["kind"] == "site_unreachable"
