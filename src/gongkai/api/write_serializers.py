"""Requests and answers of the write API (``write_views.py``).

Field errors are Chinese. A document's metadata is checked again by the disclosure service
(``prepare``: 文号, dates); an application's data by the same form as the staff registration
(``StaffApplicationForm``: Art. 29 content, 证件号码, 联系电话 …)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from gongkai.applications.models import APPLICANT_KIND_CHOICES, Channel, Delivery, IdType, Medium
from gongkai.core.uploads import UploadError, check_attachment
from gongkai.disclosure.models import Category, DisclosureMode, Genre, RegulatoryKind

DATE_ERRORS = {"invalid": "日期格式应为 YYYY-MM-DD"}


def _choice(choices, label: str, **kw):
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f"{label}选项“{{input}}”无效", "required": f"请填写{label}"},
        **kw,
    )


def _text(label: str, max_length: int, required: bool = False, **kw):
    return serializers.CharField(
        max_length=max_length,
        required=required,
        allow_blank=not required,
        error_messages={
            "required": f"请填写{label}",
            "blank": f"请填写{label}",
            "max_length": f"{label}不能超过{max_length}个字",
        },
        **kw,
    )


class DraftCreateSerializer(serializers.Serializer):
    title = _text("信息名称", 300, required=True)
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.all(),
        help_text="主题分类的代码（见 /api/v1/documents/ 各条的 category.code）",
        error_messages={
            "does_not_exist": "没有代码为“{value}”的主题分类",
            "required": "请填写主题分类（代码）",
        },
    )
    genre = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Genre.objects.all(),
        required=False,
        allow_null=True,
        help_text="体裁名称，如“通知”",
        error_messages={"does_not_exist": "没有名为“{value}”的体裁"},
    )
    written_on = serializers.DateField(
        help_text="成文日期", error_messages={**DATE_ERRORS, "required": "请填写成文日期"}
    )
    changed_on = serializers.DateField(required=False, allow_null=True, error_messages=DATE_ERRORS)
    expires_on = serializers.DateField(required=False, allow_null=True, error_messages=DATE_ERRORS)
    doc_number = _text("文号", 60, help_text="如 随民发〔2025〕3号（[2025]、(2025) 等写法自动规范）")
    publisher = _text("发布机构", 100, help_text="不填为本机关全称")
    keywords = _text("关键词", 200)
    summary = _text("内容概述", 2000)
    body = _text("正文", 500_000, help_text="正文（HTML或纯文本，保存时清理为安全的HTML）")
    disclosure_mode = _choice(DisclosureMode.choices, "公开方式", required=False)
    non_disclosure_basis = _text("不予公开依据", 200)
    regulatory_kind = _choice(RegulatoryKind.choices, "规章/规范性文件", required=False, allow_blank=True)
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        help_text="附件（可多个，multipart 中重复 attachments 字段）；与工作人员上传的检查相同",
    )

    def validate_attachments(self, files):
        errors = []
        for upload in files:
            data = upload.read()
            upload.seek(0)
            try:
                check_attachment(upload.name, data, settings.GONGKAI_MAX_ATTACHMENT_BYTES)
            except UploadError as exc:
                errors.append(f"附件“{upload.name}”：{exc}")
        if errors:
            raise serializers.ValidationError(errors)
        return files


class AttachmentAddSerializer(serializers.Serializer):
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        min_length=1,
        error_messages={"required": "请上传至少一个附件", "min_length": "请上传至少一个附件"},
    )
    validate_attachments = DraftCreateSerializer.validate_attachments


class AttachmentOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class DraftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.IntegerField(source="agency_id")
    title = serializers.CharField()
    state = serializers.CharField(
        help_text="draft 草稿；submitted 待保密审查；approved 审查通过待发布；published 已发布"
    )
    state_label = serializers.CharField(source="get_state_display")
    doc_number = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = AttachmentOutSerializer(many=True, source="api_attachments")
    staff_url = serializers.CharField(
        help_text="工作平台中的页面（提交保密审查、审查、发布均在平台中由工作人员办理）"
    )


class ApplicationCreateSerializer(serializers.Serializer):
    """第二十九条：申请人、所需信息的描述、获取方式；渠道和收到日期见第三十一条。"""

    channel = _choice(
        [c for c in Channel.choices if c[0] != Channel.ONLINE],
        "申请渠道",
        help_text="当面递交、挂号信/快递、平信、传真、电子邮件、口头提出（网上申请走门户表单）",
    )
    applied_on = serializers.DateField(
        required=False, allow_null=True, help_text="申请书上所写日期", error_messages=DATE_ERRORS
    )
    received_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="收到申请日期（第三十一条）：给出即确认收到，答复期限自此起算；不给则在平台中确认",
        error_messages=DATE_ERRORS,
    )
    receipt_note = _text(
        "确认方式",
        200,
        help_text="签收记录或与申请人确认的方式；挂号信、平信、传真、电子邮件给出收到日期时必填",
    )
    applicant_kind = _choice(APPLICANT_KIND_CHOICES, "申请人类型")
    applicant_name = _text("申请人姓名或名称", 100, required=True)
    contact_person = _text("联系人", 50)
    id_type = _choice(IdType.choices, "证件类型")
    id_number = _text("证件号码", 40, required=True)
    phone = _text("联系电话", 30, required=True)
    email = _text("电子邮箱", 254)
    address = _text("通信地址", 200)
    postcode = _text("邮政编码", 6)
    description = _text("所需政府信息的内容描述", 5000, required=True)
    document_title = _text("信息名称", 300)
    document_number = _text("文号", 60)
    medium = _choice(Medium.choices, "信息载体")
    delivery = _choice(Delivery.choices, "获取方式")
    purpose = _text("用途", 2000)
    agent_name = _text("代理人姓名", 50)
    agent_id_number = _text("代理人证件号码", 40)
    agent_phone = _text("代理人联系电话", 30)


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="申请编号")
    access_code = serializers.CharField(
        allow_null=True, help_text="查询码：申请人凭编号和查询码查询办理进度；平台只存其摘要，请交给申请人"
    )
    status = serializers.CharField()
    channel = serializers.CharField()
    applied_on = serializers.DateField(allow_null=True)
    received_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text="答复期限（确认收到后计算）")
    staff_url = serializers.CharField()
