from django import forms

from .models import AppealCase, Result


class CaseForm(forms.ModelForm):
    class Meta:
        model = AppealCase
        fields = ["kind", "route", "co_defendant", "number", "body", "filed_on", "result", "closed_on", "note"]
        widgets = {"filed_on": forms.DateInput(attrs={"type": "date"}),
                   "closed_on": forms.DateInput(attrs={"type": "date"}),
                   "note": forms.Textarea(attrs={"rows": 2})}


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=Result.choices)
    closed_on = forms.DateField(label="审结日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
