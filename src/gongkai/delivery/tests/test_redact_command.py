"""``gongkai redact``: the engine from the command line; exit 1 with a Chinese message on a bad file."""

from __future__ import annotations

import os
import subprocess
import sys

from . import pdfs
from .test_redaction import pdftotext

CLI = [sys.executable, "-c", "from gongkai.cli import main; main()", "redact"]


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GONGKAI_DEBUG": "0"}  # keyless: no secret key needed
    env.pop("GONGKAI_SECRET_KEY", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=120)


def test_redact_writes_the_file_and_says_how_much(tmp_path):
    src = tmp_path / "原件.pdf"
    src.write_bytes(pdfs.weasyprint_pdf())
    out = tmp_path / "公开件.pdf"
    done = _run(
        str(src),
        "-o",
        str(out),
        "--text",
        pdfs.NAME,
        "--preset",
        "id",
        "--pattern",
        r"(?<!\d)1[3-9]\d{9}(?!\d)",
    )
    assert done.returncode == 0, done.stderr
    assert "已删除 3 处（第1页），共 1 页" in done.stdout
    text = pdftotext(out.read_bytes())
    assert pdfs.NAME not in text and pdfs.ID_NUMBER not in text and pdfs.PHONE not in text
    assert pdfs.KEPT in text
    assert pdfs.NAME in pdftotext(src.read_bytes())  # the original is left as it was


def test_a_box_from_the_command_line(tmp_path):
    src = tmp_path / "a.pdf"
    src.write_bytes(pdfs.split_runs_pdf())
    done = _run(str(src), "-o", str(tmp_path / "b.pdf"), "--box", "1:60,120,400,150")
    assert done.returncode == 0, done.stderr
    assert pdfs.NAME not in pdftotext((tmp_path / "b.pdf").read_bytes())


def test_encrypted_unreadable_and_wrong_arguments_exit_1_in_chinese(tmp_path):
    enc = tmp_path / "enc.pdf"
    enc.write_bytes(pdfs.encrypted_pdf())
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    out = tmp_path / "out.pdf"
    cases = [
        ((str(enc), "-o", str(out), "--text", "x"), "该PDF文件已加密，无法区分处理"),
        ((str(bad), "-o", str(out), "--text", "x"), "无法读取该文件：不是有效的PDF文件或文件已损坏"),
        ((str(tmp_path / "none.pdf"), "-o", str(out), "--text", "x"), "找不到文件"),
        ((str(enc), "-o", str(out), "--box", "1:1,2,3"), "格式不正确，应为 页码:X0,Y0,X1,Y1"),
        ((str(enc), "-o", str(enc), "--text", "x"), "输出文件不能覆盖原文件"),
    ]
    for args, message in cases:
        done = _run(*args)
        assert done.returncode == 1, (args, done.stderr)
        assert "gongkai redact：" in done.stderr and message in done.stderr
    assert not out.exists()  # nothing half-written
