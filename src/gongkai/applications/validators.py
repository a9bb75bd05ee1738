"""Checks of applicants' identity data (GB 11643 resident ID numbers, phone numbers)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def resident_id_ok(value: str) -> bool:
    """An 18-character resident ID number with a valid birth date and check digit (GB 11643-1999)."""
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return _CHECK[sum(int(c) * w for c, w in zip(value[:17], _WEIGHTS, strict=True)) % 11] == value[17]


def validate_id_number(id_type: str, value: str) -> str:
    value = (value or "").strip().upper()
    if not value:
        raise ValidationError("请填写证件号码")
    if id_type == "resident_id" and not resident_id_ok(value):
        raise ValidationError("居民身份证号码不正确，请核对（18位，最后一位可为X）")
    if id_type == "credit_code" and not re.fullmatch(
        r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", value
    ):
        raise ValidationError("统一社会信用代码应为18位")
    if len(value) > 40:
        raise ValidationError("证件号码过长")
    return value


def validate_phone(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value or "")
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"0\d{2,3}\d{7,8}", digits):
        return digits
    raise ValidationError("请填写有效的联系电话（11位手机号或带区号的固定电话）")
