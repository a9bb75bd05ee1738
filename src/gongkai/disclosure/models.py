"""Government information (政府信息) published proactively (主动公开), with the standard metadata
of a disclosure catalogue (Art. 12: 索引, 名称, 内容概述, 生成日期) and the fields the seeds show."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.agencies.models import Agency


class Category(models.Model):
    """主题分类 (subject category); the standard list is seeded and editable in the admin."""

    code = models.CharField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Genre(models.Model):
    """体裁 (document form): 通知, 公告, 意见, 办法, 报告, 政策解读 …"""

    name = models.CharField("名称", max_length=20, unique=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "体裁"
        verbose_name_plural = "体裁"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待保密审查"
    APPROVED = "approved", "审查通过待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
    IMPORTED = "imported", "迁移待核对"  # from the agency's old site (gongkai.siteimport), light review


class Validity(models.TextChoices):
    """效力状态; 已修订 links to the amending document (《政府网站发展指引》: the original page says so)."""

    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"
    AMENDED = "amended", "已修订"


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_DISCLOSED = "not_disclosed", "不予公开"


class RegulatoryKind(models.TextChoices):
    """Art. 20(1): 规章 and 行政规范性文件, counted per year in section 二 of the annual report."""

    NONE = "", "否"
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class DocumentQuerySet(models.QuerySet):
    def public(self) -> DocumentQuerySet:
        """What the public may see: published, proactively disclosed, and past its publication time.

        Every public URL, feed and search goes through this one filter.
        """
        return self.filter(
            state=State.PUBLISHED, disclosure_mode=DisclosureMode.PROACTIVE, published_at__lte=timezone.now()
        )

    def public_or_withdrawn(self) -> DocumentQuerySet:
        """For the document page only: a withdrawn document's page says that it was withdrawn."""
        return self.filter(
            models.Q(state=State.WITHDRAWN, index_number__gt="")
            | models.Q(state=State.PUBLISHED, published_at__lte=timezone.now()),
            disclosure_mode=DisclosureMode.PROACTIVE,
        )


class Document(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="documents", verbose_name="机关"
    )
    title = models.CharField("信息名称", max_length=300)
    body = models.TextField("正文", blank=True, help_text="保存时清理为安全的HTML")
    summary = models.TextField("内容概述", blank=True)
    publisher = models.CharField("发布机构", max_length=100, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name="主题分类")
    genre = models.ForeignKey(Genre, null=True, blank=True, on_delete=models.PROTECT, verbose_name="体裁")
    written_on = models.DateField("成文日期", null=True, blank=True)
    changed_on = models.DateField(
        "变更日期", null=True, blank=True, help_text="信息变更的，自变更之日起20个工作日内公开（第二十六条）"
    )
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    expires_on = models.DateField("废止日期", null=True, blank=True)
    doc_number = models.CharField("文号", max_length=60, blank=True, db_index=True)
    doc_number_organ = models.CharField("文号机关代字", max_length=40, blank=True)
    doc_number_year = models.PositiveSmallIntegerField("文号年份", null=True, blank=True)
    doc_number_serial = models.CharField("文号序号", max_length=10, blank=True)
    index_number = models.CharField("索引号", max_length=60, blank=True, db_index=True)
    index_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    validity = models.CharField("效力状态", max_length=10, choices=Validity.choices, default=Validity.VALID)
    amended_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amends",
        verbose_name="修订后文件",
    )
    keywords = models.CharField("关键词", max_length=200, blank=True)
    disclosure_mode = models.CharField(
        "公开方式", max_length=20, choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE
    )
    non_disclosure_basis = models.CharField("不予公开依据", max_length=200, blank=True)
    regulatory_kind = models.CharField(
        "规章/规范性文件", max_length=10, choices=RegulatoryKind.choices, blank=True, default=""
    )
    interprets = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        verbose_name="所解读的文件",
        help_text="政策解读所对应的政策文件",
    )
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT, db_index=True)
    publish_due_on = models.DateField(
        "应公开日期",
        null=True,
        blank=True,
        editable=False,
        help_text="成文或变更之日起20个工作日（第二十六条）",
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    review_note = models.TextField("审查意见", blank=True)
    import_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    source_url = models.URLField("原始网址", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="起草人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["index_number"],
                condition=~models.Q(index_number=""),
                name="document_index_number_unique",
            ),
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_serial"],
                condition=models.Q(index_serial__isnull=False),
                name="document_index_serial_unique",
            ),
        ]
        indexes = [models.Index(fields=["agency", "state", "published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return (
            self.state == State.PUBLISHED
            and self.disclosure_mode == DisclosureMode.PROACTIVE
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.state == State.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def clock_start(self):
        """Art. 26: 20 working days from the day the information was formed or changed."""
        return self.changed_on or self.written_on


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.document.agency_id}/{instance.document_id}/{instance.sha256[:16]}.{instance.kind}"


class Attachment(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="attachments", verbose_name="政府信息"
    )
    file = models.FileField("文件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    text = models.TextField("提取的文字", blank=True, help_text="供全文检索，上传后在后台提取")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class IndexCounter(models.Model):
    """The last 索引号 serial given per agency and year; locked while publishing so serials are
    unique and gap-free even under concurrent publication."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="index_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"
