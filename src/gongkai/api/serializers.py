"""What the API returns, field by field (the OpenAPI schema is generated from these classes).

Records reach these serializers only through the apps' selectors, which return published records
only; references to other documents (interprets, amended_by …) are shown only when that document is
public too (``context["public_ids"]``)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="机关编号")
    name = serializers.CharField(help_text="机关全称")
    slug = serializers.CharField(help_text="网址标识")


class AgencySerializer(AgencyRefSerializer):
    short_name = serializers.CharField(help_text="简称")
    code = serializers.CharField(help_text="机构代码（索引号前缀）")
    kind = serializers.CharField(help_text="机关类型：department 部门，government 人民政府")
    kind_label = serializers.CharField(source="get_kind_display", help_text="机关类型（中文）")
    parent = serializers.IntegerField(source="parent_id", allow_null=True, help_text="上级机关编号")
    children = serializers.SerializerMethodField(help_text="下级机关编号")
    depth = serializers.SerializerMethodField(help_text="层级（顶级为0）")
    office_name = serializers.CharField(help_text="政府信息公开工作机构")
    address = serializers.CharField(help_text="办公地址")
    postcode = serializers.CharField(help_text="邮政编码")
    phone = serializers.CharField(help_text="咨询电话")
    fax = serializers.CharField(help_text="传真")
    email = serializers.CharField(help_text="电子邮箱")
    office_hours = serializers.CharField(help_text="受理时间")
    website = serializers.CharField(help_text="门户网站")
    portal_url = serializers.SerializerMethodField(help_text="机关信息公开主页")

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_children(self, obj) -> list[int]:
        return sorted(self.context.get("children", {}).get(obj.pk, []))

    def get_depth(self, obj) -> int:
        return max(0, obj.path.strip("/").count("/"))

    def get_portal_url(self, obj) -> str:
        return _absolute(self.context, reverse("portal:agency", args=[obj.slug]))


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="文件名")
    kind = serializers.CharField(help_text="类型（扩展名）")
    size = serializers.IntegerField(help_text="字节数")
    sha256 = serializers.CharField(help_text="SHA-256 摘要")
    url = serializers.SerializerMethodField(help_text="下载地址")

    def get_url(self, obj) -> str:
        doc = obj.document
        return _absolute(self.context, reverse("portal:attachment", args=[doc.agency.slug, doc.pk, obj.pk]))


class DocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    validity = serializers.CharField()
    published_at = serializers.DateTimeField()


class DocumentSerializer(serializers.Serializer):
    """One published document's metadata (Art. 12: 索引, 名称, 内容概述, 生成日期 …)."""

    id = serializers.IntegerField(help_text="信息编号（API 和门户网址中的编号）")
    url = serializers.SerializerMethodField(help_text="门户页面")
    api_url = serializers.SerializerMethodField(help_text="本接口中的详情地址")
    title = serializers.CharField(help_text="信息名称")
    summary = serializers.CharField(help_text="内容概述")
    publisher = serializers.CharField(help_text="发布机构")
    agency = AgencyRefSerializer(help_text="所属机关")
    category = CodeNameSerializer(help_text="主题分类")
    genre = serializers.CharField(source="genre.name", allow_null=True, help_text="体裁")
    index_number = serializers.CharField(help_text="索引号")
    doc_number = serializers.CharField(help_text="文号")
    written_on = serializers.DateField(allow_null=True, help_text="成文日期")
    changed_on = serializers.DateField(allow_null=True, help_text="变更日期")
    published_at = serializers.DateTimeField(help_text="发布日期")
    expires_on = serializers.DateField(allow_null=True, help_text="废止日期")
    validity = serializers.ChoiceField(
        choices=["valid", "expired", "repealed", "amended"], help_text="效力状态代码"
    )
    validity_label = serializers.CharField(source="get_validity_display", help_text="效力状态")
    regulatory_kind = serializers.CharField(help_text="规章/规范性文件：rule、normative 或空")
    regulatory_kind_label = serializers.CharField(source="get_regulatory_kind_display")
    keywords = serializers.CharField(help_text="关键词")
    interprets = serializers.SerializerMethodField(help_text="所解读的文件编号（本文件为政策解读时）")
    amended_by = serializers.SerializerMethodField(help_text="修订后文件编号（效力状态为已修订时）")
    attachments = serializers.SerializerMethodField(help_text="附件")
    updated_at = serializers.DateTimeField(help_text="最后修改时间")

    def _public(self, pk):
        return pk if pk and pk in self.context.get("public_ids", set()) else None

    def get_url(self, obj) -> str:
        return _absolute(self.context, reverse("portal:document", args=[obj.agency.slug, obj.pk]))

    def get_api_url(self, obj) -> str:
        return _absolute(self.context, reverse("api:document", args=[obj.pk]))

    def get_interprets(self, obj) -> int | None:
        return self._public(obj.interprets_id)

    def get_amended_by(self, obj) -> int | None:
        return self._public(obj.amended_by_id)

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj):
        items = self.context.get("attachments", {}).get(obj.pk, [])
        return AttachmentSerializer(items, many=True, context=self.context).data


class DocumentDetailSerializer(DocumentSerializer):
    body = serializers.CharField(help_text="正文（经过清理的HTML）")
    interpretations = serializers.SerializerMethodField(help_text="本文件的政策解读")
    amends = serializers.SerializerMethodField(help_text="被本文件修订的文件")
    validity_chain = serializers.SerializerMethodField(help_text="效力链：本文件及其后逐次修订的文件")

    @extend_schema_field(DocumentRefSerializer(many=True))
    def get_interpretations(self, obj):
        return DocumentRefSerializer(self.context.get("interpretations", []), many=True).data

    @extend_schema_field(DocumentRefSerializer(many=True))
    def get_amends(self, obj):
        return DocumentRefSerializer(self.context.get("amends", []), many=True).data

    @extend_schema_field(DocumentRefSerializer(many=True))
    def get_validity_chain(self, obj):
        return DocumentRefSerializer(self.context.get("validity_chain", []), many=True).data


class DocumentQuerySerializer(serializers.Serializer):
    """The filters of the documents list (each optional)."""

    agency = serializers.IntegerField(required=False, min_value=1, help_text="机关编号（含其全部下级机关）")
    category = serializers.CharField(required=False, max_length=20, help_text="主题分类代码，如 16")
    genre = serializers.CharField(required=False, max_length=20, help_text="体裁，如 通知")
    validity = serializers.ChoiceField(
        required=False,
        choices=[("valid", "有效"), ("expired", "失效"), ("repealed", "废止"), ("amended", "已修订")],
        help_text="效力状态：valid 有效，expired 失效，repealed 废止，amended 已修订",
    )
    doc_number = serializers.CharField(
        required=False, max_length=60, help_text="文号（包含即可），如 〔2024〕3号"
    )
    published_from = serializers.DateField(required=False, help_text="发布日期起（含），YYYY-MM-DD")
    published_to = serializers.DateField(required=False, help_text="发布日期止（含），YYYY-MM-DD")
    updated_since = serializers.DateTimeField(required=False, help_text="此时刻以后修改过的（ISO 8601）")

    def validate(self, attrs):
        start, end = attrs.get("published_from"), attrs.get("published_to")
        if start and end and start > end:
            raise serializers.ValidationError({"published_to": "发布日期止不能早于发布日期起。"})
        return attrs


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, allow_blank=True, help_text="检索词（与门户检索的规则相同）")
    agency = serializers.SlugField(required=False, max_length=40, help_text="机关网址标识（含下级机关）")
    category = serializers.CharField(required=False, max_length=20, help_text="主题分类代码")
    genre = serializers.CharField(required=False, max_length=20, help_text="体裁")
    year = serializers.IntegerField(required=False, min_value=1949, max_value=2100, help_text="发布年份")
    validity = serializers.ChoiceField(
        required=False, choices=["valid", "expired", "repealed", "amended"], help_text="效力状态代码"
    )
    sort = serializers.ChoiceField(
        required=False,
        choices=["relevance", "date"],
        default="relevance",
        help_text="relevance 相关度，date 日期",
    )
    page = serializers.IntegerField(required=False, min_value=1, max_value=100, default=1, help_text="页码")
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=50, default=10, help_text="每页条数（1–50）"
    )


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="门户页面")
    api_url = serializers.CharField()
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="标题，检索词以<em>标出")
    snippet_html = serializers.CharField(help_text="摘要，检索词以<em>标出")
    agency = serializers.CharField()
    doc_number = serializers.CharField()
    index_number = serializers.CharField()
    category = serializers.CharField()
    genre = serializers.CharField()
    validity = serializers.CharField()
    written_on = serializers.DateField(allow_null=True)
    published_at = serializers.DateField(allow_null=True)
    interprets = serializers.CharField(allow_null=True)


class SearchResultSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="命中总数")
    count_is_estimate = serializers.BooleanField(help_text="总数为估计值")
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    pages = serializers.IntegerField()
    message = serializers.CharField(help_text="检索提示（如繁体已转换）")
    results = SearchHitSerializer(many=True)


class FindingSerializer(serializers.Serializer):
    rule = serializers.IntegerField(help_text="勾稽规则编号")
    row = serializers.CharField()
    column = serializers.CharField()
    expected = serializers.JSONField(allow_null=True)
    found = serializers.JSONField(allow_null=True)
    message = serializers.CharField()
    text = serializers.CharField(help_text="中文说明")


class AnnualReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = AgencyRefSerializer()
    year = serializers.IntegerField(help_text="报告年度")
    format = serializers.CharField(help_text="表格格式：2021 或 2019")
    title = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    document = serializers.IntegerField(source="document_id", help_text="目录中的政府信息编号")
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, obj) -> str:
        return _absolute(self.context, reverse("api:annual-report", args=[obj.pk]))


class AnnualReportDetailSerializer(AnnualReportSerializer):
    report = serializers.JSONField(source="data", help_text="年度报告交换格式（JSON）")
    findings = FindingSerializer(many=True, source="api_findings", help_text="勾稽检查发现的问题")


class CollectedReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency_name = serializers.CharField(help_text="机关名称")
    agency = serializers.IntegerField(source="agency_id", allow_null=True, help_text="平台内机关编号")
    year = serializers.IntegerField()
    format = serializers.CharField()
    source_name = serializers.CharField(help_text="来源文件名")
    imported_at = serializers.DateTimeField()
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, obj) -> str:
        return _absolute(self.context, reverse("api:collected-report", args=[obj.pk]))


class CollectedReportDetailSerializer(CollectedReportSerializer):
    report = serializers.JSONField(source="data", help_text="年度报告交换格式（JSON）")
    findings = FindingSerializer(many=True, help_text="勾稽检查发现的问题")
    warnings = serializers.ListField(child=serializers.CharField(), help_text="解析提示")


class ReplySerializer(serializers.Serializer):
    """A published 互动回应: never the writer's name or contacts; ID and phone numbers in the text
    are masked, as in the published document."""

    id = serializers.IntegerField()
    number = serializers.CharField(help_text="留言编号")
    agency = AgencyRefSerializer(help_text="办理机关")
    box = serializers.CharField(source="box.name", allow_null=True, help_text="信箱")
    source = serializers.CharField(help_text="来源代码")
    source_label = serializers.CharField(source="get_source_display")
    kind = serializers.CharField(help_text="类型代码")
    kind_label = serializers.CharField(source="get_kind_display", help_text="类型")
    title = serializers.SerializerMethodField(help_text="标题")
    content = serializers.SerializerMethodField(help_text="留言内容（已遮盖个人信息）")
    submitted_on = serializers.SerializerMethodField(help_text="留言日期")
    answered_on = serializers.DateField(allow_null=True, help_text="答复日期")
    reply_unit = serializers.SerializerMethodField(help_text="答复单位")
    reply = serializers.SerializerMethodField(help_text="答复内容（已遮盖个人信息）")
    published_at = serializers.DateTimeField(help_text="公开时间")
    document = serializers.SerializerMethodField(help_text="公开为政府信息时的编号")

    def get_title(self, obj) -> str:
        from gongkai.core.masking import mask_personal_data

        return mask_personal_data(obj.title)

    def get_content(self, obj) -> str:
        from gongkai.core.masking import mask_personal_data

        return mask_personal_data(obj.content or "")

    def get_reply(self, obj) -> str:
        from gongkai.core.masking import mask_personal_data

        return mask_personal_data(obj.reply or "")

    @extend_schema_field(OpenApiTypes.DATE)
    def get_submitted_on(self, obj) -> str:
        from django.utils import timezone

        return timezone.localtime(obj.submitted_at).date().isoformat()

    def get_reply_unit(self, obj) -> str:
        return obj.reply_unit or obj.agency.name

    def get_document(self, obj) -> int | None:
        pk = obj.document_id_published
        return pk if pk and pk in self.context.get("public_ids", set()) else None


class FiguresQuerySerializer(serializers.Serializer):
    agency = serializers.IntegerField(min_value=1, help_text="机关编号")
    year = serializers.IntegerField(min_value=2008, max_value=2100, help_text="年度")


class FiguresSerializer(serializers.Serializer):
    agency = AgencyRefSerializer()
    year = serializers.IntegerField()
    annual_report = serializers.IntegerField(allow_null=True, help_text="已公开的年度报告编号（没有则为空）")
    applications = serializers.JSONField(
        allow_null=True, help_text="收到和处理政府信息公开申请情况（已公开年度报告第三部分；未公开则为空）"
    )
    active_disclosure = serializers.JSONField(allow_null=True, help_text="主动公开政府信息情况（第二部分）")
    appeals = serializers.JSONField(allow_null=True, help_text="行政复议、行政诉讼情况（第四部分）")
    interaction = serializers.JSONField(help_text="政民互动统计（信箱留言、12345工单、建议提案）")


class ReportQuerySerializer(serializers.Serializer):
    agency = serializers.IntegerField(required=False, min_value=1, help_text="机关编号（含下级机关）")
    year = serializers.IntegerField(required=False, min_value=2008, max_value=2100, help_text="报告年度")


class CollectedQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2008, max_value=2100, help_text="报告年度")
    agency_name = serializers.CharField(required=False, max_length=100, help_text="机关名称（包含即可）")


class ReplyQuerySerializer(serializers.Serializer):
    agency = serializers.IntegerField(required=False, min_value=1, help_text="机关编号（含下级机关）")
