"""The annual report of an agency (政府信息公开工作年度报告, Art. 49–50 of the Regulation).

One report per agency and year in the 2021 format (国办公开办函〔2021〕30号). Its tables are
computed from records (see :mod:`.build`); what the system cannot know is entered by staff and
kept with who entered it and when; sections 一, 五 and 六 are prose written by staff.

States: draft (草稿) → final (定稿; refused while the checks find anything, unless an override
reason is recorded) → in_review (已送保密审查: a Document of category 91 / genre 年度报告 was
created and submitted) → published (已公开: that Document was published; Art. 49's deadline is
met when this happens by 31 January for departments, 31 March for governments).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency, AgencyKind

# Figures of section 二 that only staff can give: key → (label, cell, unit).
ENTERED_FIGURES: dict[str, tuple[str, str, str]] = {
    "licensing": ("行政许可 本年处理决定数量", "decisions", "件"),
    "penalty": ("行政处罚 本年处理决定数量", "decisions", "件"),
    "coercion": ("行政强制 本年处理决定数量", "decisions", "件"),
    "fees": ("行政事业性收费 本年收费金额", "amount_10k_yuan", "万元"),
}


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    FINAL = "final", "定稿"
    SENDING = "sending", "正在生成送审"
    IN_REVIEW = "in_review", "已送保密审查"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"


def deadline(kind: str, year: int) -> dt.date:
    """Art. 49: a department publishes its report on ``year`` by 31 January of the following year,
    a people's government by 31 March."""
    return dt.date(year + 1, 3, 31) if kind == AgencyKind.GOVERNMENT else dt.date(year + 1, 1, 31)


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="annual_reports", verbose_name="机关"
    )
    year = models.PositiveSmallIntegerField("年度")
    format = models.CharField("格式", max_length=4, default="2021", editable=False)
    state = models.CharField("状态", max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    data = models.JSONField("报表数据（交换格式）", null=True, blank=True, editable=False)
    built_at = models.DateTimeField("生成时间", null=True, blank=True, editable=False)
    # {"licensing": {"value": "12", "by": "张三", "by_id": 3, "at": "2026-01-05T10:00:00+08:00"}, …}
    entered = models.JSONField("人工填报数字", default=dict, blank=True)
    # First year only: 上年结转 per applicant column, with who/when (same shape, value a dict).
    carried_over = models.JSONField("上年结转（首年填报）", null=True, blank=True)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    override_reason = models.TextField("存在勾稽问题仍定稿的理由", blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="定稿人",
    )
    finalised_at = models.DateTimeField("定稿时间", null=True, blank=True)
    document = models.OneToOneField(
        "disclosure.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_report",
        verbose_name="发布的政府信息",
    )
    published_on = models.DateField("公开日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "agency__path"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def deadline(self) -> dt.date:
        return deadline(self.agency.kind, self.year)

    @property
    def prose(self) -> dict[str, str]:
        return {"overview": self.overview, "problems": self.problems, "other_matters": self.other_matters}

    @property
    def editable(self) -> bool:
        return self.state == ReportState.DRAFT

    @property
    def sign_off(self) -> tuple[str, dt.date]:
        """The report's 落款: the agency's full name and the day it was finalised (定稿); a draft
        is dated today (GB/T 9704-2012 7.3.5)."""
        from django.utils import timezone

        day = timezone.localdate(self.finalised_at) if self.finalised_at else timezone.localdate()
        return self.agency.name, day
