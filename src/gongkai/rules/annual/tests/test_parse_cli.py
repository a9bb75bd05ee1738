"""``gongkai annual parse`` and ``gongkai annual check`` as a user runs them (a subprocess, so
this package's tests import no Django)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "parse_fixtures"


def gongkai(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "annual", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_parse_one_file_prints_the_report_as_json():
    run = gongkai("parse", str(FIXTURES / "005.src.txt"), "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    expected = json.loads((FIXTURES / "005.expected.json").read_text("utf-8"))
    expected.pop("ambiguous")
    # 表二's glued "行政规范性文件6233440" has several splits: blank with a warning on stderr.
    expected["active_disclosure"]["normative_documents"] = {
        "issued": None,
        "repealed": None,
        "in_force": None,
    }
    assert report == expected
    assert "拆分方式不唯一" in run.stderr


def test_parse_many_writes_jsonl_and_a_summary(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("001.src.txt", "008.src.txt"):
        (tmp_path / "in" / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "in" / "notes.txt").write_text("会议纪要：本次会议研究了三项工作。", "utf-8")
    (tmp_path / "in" / "broken.pdf").write_bytes(b"not a pdf")
    out = tmp_path / "out.jsonl"
    run = gongkai("parse", str(tmp_path / "in"), "--jsonl", str(out))
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    by_name = {Path(line["source"]).name: line for line in lines}
    assert set(by_name) == {"001.src.txt", "008.src.txt", "notes.txt", "broken.pdf"}
    assert by_name["001.src.txt"]["report"]["year"] == 2020
    assert [f["rule"] for f in by_name["001.src.txt"]["findings"]] == [3, 3]
    assert by_name["broken.pdf"]["error"] and by_name["notes.txt"]["error"]
    assert "parsed=2 with_warnings=2 findings=2 failed=2" in run.stderr


def test_parse_strict_exits_1_on_any_finding():
    run = gongkai("parse", str(FIXTURES / "001.src.txt"), "--json", "--strict")
    assert run.returncode == 1
    assert "规则3" in run.stderr
    assert gongkai("parse", str(FIXTURES / "005.src.txt"), "--json", "--strict").returncode == 0


def test_check_prints_each_planted_inconsistency_and_exits_1(tmp_path):
    report = json.loads((FIXTURES / "005.expected.json").read_text("utf-8"))
    report.pop("ambiguous")
    report["applications"]["granted"]["total"] = 70  # rule 1 (and 3: the column no longer adds up)
    report["applications"]["carried_forward"]["other_org"] = 1  # rule 2
    report["appeals"]["reconsideration"]["total"] = 8  # rule 4
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    prose = tmp_path / "prose.txt"
    prose.write_text("全年共收到政府信息公开申请220件。", "utf-8")
    run = gongkai("check", str(path), "--text", str(prose))
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    assert sorted({line.split()[0] for line in lines}) == ["规则1", "规则2", "规则3", "规则4", "规则6"]
    assert any("三、申请情况 · （一）予以公开 · 总计 应为 71，实为 70" in line for line in lines)
    assert any(line.startswith("规则2") and "法人或其他组织·其他 应为 0，实为 1" in line for line in lines)
    assert any(
        line.startswith("规则4") and "四、复议诉讼情况 · 行政复议 · 总计 应为 7，实为 8" in line
        for line in lines
    )
    assert any(line.startswith("规则6") and "正文为 220，表格为 218" in line for line in lines)


def test_check_a_consistent_report_prints_nothing(tmp_path):
    report = json.loads((FIXTURES / "005.expected.json").read_text("utf-8"))
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    run = gongkai("check", str(path))
    assert (run.returncode, run.stdout) == (0, "")


@pytest.mark.parametrize(
    ("content", "message"), [("{not json", "不是有效的 JSON"), ("[1, 2]", "缺少 format")]
)
def test_check_bad_input_is_a_clear_chinese_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    run = gongkai("check", str(path))
    assert run.returncode != 0
    assert message in run.stderr


def test_parse_missing_file_is_a_clear_chinese_error(tmp_path):
    run = gongkai("parse", str(tmp_path / "nothing.html"), "--json")
    assert run.returncode != 0
    assert "找不到文件或目录" in run.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "文件是空的"),
        ("blank.html", b"  \n\n ", "文件是空的"),
        ("binary.txt", bytes(range(256)) * 400, "二进制内容"),
        ("random.pdf", b"\x7fELF" + bytes(range(256)) * 100, "不符"),
        ("notes.txt", "今天天气很好，我们去公园散步。".encode(), "没有找到年度报告的表格"),
    ],
)
def test_parse_of_a_file_with_no_report_in_it_exits_2_with_no_json(tmp_path, name, content, message):
    """Issue 12 item 6: these used to exit 0 with an all-null report on stdout."""
    path = tmp_path / name
    path.write_bytes(content)
    run = gongkai("parse", str(path), "--json")
    assert (run.returncode, run.stdout) == (2, "")
    assert message in run.stderr and name in run.stderr


def test_parse_of_50_mb_of_random_bytes_is_refused_at_once(tmp_path):
    import os

    path = tmp_path / "random.txt"
    path.write_bytes(os.urandom(50 * 1024 * 1024))
    run = gongkai("parse", str(path), "--json")
    assert (run.returncode, run.stdout) == (2, "")
    assert "超过10MB" in run.stderr


def test_parse_many_exits_2_when_not_one_file_was_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\nMZ\x90\x00 not a pdf")
    run = gongkai("parse", str(tmp_path), "--jsonl", str(tmp_path / "out.jsonl"))
    assert run.returncode == 2 and "没有读取到任何年度报告" in run.stderr
    assert len((tmp_path / "out.jsonl").read_text("utf-8").splitlines()) == 2  # each file's error is there
    empty = tmp_path / "none"
    empty.mkdir()
    run = gongkai("parse", str(empty), "--jsonl", "-")
    assert run.returncode == 2 and "没有找到报告文件" in run.stderr


def test_parse_of_a_docx_bomb_is_refused_without_inflating_it(tmp_path):
    """A 300 KB .docx that expands to 300 MB: the sizes in the ZIP directory are enough to refuse it."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        with zf.open("word/media/image1.bin", "w", force_zip64=True) as part:
            for _ in range(300):
                part.write(b"\0" * 1024 * 1024)
    path = tmp_path / "年报.docx"
    path.write_bytes(out.getvalue())
    run = gongkai("parse", str(path), "--json")
    assert (run.returncode, run.stdout) == (2, "")
    assert "解压后达 300 MB" in run.stderr
