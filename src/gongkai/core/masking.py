"""Masking of personal data (身份证号, 电话, 电子邮箱) for lists, exports and logs."""

from __future__ import annotations

import re

_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])|(?<![0-9A-Za-z])(\d{6})\d{6}(\d{3})(?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)")


def mask_id_number(value: str) -> str:
    """``420102199001011234`` → ``420102********1234``; short values keep only their last 2 characters."""
    value = (value or "").strip()
    if len(value) >= 10:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    return "*" * max(len(value) - 2, 0) + value[-2:]


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``."""
    value = (value or "").strip()
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * len(value)


def mask_email(value: str) -> str:
    """``zhang.san@example.cn`` → ``z***@example.cn``: the first character of the mailbox and the
    domain (enough to recognise it), never the whole mailbox."""
    value = (value or "").strip()
    if "@" not in value:
        return "*" * len(value)
    local, domain = value.rsplit("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_personal_data(text: str) -> str:
    """Mask every ID number and phone number found in free text."""

    def _id(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1) + "********" + m.group(2)
        return m.group(3) + "******" + m.group(4)

    text = _ID_NUMBER.sub(_id, text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
