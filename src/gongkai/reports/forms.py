from django import forms

from gongkai.core.times import local_text
from gongkai.rules.annual.model import APPLICANT_COLUMNS

from .models import ENTERED_FIGURES


class CreateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2021, max_value=9999)


class FiguresForm(forms.Form):
    """Section 二's figures the system cannot know; empty means not entered (the cell stays blank)."""

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        for key, (label, _cell, unit) in ENTERED_FIGURES.items():
            entry = (report.entered.get(key) if report else None) or {}
            help_text = f"{entry['by']} 于 {local_text(entry['at'])} 填报" if entry else "尚未填报"
            self.fields[key] = forms.CharField(
                label=f"{label}（{unit}）",
                required=False,
                help_text=help_text,
                initial=entry.get("value", ""),
            )


class CarriedOverForm(forms.Form):
    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        value = (report.carried_over or {}).get("value") or {} if report else {}
        for key, label in APPLICANT_COLUMNS:
            self.fields[key] = forms.IntegerField(label=label, min_value=0, initial=value.get(key, 0))


class ProseForm(forms.Form):
    overview = forms.CharField(
        label="一、总体情况", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    other_matters = forms.CharField(
        label="六、其他需要报告的事项", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))
