"""Issue 12 item 3: every upload path checks the file's structure, not only its first bytes — a
zip bomb named .docx, a ZIP of junk named .docx and an executable behind "%PDF-" are refused before
anything reads them further — and, when configured, ClamAV scans each file."""

from __future__ import annotations

import contextlib
import io
import socket
import struct
import threading
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.uploads import UploadError, check_attachment, check_upload
from gongkai.testing import files

MB = 1024 * 1024
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64


def docx_bomb(expanded: int = 300 * MB) -> bytes:
    """A valid .docx with one more part of zeros: about 300 KB that inflates to ``expanded`` bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(files.docx("低保标准"))) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
    ):
        for info in src.infolist():
            zf.writestr(info, src.read(info))
        with zf.open("word/media/image1.bin", "w", force_zip64=True) as part:
            block = b"\0" * MB
            for _ in range(expanded // MB):
                part.write(block)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = docx_bomb()
    assert len(data) < 400 * 1024  # the 299 KB file
    return data


JUNK_DOCX = files.zip_of(
    {"[Content_Types].xml": b"junk", "word/document.xml": b"\x00junk", "_rels/.rels": b"junk"}
)
JUNK_ZIP_DOCX = files.zip_of({"readme.txt": b"hello", "a.bin": bytes(range(256))})


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("通知.docx", JUNK_DOCX, "不是有效的 Office 文档"),
        ("通知.docx", JUNK_ZIP_DOCX, "内容与扩展名"),
        ("通知.pdf", b"%PDF-1.7\n" + ELF, "不是可以打开的 PDF"),
        ("通知.pdf", b"%PDF-1.4\n%%EOF\n", "不是可以打开的 PDF"),
        ("图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "图片已损坏"),
        ("照片.jpg", b"\xff\xd8\xff\xe0" + ELF, "图片已损坏"),
        ("旧.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 10, "不是有效的 Office 97-2003"),
        ("宏.docx", None, "含有宏"),
        ("加密.zip", None, "已加密"),
    ],
)
def test_structure_is_checked_not_only_the_magic_bytes(name, data, message):
    if name == "宏.docx":
        with zipfile.ZipFile(io.BytesIO(files.docx())) as src:
            data = files.zip_of(
                {n: src.read(n) for n in src.namelist()} | {"word/vbaProject.bin": b"\xd0\xcf"}
            )
    if name == "加密.zip":
        data = bytearray(files.zip_of({"a.txt": b"x"}, zipfile.ZIP_STORED))
        data[6] |= 1  # the local header's and the central directory's "encrypted" flag
        central = data.rindex(b"PK\x01\x02")
        data[central + 8] |= 1
        data = bytes(data)
    with pytest.raises(UploadError, match=message):
        check_attachment(name, data, 50 * MB)


def test_a_docx_that_inflates_to_300_mb_is_refused_at_once(bomb):
    import time

    started = time.monotonic()
    with pytest.raises(UploadError, match=r"解压后达 3\d\d MB"):
        check_attachment("通知.docx", bomb, 50 * MB)
    assert time.monotonic() - started < 5  # sizes are read from the directory, nothing inflated


def test_the_ratio_limit_catches_a_smaller_bomb(settings):
    data = docx_bomb(20 * MB)
    with pytest.raises(UploadError, match="压缩比异常"):
        check_attachment("通知.docx", data, 50 * MB)
    settings.GONGKAI_UPLOAD_MAX_RATIO = 100_000
    assert check_attachment("通知.docx", data, 50 * MB) == "docx"


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("通知.pdf", files.pdf, "pdf"),
        ("图.PNG", files.png, "png"),
        ("照片.jpeg", files.jpg, "jpg"),
        ("表.docx", files.docx, "docx"),
        ("表.xlsx", files.xlsx, "xlsx"),
        ("旧.doc", files.ole, "doc"),
        ("旧.wps", files.ole, "wps"),
        ("材料.zip", lambda: files.zip_of({"a.txt": b"x"}), "zip"),
    ],
)
def test_real_files_of_every_kind_pass(name, make, kind):
    assert check_attachment(name, make(), 50 * MB) == kind


def test_text_kinds_refuse_binary_content():
    assert check_upload("报告.html", "<p>年度报告</p>".encode(), MB, ("html",)) == "html"
    assert check_upload("报告.txt", "年度报告".encode("gb18030"), MB, ("txt",)) == "txt"
    with pytest.raises(UploadError, match="不是文本或网页"):
        check_upload("报告.txt", ELF, MB, ("txt",))
    with pytest.raises(UploadError, match="不是文本或网页"):
        check_upload("报告.html", files.pdf(), MB, ("html",))


# --- every upload path uses the check -------------------------------------------------------------


@pytest.mark.django_db
def test_every_upload_path_refuses_the_bomb_and_the_fake_pdf(
    bomb, client, agency_tree, make_staff, workflow, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from gongkai.collected.models import CollectedReport
    from gongkai.disclosure import services
    from gongkai.disclosure.models import Attachment

    city = agency_tree["city"]
    editor, _ = workflow.staff_for(city)
    doc = workflow.draft(city, editor)
    fake_pdf = b"%PDF-1.7\n" + ELF
    # 1. a document's attachment (service and page)
    for name, data in (("附件.docx", bomb), ("附件.pdf", fake_pdf)):
        with pytest.raises(UploadError):
            services.add_attachment(editor, doc, name, data)
    client.force_login(editor)
    page = client.post(
        reverse("staff:document_attach", args=[doc.pk]),
        {"file": SimpleUploadedFile("附件.docx", bomb)},
        follow=True,
    ).content.decode()
    assert "解压后达 301 MB" in page and not Attachment.objects.exists()
    # 2. a Word file given as the body
    page = client.post(
        reverse("staff:document_edit", args=[doc.pk]),
        {
            "title": doc.title,
            "category": doc.category_id,
            "written_on": "2025-03-03",
            "disclosure_mode": "proactive",
            "body_docx": SimpleUploadedFile("正文.docx", bomb),
        },
    ).content.decode()
    assert "解压后达 301 MB" in page
    # 3. collected annual reports
    admin = make_staff(city, "agency_admin", username="city-admin")
    client.force_login(admin)
    for name, data in (("年报.docx", bomb), ("年报.pdf", fake_pdf)):
        page = client.post(
            reverse("staff:collected_upload"), {"files": [SimpleUploadedFile(name, data)]}, follow=True
        ).content.decode()
        assert "解压后达 301 MB" in page or "不是可以打开的 PDF" in page
    assert not CollectedReport.objects.exists()
    # 4. the public's message attachments
    from gongkai.interaction.services import check_files

    for name, data in (("证明.pdf", fake_pdf), ("证明.docx", JUNK_DOCX)):
        with pytest.raises(ValidationError, match="附件"):
            check_files([(name, data)])


# --- ClamAV ---------------------------------------------------------------------------------------

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd:
    """A clamd speaking INSTREAM on a unix socket: finds EICAR, else OK; records what it was sent."""

    def __init__(self, path: str):
        self.path, self.received = path, []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                assert self._read(conn, 10) == b"zINSTREAM\0"
                body = b""
                while size := struct.unpack("!I", self._read(conn, 4))[0]:
                    body += self._read(conn, size)
                self.received.append(body)
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if EICAR in body else b"stream: OK\0")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture
def clamd(settings, tmp_path):
    import tempfile

    # unix socket paths are short: a fresh private directory under /tmp, not pytest's long tmp_path
    path = str(Path(tempfile.mkdtemp(prefix="clamd-", dir="/tmp")) / "s.sock")
    daemon = FakeClamd(path)
    settings.GONGKAI_CLAMD_SOCKET = path
    yield daemon
    daemon.close()


def test_clamav_scans_every_upload_and_refuses_what_it_finds(clamd):
    clean = files.pdf()
    assert check_attachment("通知.pdf", clean, 50 * MB) == "pdf"
    assert clamd.received == [clean]
    infected = files.zip_of({"eicar.com": EICAR}, zipfile.ZIP_STORED)
    with pytest.raises(UploadError, match="未通过病毒扫描（Eicar-Test-Signature）"):
        check_attachment("材料.zip", infected, 50 * MB)
    assert clamd.received[-1] == infected
    with pytest.raises(UploadError, match="未通过病毒扫描"):  # the collected reports' path too
        check_upload("年报.txt", b"2024 " + EICAR, MB, ("txt",))


def test_clamav_configured_but_unreachable_refuses_uploads(settings, clamd):
    clamd.close()
    with pytest.raises(UploadError, match="病毒扫描服务暂时不可用"):
        check_attachment("通知.pdf", files.pdf(), 50 * MB)
    settings.GONGKAI_CLAMD_SOCKET = ""
    assert check_attachment("通知.pdf", files.pdf(), 50 * MB) == "pdf"
