from django import forms

from gongkai.core.widgets import DateInput, date_field

from .models import AppealCase, Result


class CaseForm(forms.ModelForm):
    class Meta:
        model = AppealCase
        fields = [
            "kind",
            "route",
            "co_defendant",
            "number",
            "body",
            "filed_on",
            "result",
            "closed_on",
            "note",
        ]
        widgets = {
            "filed_on": DateInput(),
            "closed_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=Result.choices)
    closed_on = date_field("审结日期", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
