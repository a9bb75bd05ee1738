from django import forms

from gongkai.core.widgets import DateInput
from gongkai.rules.redaction_grounds import ground_choices

from .models import ServiceRecord
from .redaction import PRESETS


class AttachForm(forms.Form):
    file = forms.FileField(label="文件（PDF、图片、Word、Excel、OFD）")
    title = forms.CharField(label="名称（选填，默认用文件名）", max_length=200, required=False)


class GroundField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label="不予公开的依据", choices=[("", "请选择")] + ground_choices(), **kwargs)


class SearchMarkForm(forms.Form):
    """The keyboard path: search and mark every hit."""

    ground = GroundField()
    texts = forms.CharField(
        label="文字（每行一项，如承办人列出的姓名）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pattern = forms.CharField(label="正则表达式（选填）", required=False, max_length=300)
    presets = forms.MultipleChoiceField(
        label="常用模式",
        required=False,
        choices=[(k, v[0]) for k, v in PRESETS.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if not (data.get("texts", "").strip() or data.get("pattern", "").strip() or data.get("presets")):
            raise forms.ValidationError("请填写要查找的文字、正则表达式或选择常用模式")
        return data


class BoxForm(forms.Form):
    """A box drawn with the mouse (the script fills these) or typed in points."""

    ground = GroundField()
    page = forms.IntegerField(label="页码", min_value=1)
    x0 = forms.FloatField(label="左", min_value=0)
    y0 = forms.FloatField(label="上", min_value=0)
    x1 = forms.FloatField(label="右", min_value=0)
    y1 = forms.FloatField(label="下", min_value=0)

    def clean(self):
        data = super().clean()
        if {"x0", "x1", "y0", "y1"} <= data.keys() and (data["x1"] <= data["x0"] or data["y1"] <= data["y0"]):
            raise forms.ValidationError("右边须大于左边、下边须大于上边")
        return data


class ServiceForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=ServiceRecord.Method.choices)
    served_on = forms.DateField(label="送达日期（签收之日）", widget=DateInput())
    tracking_number = forms.CharField(label="邮件号码（邮寄）", max_length=40, required=False)
    collector_name = forms.CharField(label="领取人姓名（当面领取）", max_length=50, required=False)
    collector_id = forms.CharField(label="领取人证件号码（选填）", max_length=40, required=False)
    note = forms.CharField(label="说明（如代收人及代收理由）", max_length=200, required=False)
