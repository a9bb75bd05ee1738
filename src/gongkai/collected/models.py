"""Annual reports read from published pages (收集的年度报告): other agencies' reports, parsed
into the interchange JSON form, kept per agency and year — also for agencies outside the platform —
so that supervisors and researchers can check and compare them (Art. 49–50; 国办公开办函〔2021〕30号)."""

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency


class CollectedReport(models.Model):
    """One agency's copy of a published report. A copy belongs to the agency of the member of staff
    who imported it (``owner``; none for the command line): re-importing replaces only one's own
    copy, and another agency importing the same agency and year keeps a copy of its own."""

    owner = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="导入机关",
        help_text="空表示由命令行导入",
    )
    agency_name = models.CharField("机关名称", max_length=100, db_index=True)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="平台内机关",
        help_text="名称与平台内机关一致时自动关联",
    )
    year = models.PositiveSmallIntegerField("报告年度", db_index=True)
    format = models.CharField("格式", max_length=4)
    data = models.JSONField("报告数据")
    source_name = models.CharField("来源文件", max_length=255)
    source_sha256 = models.CharField(max_length=64)
    prose = models.TextField("表格以外的正文", blank=True, help_text="用于核对正文中的数字（规则6）")
    warnings = models.JSONField("解析提示", default=list)
    findings = models.JSONField("勾稽检查", default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间", auto_now=True)
    # Provenance of a report found on the agency's site by ``gongkai annual harvest --import``.
    agency_kind = models.CharField("机关类型", max_length=4, blank=True, help_text="政府或部门（第四十九条）")
    url = models.CharField("报告网址", max_length=500, blank=True, help_text="表格读自的网页或附件")
    page_url = models.CharField("报告页面", max_length=500, blank=True)
    source_format = models.CharField("原文格式", max_length=8, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, help_text="网页上的发布日期")
    late = models.BooleanField("逾期公布", null=True, blank=True, help_text="空表示发布日期不明")
    days_late = models.PositiveIntegerField("逾期天数", null=True, blank=True)
    scanned = models.BooleanField("扫描件", default=False, help_text="表格经文字识别读取")

    class Meta:
        verbose_name = "收集的年度报告"
        verbose_name_plural = "收集的年度报告"
        ordering = ["agency_name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "agency_name", "year"],
                condition=models.Q(owner__isnull=False),
                name="collected_report_unique_per_owner",
            ),
            models.UniqueConstraint(
                fields=["agency_name", "year"],
                condition=models.Q(owner__isnull=True),
                name="collected_report_unique_command_line",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_name}{self.year}年度报告"


class HarvestEntry(models.Model):
    """What a harvest (``gongkai annual harvest --import``) found for one agency and year — also
    when it found no report, so that a supervisor sees who has not published (Art. 49). One entry
    per importing agency (``owner``), agency and year; a re-run updates it."""

    owner = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="导入机关"
    )
    agency_name = models.CharField("机关名称", max_length=100, db_index=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="平台内机关"
    )
    agency_kind = models.CharField("机关类型", max_length=4)
    site = models.CharField("网站", max_length=500)
    year = models.PositiveSmallIntegerField("报告年度", db_index=True)
    found = models.BooleanField("找到报告")
    reason = models.CharField("未找到的原因", max_length=300, blank=True)
    url = models.CharField("报告页面", max_length=500, blank=True)
    report = models.ForeignKey(
        CollectedReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="harvests"
    )
    harvested_at = models.DateTimeField("采集时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告采集记录"
        verbose_name_plural = "年度报告采集记录"
        ordering = ["agency_name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "agency_name", "year"],
                condition=models.Q(owner__isnull=False),
                name="harvest_entry_unique_per_owner",
            ),
            models.UniqueConstraint(
                fields=["agency_name", "year"],
                condition=models.Q(owner__isnull=True),
                name="harvest_entry_unique_command_line",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_name}{self.year}年度报告采集"


class BulletinFile(models.Model):
    """A supervisor's 通报 PDF of a region's year, typeset off the request (WeasyPrint takes about
    80 s for 1,000 agencies): requested by a POST, rendered by a background task, kept here for
    download. One per region (the supervisor's agency) and year; a new request replaces it."""

    class State(models.TextChoices):
        RUNNING = "running", "正在生成"
        DONE = "done", "已生成"
        FAILED = "failed", "生成失败"

    region = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="监督机关")
    year = models.PositiveSmallIntegerField("报告年度")
    threshold = models.PositiveSmallIntegerField("同比变化阈值（%）", default=50)
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.RUNNING)
    attempt = models.PositiveIntegerField("生成次数", default=1)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="请求人",
    )
    requested_at = models.DateTimeField("请求时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    agencies = models.PositiveIntegerField("机关数", default=0)
    file = models.FileField("通报PDF", upload_to="bulletins/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.CharField("失败原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "年报检查通报"
        verbose_name_plural = "年报检查通报"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="bulletin_file_once")]

    def __str__(self) -> str:
        return f"{self.region}{self.year}年度年报检查通报"
