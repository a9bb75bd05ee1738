"""Inspection history (网站自查记录): the sites to inspect, each run, its findings, and external-link
failures for the "3 failures over 36 hours" rule (docs/domain.md, "Website inspection")."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models

from gongkai.core.times import local_iso, local_text


class InspectedSite(models.Model):
    """A website an agency inspects on a schedule: its own portal or another configured site."""

    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inspected_sites",
        verbose_name="机关",
    )
    name = models.CharField("网站名称", max_length=100)
    start_url = models.URLField("首页地址", max_length=500)
    config = models.JSONField(
        "检查配置",
        default=dict,
        blank=True,
        help_text="主机、栏目选择器、更新时限、领导名单、敏感词等（见 SiteConfig）",
    )
    active = models.BooleanField("定期检查", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "自查网站"
        constraints = [models.UniqueConstraint(fields=["agency", "start_url"], name="sitecheck_site_unique")]

    def __str__(self) -> str:
        return self.name

    def site_config(self, **overrides):
        from .config import SiteConfig

        return SiteConfig.from_dict({**self.config, "start_url": self.start_url}, **overrides)

    def external_failures(self) -> dict[str, list[datetime]]:
        out: dict[str, list[datetime]] = {}
        for url, at in self.link_failures.values_list("url", "failed_at"):
            out.setdefault(url, []).append(at)
        return out


class RunStatus(models.TextChoices):
    QUEUED = "queued", "等待开始"
    RUNNING = "running", "正在检查"
    DONE = "done", "已完成"
    FAILED = "failed", "运行失败"


class InspectionRun(models.Model):
    """One inspection of one site. A run started from the page exists from the click on (queued),
    and counts its progress while it crawls (``checked`` of ``found`` addresses)."""

    site = models.ForeignKey(
        InspectedSite, on_delete=models.CASCADE, related_name="runs", verbose_name="网站"
    )
    status = models.CharField("状态", max_length=10, choices=RunStatus.choices, default=RunStatus.DONE)
    checked = models.PositiveIntegerField("已检查网址数", default=0)
    found = models.PositiveIntegerField("已发现网址数", default=0)
    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    pages = models.PositiveIntegerField("页面数", default=0)
    links = models.PositiveIntegerField("链接数", default=0)
    requests = models.PositiveIntegerField("请求数", default=0)
    veto = models.JSONField("单项否决情况", default=list, blank=True)
    error = models.TextField("运行错误", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "自查记录"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.site} {local_text(self.started_at)}"

    @property
    def in_progress(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def percent(self) -> int:
        """Checked addresses as a share of those found so far (the total grows while crawling)."""
        return min(99, self.checked * 100 // self.found) if self.found else 0

    def as_report(self) -> dict:
        """The findings object of this run, as :mod:`gongkai.sitecheck.report` exports it."""
        return {
            "site": self.site.start_url,
            "started_at": local_iso(self.started_at),
            "pages": self.pages,
            "links": self.links,
            "requests": self.requests,
            "veto": self.veto,
            "findings": [
                {
                    "kind": f.kind,
                    "page": f.page,
                    "target": f.target or None,
                    "evidence": f.evidence,
                    "indicator": f.indicator,
                }
                for f in self.findings.all()
            ],
        }


class FindingKind(models.TextChoices):
    SITE_UNREACHABLE = "site_unreachable", "站点无法访问"
    HOMEPAGE_STALE = "homepage_stale", "首页不更新"
    STALE_COLUMN = "stale_column", "栏目不更新"
    EMPTY_COLUMN = "empty_column", "空白栏目"
    BROKEN_LINK = "broken_link", "不可用链接"
    EXTERNAL_LINK_NOTICE = "external_link_notice", "外链无离站提示"
    TEXT_ERROR = "text_error", "文字错误"
    MISSING_METADATA = "missing_metadata", "信息要素缺失"


class InspectionFinding(models.Model):
    """One finding of a run (检查发现)."""

    run = models.ForeignKey(
        InspectionRun, on_delete=models.CASCADE, related_name="findings", verbose_name="自查记录"
    )
    kind = models.CharField("问题类型", max_length=30, choices=FindingKind.choices, db_index=True)
    page = models.URLField("页面", max_length=1000)
    target = models.CharField("链接或栏目", max_length=1000, blank=True)
    evidence = models.TextField("证据")
    indicator = models.CharField("指标", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "检查发现"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.page}"


class ExternalLinkFailure(models.Model):
    """One failed check of an external link, kept for the repeated-failure rule."""

    site = models.ForeignKey(InspectedSite, on_delete=models.CASCADE, related_name="link_failures")
    url = models.URLField("外部链接", max_length=1000)
    failed_at = models.DateTimeField("失败时间")

    class Meta:
        verbose_name = verbose_name_plural = "外部链接失败记录"
        indexes = [models.Index(fields=["site", "url"])]

    def __str__(self) -> str:
        return f"{self.url} {local_text(self.failed_at)}"


class AvailabilityProbe(models.Model):
    """One scheduled visit of a site's home page (可用性监测), for the week-long 站点无法访问 rule."""

    site = models.ForeignKey(
        InspectedSite, on_delete=models.CASCADE, related_name="probes", verbose_name="网站"
    )
    at = models.DateTimeField("访问时间")
    ok = models.BooleanField("15秒内打开")
    seconds = models.FloatField("用时（秒）")
    detail = models.CharField("结果", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "首页可用性监测"
        indexes = [models.Index(fields=["site", "at"])]

    def __str__(self) -> str:
        return f"{self.site} {self.at:%Y-%m-%d %H:%M} {self.detail}"


def availability(site: InspectedSite, now: datetime):
    """The week-long availability indicator of ``site`` (:func:`gongkai.sitecheck.availability.assess`)."""
    from .availability import WINDOW, assess

    probes = site.probes.filter(at__gt=now - WINDOW, at__lte=now).values_list("at", "ok")
    return assess(list(probes), now)


def trend(site: InspectedSite, limit: int = 30) -> dict:
    """Counts per finding kind over the last ``limit`` runs, oldest first (for an ECharts line chart):
    ``{"dates": [...], "series": {kind: [counts...]}, "pages": [...]}``."""
    runs = list(site.runs.order_by("-started_at")[:limit])[::-1]
    counts = {
        (r["run"], r["kind"]): r["n"]
        for r in InspectionFinding.objects.filter(run__in=runs)
        .values("run", "kind")
        .annotate(n=models.Count("id"))
    }
    return {
        "dates": [local_text(r.started_at) for r in runs],  # the chart's axis in Beijing time
        "pages": [r.pages for r in runs],
        "series": {kind: [counts.get((r.pk, kind), 0) for r in runs] for kind in FindingKind.values},
    }


def prune_failures(site: InspectedSite, now: datetime, keep: timedelta = timedelta(hours=72)) -> None:
    site.link_failures.filter(failed_at__lt=now - keep).delete()
