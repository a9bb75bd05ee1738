from django import forms

from gongkai.agencies.models import Agency, Role, User
from gongkai.applications.validators import validate_phone
from gongkai.core.widgets import date_field
from gongkai.rules.interaction import INVALID_REASONS, KIND_LABELS, RATINGS

from .models import KIND_CHOICES


class MessageForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名"})
    phone = forms.CharField(label="联系电话", max_length=30, error_messages={"required": "请填写联系电话"})
    email = forms.EmailField(
        label="电子邮箱（选填）", required=False, error_messages={"invalid": "请填写有效的电子邮箱"}
    )
    kind = forms.ChoiceField(
        label="留言类型",
        choices=KIND_CHOICES,
        error_messages={"required": "请选择留言类型", "invalid_choice": "该信箱不受理此类留言"},
    )
    title = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题"})
    content = forms.CharField(
        label="内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写留言内容"},
    )
    public_ok = forms.ChoiceField(
        label="公开我的留言",
        widget=forms.RadioSelect,
        choices=[("yes", "同意公开（不公开姓名和联系方式）"), ("no", "不公开")],
        error_messages={"required": "请选择是否公开您的留言"},
    )

    def __init__(self, *args, box=None, **kwargs):
        super().__init__(*args, **kwargs)
        if box is not None:
            self.fields["kind"].choices = box.kind_choices()
        for f in ("title", "content"):
            self.fields[f].error_messages["max_length"] = "内容过长"

    def clean_phone(self):
        return validate_phone(self.cleaned_data["phone"])

    def clean_content(self):
        text = self.cleaned_data["content"].strip()
        if len(text) < 5:
            raise forms.ValidationError("留言内容过短，请写明您的诉求")
        return text

    def clean_public_ok(self):
        return self.cleaned_data["public_ok"] == "yes"


class LookupForm(forms.Form):
    number = forms.CharField(label="留言编号", max_length=40, error_messages={"required": "请填写留言编号"})
    code = forms.CharField(label="查询码", max_length=20, error_messages={"required": "请填写查询码"})


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="您对答复的评价",
        choices=[(r, r) for r in RATINGS],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择评价", "invalid_choice": "请选择评价"},
    )
    note = forms.CharField(
        label="意见（选填）", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300, required=False)


class NotAcceptForm(forms.Form):
    reason = forms.ChoiceField(label="不予受理理由", choices=[(r, r) for r in INVALID_REASONS])
    note = forms.CharField(label="说明（留言人可见）", required=False, max_length=200)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="承办人", queryset=User.objects.none(), required=False)
    department = forms.CharField(label="承办部门", max_length=60, required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        # People only: a write token's account (gongkai.api) is not a 承办人.
        staff = User.objects.filter(agency=agency, is_active=True, api_token__isnull=True)
        self.fields["handler"].queryset = staff.filter(
            pk__in=[u.pk for u in staff if u.has_role(Role.HANDLER)]
        )


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(
        label="转办至",
        queryset=Agency.objects.all(),
        error_messages={"required": "请选择转办机关", "invalid_choice": "请选择转办机关"},
    )
    reason = forms.CharField(label="转办理由", max_length=300)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["to"].queryset = Agency.objects.exclude(pk=agency.pk).order_by("path")


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写答复内容"},
    )
    unit = forms.CharField(label="答复单位（默认本机关）", max_length=100, required=False)


class ReviewForm(forms.Form):
    note = forms.CharField(label="审核意见", max_length=300, required=False)
    publish = forms.BooleanField(label="同意公开此答复（留言人已同意公开时）", required=False)


class BoxForm(forms.Form):
    name = forms.CharField(label="信箱名称", max_length=40)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kinds = forms.MultipleChoiceField(
        label="受理类型",
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一种受理类型"},
    )
    active = forms.BooleanField(label="开放受理", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in KIND_LABELS.items():
            self.fields[f"days_{kind.value}"] = forms.IntegerField(
                label=f"{label}办理时限（工作日，空为默认）",
                required=False,
                min_value=1,
                max_value=60,
                error_messages={
                    "min_value": "应在1至60之间",
                    "max_value": "应在1至60之间",
                    "invalid": "请填写整数",
                },
            )

    def deadlines(self) -> dict[str, int]:
        return {
            k.value: self.cleaned_data[f"days_{k.value}"]
            for k in KIND_LABELS
            if self.cleaned_data.get(f"days_{k.value}")
        }


class ProposalForm(forms.Form):
    session = forms.ModelChoiceField(label="会议", queryset=None, error_messages={"required": "请选择会议"})
    number = forms.CharField(label="编号", max_length=20)
    title = forms.CharField(label="题目", max_length=200)
    authors = forms.CharField(label="代表/委员（多人用顿号分隔）", max_length=200)
    contact = forms.CharField(label="联系方式（不公开）", max_length=100, required=False)
    lead = forms.ModelChoiceField(label="主办单位", queryset=None)
    cohandlers = forms.ModelMultipleChoiceField(label="会办单位", queryset=None, required=False)
    received_on = date_field("收到日期")
    assigned_on = date_field("交办日期")

    def __init__(self, *args, user=None, **kwargs):
        from .proposal_models import Session

        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.all()
        subtree = user.agency.subtree() if user is not None and user.agency_id else Agency.objects.none()
        self.fields["lead"].queryset = subtree
        self.fields["cohandlers"].queryset = Agency.objects.all().order_by("path")


class DraftForm(forms.Form):
    reply = forms.CharField(label="复文", widget=forms.Textarea(attrs={"rows": 10}))
    classification = forms.ChoiceField(
        label="办理结果分类",
        choices=[("A", "A类（解决或采纳）"), ("B", "B类（列入计划解决）"), ("C", "C类（留作参考）")],
    )
    public_interest = forms.BooleanField(label="涉及公共利益，应当公开", required=False, initial=True)
    publish_mode = forms.ChoiceField(
        label="公开方式", choices=[("full", "全文公开"), ("summary", "摘要公开")]
    )
    summary = forms.CharField(
        label="公开摘要（摘要公开时填写）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeedbackForm(forms.Form):
    rating = forms.ChoiceField(
        label="意见征求表", choices=[(r, r) for r in RATINGS], widget=forms.RadioSelect
    )
    note = forms.CharField(label="代表/委员意见", required=False, max_length=300)


class OpinionForm(forms.Form):
    text = forms.CharField(label="会办意见", widget=forms.Textarea(attrs={"rows": 5}))


class LeadForm(forms.Form):
    lead = forms.ModelChoiceField(label="重新交办至", queryset=Agency.objects.all().order_by("path"))
