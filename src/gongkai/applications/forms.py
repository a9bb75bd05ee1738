from django import forms

from gongkai.core.widgets import DateInput
from gongkai.rules.fees import FeeMethod
from gongkai.rules.outcomes import outcome_choices

from .models import APPLICANT_KIND_CHOICES, FORM_GROUND_CHOICES, Channel, Delivery, IdType, Medium
from .validators import validate_id_number, validate_phone

PROOF_KINDS = ("pdf", "jpg", "png")
PROOF_MAX_BYTES = 5 * 1024 * 1024


def checked_upload(upload, label: str):
    """A proof file (PDF, JPG or PNG by content, at most 5 MB) with its ``kind`` set, or a form error."""
    from gongkai.core.uploads import UploadError, check_attachment

    data = upload.read()
    upload.seek(0)
    try:
        kind = check_attachment(upload.name, data, PROOF_MAX_BYTES)
    except UploadError as exc:
        raise forms.ValidationError(f"{label}：{exc}") from None
    if kind not in PROOF_KINDS:
        raise forms.ValidationError(f"{label}：请上传 PDF、JPG 或 PNG 文件")
    upload.kind = kind
    return upload


DATE = DateInput()  # ISO value: see gongkai.core.widgets


class ApplicationForm(forms.Form):
    """Art. 29: who applies, what is wanted, in what form. The purpose is optional."""

    applicant_kind = forms.ChoiceField(label="申请人类型", choices=APPLICANT_KIND_CHOICES)
    applicant_name = forms.CharField(label="姓名或名称", max_length=100)
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=50, required=False)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=40)
    phone = forms.CharField(label="联系电话", max_length=30)
    email = forms.EmailField(
        label="电子邮箱", required=False, error_messages={"invalid": "请填写有效的电子邮箱"}
    )
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.RegexField(
        label="邮政编码", regex=r"^\d{6}$", required=False, error_messages={"invalid": "邮政编码应为6位数字"}
    )
    description = forms.CharField(label="所需政府信息的内容描述", widget=forms.Textarea(attrs={"rows": 4}))
    document_title = forms.CharField(label="信息名称（如知道）", max_length=300, required=False)
    document_number = forms.CharField(label="文号（如知道）", max_length=60, required=False)
    medium = forms.ChoiceField(label="信息载体", choices=Medium.choices, widget=forms.RadioSelect)
    delivery = forms.ChoiceField(label="获取方式", choices=Delivery.choices, widget=forms.RadioSelect)
    purpose = forms.CharField(
        label="用途（选填，法律不要求说明）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agent_name = forms.CharField(
        label="代理人姓名", max_length=50, required=False, help_text="委托他人代为申请的填写；本人申请的不填"
    )
    agent_id_number = forms.CharField(label="代理人证件号码", max_length=40, required=False)
    agent_phone = forms.CharField(label="代理人联系电话", max_length=30, required=False)
    authorisation = forms.FileField(
        label="授权委托书", required=False, help_text="代理人申请的须上传，PDF、JPG 或 PNG，不超过 5 MB"
    )
    online = True  # the applicant's own form: files can be uploaded

    def __init__(self, *args, waiver_grounds: list[str] | None = None, asks_id_proof: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if asks_id_proof and self.online:
            self.fields["id_proof"] = forms.FileField(
                label="身份证明（选填）",
                required=False,
                help_text="本机关请申请人上传身份证件的扫描件或照片，PDF、JPG 或 PNG，不超过 5 MB",
            )
        if waiver_grounds:  # offered where the agency has grounds for reducing or waiving the fee
            self.fields["fee_waiver_request"] = forms.ChoiceField(
                label="申请减免信息处理费（选填）",
                required=False,
                choices=[("", "不申请"), *((g, g) for g in waiver_grounds)],
                help_text="如需收取信息处理费，本机关将依据所选情形审核是否减免（国办函〔2020〕109号）",
            )
        if not self.online:
            del self.fields["authorisation"]
        messages = {
            "applicant_name": "请填写申请人姓名或名称",
            "id_number": "请填写证件号码",
            "phone": "请填写联系电话",
            "description": "请描述所需的政府信息",
            "applicant_kind": "请选择申请人类型",
            "id_type": "请选择证件类型",
            "medium": "请选择信息载体",
            "delivery": "请选择获取方式",
        }
        for name, text in messages.items():
            self.fields[name].error_messages["required"] = text
            self.fields[name].error_messages["invalid_choice"] = "选项无效"

    def clean_phone(self):
        return validate_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if data.get("id_type") and data.get("id_number"):
            try:
                data["id_number"] = validate_id_number(data["id_type"], data["id_number"])
            except forms.ValidationError as exc:
                self.add_error("id_number", exc)
        if (
            data.get("applicant_kind")
            and data["applicant_kind"] != "natural_person"
            and not data.get("contact_person")
        ):
            self.add_error("contact_person", "法人或其他组织申请的，请填写联系人")
        if data.get("delivery") == "post" and not data.get("address"):
            self.add_error("address", "选择邮寄的，请填写通信地址")
        if data.get("delivery") == "email" and not data.get("email"):
            self.add_error("email", "选择电子邮件获取的，请填写电子邮箱")
        if data.get("agent_name"):
            if not data.get("agent_phone"):
                self.add_error("agent_phone", "代理人申请的，请填写代理人联系电话")
            if self.online and not data.get("authorisation"):
                self.add_error("authorisation", "代理人申请的，请上传授权委托书")
        for name, label in (("authorisation", "授权委托书"), ("id_proof", "身份证明")):
            if data.get(name):
                try:
                    data[name] = checked_upload(data[name], label)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return data


class StaffApplicationForm(ApplicationForm):
    online = False  # registered by staff from paper: the 委托书 is kept with the paper file
    channel = forms.ChoiceField(
        label="申请渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    # The application's own date, apart from the receipt date confirmed next (Art. 31): the letters
    # say "于〈收到日期〉收到您于〈申请日期〉提交的申请".
    # Not required: left blank, the letters name the receipt date only (never the registration day).
    applied_on = forms.DateField(
        label="申请日期（申请书上所写日期；口头申请为提出之日）",
        widget=DATE,
        required=False,
        help_text="与收到日期分开填写：告知书写明“于〈收到日期〉收到您于〈申请日期〉提交的申请”；"
        "申请书未写日期的可不填",
        error_messages={"invalid": "申请日期格式不正确"},
    )

    def clean_applied_on(self):
        from .services import today as local_today

        day = self.cleaned_data["applied_on"]
        today = local_today()
        if day and day > today:
            raise forms.ValidationError(
                f"申请日期{day.year}年{day.month}月{day.day}日晚于今天，请核对申请书上的日期"
            )
        return day


class StatusLookupForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=20, error_messages={"required": "请填写申请编号"})
    code = forms.CharField(label="查询码", max_length=20, error_messages={"required": "请填写查询码"})


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label="收到申请日期", widget=DATE)
    how = forms.CharField(label="确认方式（签收记录、与申请人确认的方式等）", required=False, max_length=200)


class SupplementForm(forms.Form):
    on = forms.DateField(label="告知日期", widget=DATE)
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}))
    days = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=60, initial=15)


def _dated(name: str, date_label: str, note_label: str = "") -> type[forms.Form]:
    """A form of one date (labelled for its action) and, with ``note_label``, a note."""
    fields = {"on": forms.DateField(label=date_label, widget=DATE)}
    if note_label:
        fields["note"] = forms.CharField(label=note_label, required=False, max_length=500)
    return type(name, (forms.Form,), fields)


FeePaidForm = _dated("FeePaidForm", "缴费日期")
NotifyExtensionForm = _dated("NotifyExtensionForm", "告知申请人日期")


class ReasonsForm(forms.Form):
    """说明理由告知书 (Art. 35): the period to explain is set by the agency (the Regulation names
    none); left blank, the notice would carry a gap and is refused."""

    on = forms.DateField(label="告知日期", widget=DATE)
    days = forms.IntegerField(
        label="说明理由期限（工作日）",
        min_value=1,
        max_value=60,
        initial=15,
        required=False,
        help_text="自申请人收到告知书之日起计算；条例第三十五条未规定期限，由本机关合理确定，一般为15个工作日",
        error_messages={
            "min_value": "说明理由期限至少为1个工作日",
            "max_value": "说明理由期限不宜超过60个工作日",
            "invalid": "说明理由期限应为整数（工作日）",
        },
    )
    note = forms.CharField(label="说明", required=False, max_length=500)


WithdrawForm = _dated("WithdrawForm", "撤回日期", "说明")


class ReissueCodeForm(forms.Form):
    note = forms.CharField(
        label="原因（如申请人遗失回执）",
        max_length=200,
        error_messages={"required": "请写明重新生成查询码的原因（如申请人遗失回执）"},
    )


SendForm = _dated("SendForm", "送达日期")


class SupplementReceivedForm(forms.Form):
    on = forms.DateField(label="收到补正日期", widget=DATE)
    excused = forms.BooleanField(label="逾期补正，但有正当理由", required=False)
    note = forms.CharField(label="说明（逾期补正的，写明正当理由）", required=False, max_length=500)


class ConsultForm(forms.Form):
    on = forms.DateField(label="发函日期", widget=DATE)
    party = forms.CharField(label="征求意见对象", max_length=200)
    agency = forms.BooleanField(label="对象为其他行政机关（第三十四条）", required=False)


class AnswerForm(forms.Form):
    on = forms.DateField(label="收到日期", widget=DATE)
    party = forms.CharField(
        label="提出意见的第三方或机关", max_length=200, required=False, help_text="同时征求多方意见的，须写明"
    )
    note = forms.CharField(label="意见", required=False, max_length=500)


class FeeForm(forms.Form):
    on = forms.DateField(label="通知日期", widget=DATE)
    method = forms.ChoiceField(label="计费方式", choices=[(m.value, m.label) for m in FeeMethod])
    quantity = forms.IntegerField(label="数量（本月申请件数或页数）", min_value=1)
    payment = forms.CharField(
        label="缴纳方式、收款账户",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="写入收费通知书；默认取“告知书设置”中的信息处理费缴纳方式，两处都未填写的不能发出通知",
    )

    def __init__(self, *args, waiver_grounds: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if waiver_grounds:  # offered only where the installation sets grounds (none by default)
            self.fields["waiver"] = forms.ChoiceField(
                label="减免",
                required=False,
                choices=[("", "不减免，发出收费通知"), *((g, g) for g in waiver_grounds)],
            )


class ExtensionForm(forms.Form):
    on = forms.DateField(label="批准日期", widget=DATE)
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=99, initial=20)
    note = forms.CharField(label="延长理由（记入操作记录）", required=False, max_length=200)


class LaterDateForm(forms.Form):
    on = forms.DateField(label="告知日期", widget=DATE)
    until = forms.DateField(label="延迟答复至", widget=DATE)
    note = forms.CharField(label="说明", required=False, max_length=500)


class LetterDraftForm(forms.Form):
    outcome = forms.ChoiceField(label="答复结果", choices=outcome_choices())
    holder_agency = forms.CharField(
        label="掌握该信息的机关（不属于本机关的填写）", required=False, max_length=100
    )
    provided = forms.CharField(
        label="提供的信息及获取方式/说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Art. 40: the form given, for 予以公开 and 部分公开. Empty: the form the applicant asked for.
    given_medium = forms.ChoiceField(
        label="提供的信息载体（第四十条）",
        required=False,
        choices=[("", "按申请人要求"), *Medium.choices],
    )
    given_delivery = forms.ChoiceField(
        label="提供方式（第四十条）",
        required=False,
        choices=[("", "按申请人要求"), *Delivery.choices],
    )
    form_ground = forms.ChoiceField(
        label="未按申请人要求的形式提供的理由",
        required=False,
        choices=[("", "—（按申请人要求的形式提供）"), *FORM_GROUND_CHOICES],
        help_text="改变载体或方式的，须选择第四十条的理由并写明具体情况，告知书将向申请人说明",
    )
    form_reason = forms.CharField(
        label="具体情况",
        required=False,
        max_length=300,
        help_text="如“档案原件纸张老化，复印可能造成损坏”“共约1.2万页，复制成本过高”",
    )
    form_arrangement = forms.CharField(
        label="领取或查阅的时间、地点",
        required=False,
        max_length=300,
        help_text="自行领取、当面查阅的须填写，如“请于2026年3月9日至13日工作时间到本机关政务公开办公室查阅”",
    )

    def form_choice(self) -> dict:
        d = self.cleaned_data
        return {
            "medium": d.get("given_medium", ""),
            "delivery": d.get("given_delivery", ""),
            "ground": d.get("form_ground", ""),
            "reason": d.get("form_reason", ""),
            "arrangement": d.get("form_arrangement", ""),
        }


class LetterEditForm(forms.Form):
    body = forms.CharField(label="告知书正文", widget=forms.Textarea(attrs={"rows": 18}))


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="承办人", queryset=None)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.agencies.models import User

        staff = User.objects.filter(agency=agency, is_active=True)
        self.fields["handler"].queryset = staff.filter(pk__in=[u.pk for u in staff if u.has_role("handler")])
