"""Every date and datetime field of every form renders an ISO value (issue 11, item 4): with the
zh-hans locale Django's default is 2025/11/20, which <input type="date"> drops."""

import datetime as dt
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.utils import timezone, translation

import gongkai
from gongkai.core.widgets import DateInput, DateTimeInput

SKIP = re.compile(r"\.(tests|migrations|management)(\.|$)|\.(settings|test_settings|wsgi|celery)$")


def all_forms() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if not SKIP.search(info.name):
            importlib.import_module(info.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return sorted((f for f in seen if f.__module__.startswith("gongkai.")), key=lambda f: f.__qualname__)


def date_fields():
    return [
        (form, name, field)
        for form in all_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]


def test_the_forms_with_dates_are_found():
    names = {f"{form.__name__}.{name}" for form, name, _ in DATE_FIELDS}
    assert {
        "DocumentForm.written_on",
        "DocumentForm.changed_on",
        "DocumentForm.expires_on",
        "ReceiptForm.received_on",
        "TransitionForm.publish_at",
        "CaseForm.filed_on",
        "ValidityForm.on",
    } <= names


DATE_FIELDS = date_fields()


@pytest.mark.parametrize(
    ("form", "name", "field"), DATE_FIELDS, ids=[f"{f.__name__}.{n}" for f, n, _ in DATE_FIELDS]
)
def test_every_date_field_renders_iso_in_the_chinese_locale(form, name, field, settings):
    with translation.override("zh-hans"):
        if isinstance(field, forms.DateTimeField):
            assert isinstance(field.widget, DateTimeInput), (
                f"{form.__name__}.{name} uses {type(field.widget)}"
            )
            moment = timezone.make_aware(dt.datetime(2025, 11, 20, 1, 30), dt.UTC)  # 09:30 in Shanghai
            html = field.widget.render(name, field.prepare_value(moment))
            assert 'type="datetime-local"' in html and 'value="2025-11-20T09:30"' in html, html
        else:
            assert isinstance(field.widget, DateInput), f"{form.__name__}.{name} uses {type(field.widget)}"
            html = field.widget.render(name, dt.date(2025, 11, 20))
            assert 'type="date"' in html and 'value="2025-11-20"' in html, html


def test_the_typed_iso_value_comes_back_as_the_same_time_in_shanghai():
    from gongkai.disclosure.forms import TransitionForm

    form = TransitionForm({"reason": "", "publish_at": "2025-11-20T09:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["publish_at"] == timezone.make_aware(dt.datetime(2025, 11, 20, 1, 30), dt.UTC)
