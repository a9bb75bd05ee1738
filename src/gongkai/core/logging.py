"""Logging that never writes applicants' personal data.

Every log record passes :class:`MaskPersonalDataFilter`, which masks resident ID numbers and
mobile/landline phone numbers in the message and its arguments.
"""

from __future__ import annotations

import logging

from gongkai.core.masking import mask_personal_data


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg = mask_personal_data(message)
        record.args = ()
        return True
