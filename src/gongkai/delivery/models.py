"""The information given with a reply (Art. 36 (二), Art. 37, Art. 40): the files the handler attaches
to a case's reply, the redacted copies made from them (区分处理) and the records of 送达.

A file is *released* (``released_at``) when the signed reply letter is sent, never before; the
applicant then downloads what is released, for ``GONGKAI_DELIVERY_DAYS`` days. A file from which a
redacted copy was made is never released: it stays in the case file (:mod:`.services`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.applications.models import Application
from gongkai.core.fields import EncryptedTextField

KIND_LABELS = {
    "pdf": "PDF",
    "png": "PNG图片",
    "jpg": "JPEG图片",
    "docx": "Word",
    "xlsx": "Excel",
    "ofd": "OFD",
}


class ReplyFile(models.Model):
    """One file of the information provided with the reply."""

    class Origin(models.TextChoices):
        UPLOADED = "uploaded", "承办人上传"
        CONVERTED = "converted", "转换为PDF"
        REDACTED = "redacted", "区分处理后"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reply_files", verbose_name="申请"
    )
    title = models.CharField("名称", max_length=200)
    file = models.FileField(upload_to="delivery/")
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    origin = models.CharField("来源", max_length=10, choices=Origin.choices, default=Origin.UPLOADED)
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
        verbose_name="由此文件生成",
    )
    release = models.BooleanField("随答复提供", default=True)
    released_at = models.DateTimeField("提供时间", null=True, blank=True)
    # Redaction marks not yet applied (on a PDF), or those applied (on a redacted copy): each a dict
    # with page, x0, y0, x1, y1 (points from the page's top-left corner), ground (a withheld.* code),
    # source ("box", "text", "pattern") and, for the found ones, what was searched.
    marks = models.JSONField("区分处理标记", default=list, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "答复所附信息"
        verbose_name_plural = "答复所附信息"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.upper())

    @property
    def name(self) -> str:
        """The title without its file extension (as a letter names the document)."""
        return self.title.rsplit(".", 1)[0] if self.title.lower().endswith(f".{self.kind}") else self.title

    @property
    def download_name(self) -> str:
        return f"{self.name}.{self.kind}"


class ServiceRecord(models.Model):
    """A record of 送达 (Art. 40): by post (the 送达回证 printed, the date it was served), collected in
    person (who collected it, kept encrypted and shown masked), by e-mail or online."""

    class Method(models.TextChoices):
        POST = "post", "邮寄送达"
        PICKUP = "pickup", "当面领取"
        EMAIL = "email", "电子邮件送达"
        ONLINE = "online", "网上获取"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="service_records", verbose_name="申请"
    )
    method = models.CharField("送达方式", max_length=10, choices=Method.choices)
    served_on = models.DateField("送达日期")
    tracking_number = models.CharField("邮件号码", max_length=40, blank=True)
    collector_name = EncryptedTextField("领取人姓名", max_length=50, blank=True)
    collector_id = EncryptedTextField("领取人证件号码", max_length=40, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        ordering = ["served_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.served_on}"
