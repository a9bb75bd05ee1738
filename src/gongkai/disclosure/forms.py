from django import forms

from .models import Document, Validity


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "doc_number", "category", "genre", "publisher", "written_on", "changed_on",
                  "expires_on", "keywords", "summary", "body", "disclosure_mode", "non_disclosure_basis",
                  "regulatory_kind", "interprets"]
        widgets = {
            "written_on": forms.DateInput(attrs={"type": "date"}),
            "changed_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 16}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"title": {"required": "请填写信息名称"}, "category": {"required": "请选择主题分类"}}

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].required = True
        self.fields["written_on"].error_messages["required"] = "请填写成文日期"
        self.fields["interprets"].queryset = Document.objects.filter(agency=agency).exclude(
            pk=self.instance.pk or 0)
        self.fields["interprets"].required = False


class TransitionForm(forms.Form):
    reason = forms.CharField(label="理由/意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    publish_at = forms.DateTimeField(label="定时发布（留空为立即发布）", required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", error_messages={"required": "请选择要上传的文件"})


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="效力状态", choices=Validity.choices)
    on = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    amended_by = forms.ModelChoiceField(label="修订后文件", queryset=Document.objects.none(), required=False)
    reason = forms.CharField(label="说明", required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amended_by"].queryset = Document.objects.filter(agency=agency).public()
