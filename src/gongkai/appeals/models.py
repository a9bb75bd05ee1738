"""Appeals (行政复议、行政诉讼) against the handling of an application for disclosure.

Each case is recorded once, for the agency whose decision is challenged (the agency counted in
section 四 of its annual report, 国办公开办函〔2021〕30号; Art. 50 of the Regulation). A lawsuit
in which the reconsideration body is co-defendant (复议机关作共同被告) counts for the original
agency only, never for the reconsideration body.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency


class Kind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class Route(models.TextChoices):
    """For a lawsuit: filed directly, or after reconsideration (section 四's two litigation lines)."""

    NONE = "", "—"
    DIRECT = "direct", "未经复议直接起诉"
    AFTER_RECONSIDERATION = "after_reconsideration", "复议后起诉"


class Result(models.TextChoices):
    UPHELD = "upheld", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class AppealCase(models.Model):
    """A 行政复议 or 行政诉讼 case (复议诉讼案件) about one application."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="appeal_cases",
        verbose_name="计入机关（被申请人/被告）",
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="appeal_cases",
        verbose_name="所涉申请",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    route = models.CharField("起诉方式", max_length=30, choices=Route.choices, blank=True, default="")
    number = models.CharField("案号", max_length=80)
    body = models.CharField("复议机关或法院", max_length=100)
    co_defendant = models.BooleanField(
        "复议机关为共同被告",
        default=False,
        help_text="复议维持后起诉、复议机关作共同被告的，只计入原行政机关",
    )
    filed_on = models.DateField("立案（受理）日期")
    result = models.CharField("结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    closed_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["agency", "filed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def line(self) -> str:
        """The line of section 四 this case is counted on."""
        if self.kind == Kind.RECONSIDERATION:
            return "reconsideration"
        return (
            "litigation_after_reconsideration"
            if self.route == Route.AFTER_RECONSIDERATION
            else "litigation_direct"
        )
