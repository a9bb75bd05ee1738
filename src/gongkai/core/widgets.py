"""Date and time inputs for every form (one place).

``<input type="date">`` only takes an ISO value (``2025-11-20``); with the zh-hans locale Django
renders ``2025/11/20``, which browsers drop — the field comes up empty, a required date must be
retyped and an optional one (变更日期, 废止日期) is silently cleared on save. These widgets always
render ISO, and ``datetime-local`` in the form ``2025-11-20T09:30`` of the site's time zone
(Asia/Shanghai; Django converts aware values to it before formatting).
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATETIME_INPUT_FORMATS = [ISO_DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


def datetime_field(label: str, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=DATETIME_INPUT_FORMATS, **kwargs
    )
