"""Site import runs (网站迁移批次): what one run of ``gongkai import-site`` (or the staff page) found,
created, updated and could not import, so that the run can be reviewed and undone exactly; and the
agency's choice of the light review step ("已由原网站发布")."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportSettings(models.Model):
    """Per agency: whether imported documents skip the light review (核对) step.

    On (已由原网站发布): the old site already published them under Art. 19–20 of the Regulation, so
    they are published at once, marked as imported. Off (the default): they wait as 导入待核对 until
    an editor or the agency administrator confirms each (the workflow table's ``confirm_import``)."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="import_settings", verbose_name="机关"
    )
    published_on_old_site = models.BooleanField(
        "已由原网站发布",
        default=False,
        help_text="开启后，迁移的信息直接发布（标明迁移自原网站）；关闭时须逐条核对后发布",
    )

    class Meta:
        verbose_name = verbose_name_plural = "网站迁移设置"

    def __str__(self) -> str:
        return f"{self.agency}：{'直接发布' if self.published_on_old_site else '核对后发布'}"


def skips_review(agency) -> bool:
    row = ImportSettings.objects.filter(agency=agency).first()
    return bool(row and row.published_on_old_site)


class RunStatus(models.TextChoices):
    QUEUED = "queued", "等待开始"
    RUNNING = "running", "正在导入"
    DONE = "done", "已完成"
    FAILED = "failed", "运行失败"
    INTERRUPTED = "interrupted", "已中断"
    UNDONE = "undone", "已撤销"


class ImportRun(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="import_runs", verbose_name="机关"
    )
    start_url = models.CharField("网站地址", max_length=1000)
    dry_run = models.BooleanField("试运行", default=False)
    since = models.DateField("只导入此日期以后发布的", null=True, blank=True)
    mapping = models.JSONField("栏目对照", default=dict, blank=True)
    mapping_confirmed = models.BooleanField("对照表已确认", default=False)
    status = models.CharField("状态", max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_by_label = models.CharField("发起人", max_length=100, blank=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    # Written by the running worker every few seconds; a run whose heartbeat stopped (the process or
    # the machine restarted) is marked 已中断 by services.sweep_stale.
    heartbeat_at = models.DateTimeField("最后心跳", null=True, blank=True)
    restart_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="restarts",
        verbose_name="重新开始自",
    )
    checked = models.PositiveIntegerField("已访问", default=0)
    found = models.PositiveIntegerField("已发现", default=0)
    to_import = models.PositiveIntegerField("待导入", default=0)
    imported = models.PositiveIntegerField("已处理", default=0)
    pages = models.PositiveIntegerField("页面数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    failed = models.PositiveIntegerField("失败", default=0)
    report = models.JSONField("报告", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    undone_at = models.DateTimeField("撤销时间", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "网站迁移批次"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.start_url}"

    @property
    def in_progress(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def percent(self) -> int:
        """The crawl fills the first half of the bar, the import the second."""
        crawl = self.checked / self.found if self.found else 0
        if self.to_import:
            return int(50 + 50 * self.imported / self.to_import)
        return int(50 * crawl) if not self.dry_run else int(100 * crawl)


class Outcome(models.TextChoices):
    CREATED = "created", "新增"
    UPDATED = "updated", "更新"
    UNCHANGED = "unchanged", "未变"
    FAILED = "failed", "失败"
    FOUND = "found", "发现（试运行）"


class ImportItem(models.Model):
    """One document page of a run: what became of it, and what undo needs (the fields before an
    update, the attachments the run added)."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="items")
    url = models.TextField("原网址")
    title = models.CharField("标题", max_length=300, blank=True)
    column = models.CharField("栏目", max_length=100, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    reason = models.TextField("原因", blank=True)
    notes = models.JSONField("说明", default=list, blank=True)
    document = models.ForeignKey(
        "disclosure.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous = models.JSONField("更新前", default=dict, blank=True)
    added_attachments = models.JSONField("新增附件", default=list, blank=True)
    # Attachments an update took off (the page no longer links them, or links other content at the
    # same address): their rows as they were, so that undo can put them back (the files stay stored).
    removed_attachments = models.JSONField("删除的附件", default=list, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class ImportedAttachment(models.Model):
    """Where an imported attachment came from: the address the old page linked it at. A re-import
    takes the attachment off its document when the page no longer links that address (or links
    other content there); an attachment without this row (added on the platform) is never touched."""

    attachment = models.OneToOneField(
        "disclosure.Attachment", on_delete=models.CASCADE, related_name="import_source", verbose_name="附件"
    )
    url = models.TextField("原网址")

    class Meta:
        verbose_name = verbose_name_plural = "迁移附件来源"

    def __str__(self) -> str:
        return self.url
