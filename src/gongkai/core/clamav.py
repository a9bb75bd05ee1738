"""Optional virus scan of uploads by a ClamAV daemon (等保2.0 恶意代码防范).

Set ``GONGKAI_CLAMD_SOCKET`` to the daemon's unix socket (e.g. ``/run/clamav/clamd.ctl``) or
``host:port`` (e.g. ``127.0.0.1:3310``). Each upload is streamed with clamd's INSTREAM command;
a file the daemon reports as infected is refused, and so is every file while the daemon cannot be
reached (fail closed: the scan is configured, so nothing passes unscanned).
"""

from __future__ import annotations

import logging
import socket
import struct

from django.conf import settings

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


class ScanUnavailable(OSError):
    """The daemon could not be asked, or gave no clear answer."""


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: str | tuple[str, int] = address
    else:
        host, _, port = address.rpartition(":")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        target = (host or "127.0.0.1", int(port))
    sock.settimeout(timeout)
    try:
        sock.connect(target)
    except OSError:
        sock.close()
        raise
    return sock


def instream(address: str, data: bytes, timeout: float = 30.0) -> str:
    """clamd's answer for ``data``: ``"OK"``, or the signature name when it found something.
    Raises :class:`ScanUnavailable` when the daemon cannot be reached or answers with an error."""
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack("!I", len(chunk)) + chunk)
            sock.sendall(struct.pack("!I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as exc:
        raise ScanUnavailable(str(exc)) from exc
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK" | "stream: Eicar-Signature FOUND" | "INSTREAM size limit exceeded. ERROR"
    body = answer.split(":", 1)[1].strip() if ":" in answer else answer
    if body == "OK":
        return "OK"
    if body.endswith(" FOUND"):
        return body[: -len(" FOUND")].strip() or "未知病毒"
    raise ScanUnavailable(answer or "无应答")


def scan_upload(name: str, data: bytes) -> None:
    """Refuse ``data`` (UploadError, Chinese) if the configured daemon finds malware in it or cannot
    be asked; nothing happens when no daemon is configured."""
    from .uploads import UploadError

    address = getattr(settings, "GONGKAI_CLAMD_SOCKET", "")
    if not address:
        return
    try:
        verdict = instream(address, data, float(getattr(settings, "GONGKAI_CLAMD_TIMEOUT", 30)))
    except ScanUnavailable as exc:
        logger.error("ClamAV scan unavailable (%s): upload refused", exc)
        raise UploadError("病毒扫描服务暂时不可用，文件未接收，请稍后再试") from None
    if verdict != "OK":
        logger.warning("ClamAV found %s in an upload: refused", verdict)
        raise UploadError(f"文件未通过病毒扫描（{verdict}），已拒收")
