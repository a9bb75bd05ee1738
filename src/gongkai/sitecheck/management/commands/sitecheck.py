"""`gongkai sitecheck URL`: inspect a website as the State Council's check would (网站自查)."""

from __future__ import annotations

import json
import logging
import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.sitecheck.config import ConfigError, SiteConfig
from gongkai.sitecheck.findings import FIXES, KINDS
from gongkai.sitecheck.run import inspect_site

_KIND_LABELS = {
    "site_unreachable": "站点无法访问",
    "homepage_stale": "首页不更新",
    "stale_column": "栏目不更新",
    "empty_column": "空白栏目",
    "broken_link": "不可用链接",
    "external_link_notice": "外链无离站提示",
    "text_error": "文字错误",
    "missing_metadata": "信息要素缺失",
}


def _nothing_read(report: dict) -> bool:
    first = report["findings"][0] if report["findings"] else None
    return bool(
        first
        and first["kind"] == "site_unreachable"
        and report["pages"] <= 1
        and first["page"] == report["site"]
    )


class Command(BaseCommand):
    help = "网站自查：抓取网站，按国办秘函〔2019〕19号指标列出问题（--json 输出一个 JSON 对象）"

    def add_arguments(self, parser):
        parser.add_argument("url", help="网站首页地址，如 http://www.example.gov.cn/")
        parser.add_argument("--max-pages", type=int, default=None, help="最多抓取的页面数（默认2000）")
        parser.add_argument("--concurrency", type=int, default=None, help="并发请求数（默认4）")
        parser.add_argument(
            "--rate", type=float, default=None, help="每个主机每秒最多请求数（默认8，0为不限）"
        )
        parser.add_argument("--timeout", type=float, default=None, help="单次请求超时秒数（默认15）")
        parser.add_argument(
            "--retries", type=int, default=None, help="超时、连接失败和502/503/504时的重试次数（默认2）"
        )
        parser.add_argument("--config", help="站点配置 JSON 文件（主机、栏目选择器、时限、领导名单、敏感词）")
        parser.add_argument("--host", action="append", dest="hosts", help="属于本站的主机（可多次给出）")
        parser.add_argument("--history", help="外部链接定期检查记录文件（36小时内失败3次才判为不可用）")
        parser.add_argument("--no-external", action="store_true", help="不检查外部链接")
        parser.add_argument(
            "--ignore-robots", action="store_true", help="不遵守 robots.txt（仅限检查本单位网站）"
        )
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 对象")
        parser.add_argument("--xlsx", help="导出自查报告 XLSX 到此路径")
        parser.add_argument("--pdf", help="导出自查报告 PDF 到此路径")

    def handle(self, *args, **opts):
        # One log line per request (httpx) or layout step (WeasyPrint) would drown the progress bar.
        for name in ("httpx", "httpcore", "weasyprint", "fontTools"):
            logging.getLogger(name).setLevel(logging.WARNING)
        overrides = {
            "start_url": opts["url"],
            "max_pages": opts["max_pages"],
            "concurrency": opts["concurrency"],
            "rate": opts["rate"],
            "timeout": opts["timeout"],
            "hosts": opts["hosts"],
            "retries": opts["retries"],
        }
        if opts["no_external"]:
            overrides["check_external"] = False
        if opts["ignore_robots"]:
            overrides["obey_robots"] = False
        try:
            if opts["config"]:
                config = SiteConfig.load(opts["config"], **overrides)
            else:
                config = SiteConfig.from_dict({}, **overrides)
        except ConfigError as exc:
            raise CommandError(str(exc)) from exc

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=sys.stderr)
        with Progress(
            TextColumn("[bold]网站自查"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as bar:
            task = bar.add_task("crawl", total=1)

            def progress(done: int, known: int) -> None:
                bar.update(task, completed=done, total=max(known, done))

            try:
                report = inspect_site(config, history_path=opts["history"], progress=progress)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc

        if opts["xlsx"] or opts["pdf"]:
            from gongkai.sitecheck import report as export

            if opts["xlsx"]:
                export.write_xlsx(report, opts["xlsx"])
            if opts["pdf"]:
                export.write_pdf(report, opts["pdf"])
        if opts["json"]:
            out = {"pages": report["pages"], "links": report["links"], "findings": report["findings"]}
            out.update({k: v for k, v in report.items() if k not in out})
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            self._print(report, console)
        if _nothing_read(report):  # the report says so (站点无法访问); the exit status too
            self.stderr.write("未能打开网站首页，没有检查任何页面")
            self.stdout.flush()
            sys.exit(2)

    def _print(self, report: dict, console) -> None:
        w = self.stdout.write
        w(
            f"网站自查：{report['site']}  页面 {report['pages']} 个，链接 {report['links']} 条，"
            f"用时 {report['seconds']} 秒"
        )
        for line in report["veto"]:
            w(f"  ！{line}")
        counts = {k: 0 for k in KINDS}
        for f in report["findings"]:
            counts[f["kind"]] += 1
        for kind in KINDS:
            if not counts[kind]:
                continue
            w(f"\n【{_KIND_LABELS[kind]}】{counts[kind]} 处 —— 整改：{FIXES[kind]}")
            shown = [f for f in report["findings"] if f["kind"] == kind][:20]
            for f in shown:
                target = f" → {f['target']}" if f["target"] and f["target"] != f["page"] else ""
                w(f"  {f['page']}{target}\n    {f['evidence']}")
            if counts[kind] > len(shown):
                w(f"  ……另有 {counts[kind] - len(shown)} 处（--json 或 --xlsx 查看全部）")
        if not report["findings"]:
            w("未发现问题。")
