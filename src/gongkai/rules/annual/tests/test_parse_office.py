""".doc and .wps attachments (issue 15, item 2): read through LibreOffice, or a clear error."""

from __future__ import annotations

import random
import subprocess

import pytest

from gongkai.rules.annual.model import FORMAT_2019
from gongkai.rules.annual.parse import office, parse_bytes
from gongkai.rules.annual.parse.extract import UnreadableFile
from gongkai.rules.annual.render.docx import render_docx
from gongkai.rules.annual.tests.flatten import compare, random_report

needs_libreoffice = pytest.mark.skipif(
    office.soffice() is None,
    reason="LibreOffice 未安装（Debian: libreoffice-writer-nogui; make system-packages）",
)


@pytest.fixture(scope="module")
def word97(tmp_path_factory):
    """A report saved as Word 97–2003 (.doc) by LibreOffice from the project's DOCX rendering."""
    if office.soffice() is None:
        pytest.skip("LibreOffice 未安装")
    report = random_report(random.Random(8), FORMAT_2019, 2020)
    tmp = tmp_path_factory.mktemp("doc")
    (tmp / "r.docx").write_bytes(render_docx(report))
    subprocess.run(
        [office.soffice(), "--headless", "--convert-to", "doc", "--outdir", str(tmp), str(tmp / "r.docx")],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return report, (tmp / "r.doc").read_bytes()


@needs_libreoffice
@pytest.mark.parametrize("name", ["报告.doc", "报告.wps"])
def test_doc_and_wps_are_read_cell_for_cell(word97, name):
    report, data = word97
    assert data.startswith(office.OLE2)  # the binary format, not a renamed DOCX
    result = parse_bytes(data, name)
    _n, wrong, blank = compare(result.report, report)
    assert (wrong, blank) == ([], [])
    assert "LibreOffice" in result.warnings[0].message


def test_doc_without_libreoffice_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    with pytest.raises(UnreadableFile, match=r"\.wps 文件需要 LibreOffice 转换后读取，但本机未安装"):
        parse_bytes(office.OLE2 + b"\0" * 600, "报告.wps")


@needs_libreoffice
def test_a_broken_doc_is_a_clear_error():
    with pytest.raises(UnreadableFile, match=r"\.doc 文件无法转换"):
        parse_bytes(office.OLE2 + b"\0" * 600, "报告.doc")
