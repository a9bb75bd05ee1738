from django import forms
from django.conf import settings

from gongkai.core.widgets import DateInput, date_field, datetime_field

from .models import Document, Validity
from .uploads import UploadError, check_attachment
from .word import docx_to_html


class DocumentForm(forms.ModelForm):
    body_docx = forms.FileField(
        label="从Word文档导入正文",
        required=False,
        help_text="上传 .docx 文件，其内容转换为正文（替换上面填写的正文）；标题、加粗、列表和表格保留，图片请作为附件上传。",
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "doc_number",
            "category",
            "genre",
            "publisher",
            "written_on",
            "changed_on",
            "expires_on",
            "keywords",
            "summary",
            "body",
            "body_docx",
            "disclosure_mode",
            "non_disclosure_basis",
            "regulatory_kind",
            "interprets",
        ]
        help_texts = {
            "body": "可直接粘贴Word中的文字（每段一行，保存时自动分段），也可填写HTML；脚本和不安全的标签会被清除。"
        }
        widgets = {
            "written_on": DateInput(),
            "changed_on": DateInput(),
            "expires_on": DateInput(),
            "body": forms.Textarea(attrs={"rows": 16}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"title": {"required": "请填写信息名称"}, "category": {"required": "请选择主题分类"}}

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].required = True
        self.fields["written_on"].error_messages["required"] = "请填写成文日期"
        self.fields["interprets"].queryset = Document.objects.filter(agency=agency).exclude(
            pk=self.instance.pk or 0
        )
        self.fields["interprets"].required = False
        self.word_notes: tuple[str, ...] = ()

    def clean_body_docx(self):
        """A Word file given as the body: a real .docx (read from its content), converted."""
        upload = self.cleaned_data.get("body_docx")
        if not upload:
            return None
        data = upload.read()
        try:
            kind = check_attachment(upload.name, data, settings.GONGKAI_MAX_ATTACHMENT_BYTES)
            if kind != "docx":
                raise UploadError("请上传 .docx 格式的Word文档（.doc、.wps 请先在Word或WPS中另存为 .docx）")
            converted = docx_to_html(data)
        except UploadError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.word_notes = converted.notes
        return converted

    def clean(self):
        data = super().clean()
        if data.get("body_docx"):
            data["body"] = data["body_docx"].html
        return data


class TransitionForm(forms.Form):
    reason = forms.CharField(label="理由/意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    publish_at = datetime_field("定时发布（留空为立即发布）", required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", error_messages={"required": "请选择要上传的文件"})


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="效力状态", choices=Validity.choices)
    on = date_field("日期", required=False)
    amended_by = forms.ModelChoiceField(label="修订后文件", queryset=Document.objects.none(), required=False)
    reason = forms.CharField(label="说明", required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amended_by"].queryset = Document.objects.filter(agency=agency).public()
