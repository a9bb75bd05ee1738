"""gongkai import-site URL --agency CODE — move an agency's old website in (网站迁移); --undo RUN_ID."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gongkai.agencies.models import Agency
from gongkai.core import background
from gongkai.siteimport import services
from gongkai.siteimport.mapping import MappingError, load, write


class _Bar(services.Progress):
    def __init__(self, progress: Progress):
        self.progress = progress
        self.crawl = progress.add_task("抓取网站", total=None)
        self.imp = None

    def crawled(self, done: int, found: int) -> None:
        self.progress.update(self.crawl, completed=done, total=found)

    def imported(self, done: int, total: int) -> None:
        if self.imp is None:
            self.imp = self.progress.add_task("导入信息", total=total)
        self.progress.update(self.imp, completed=done)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


class Command(BaseCommand):
    help = "网站迁移：抓取本机关原网站，导入其中的政府信息页面（保留索引号、日期、文号和原网址）；--undo 撤销一次导入"

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="原网站地址，如 http://mzj.example.gov.cn/xxgk/")
        parser.add_argument("--agency", help="机关代码（索引号前缀）")
        parser.add_argument(
            "--dry-run", action="store_true", help="试运行：只列出找到的信息和栏目，写出栏目对照表，不导入"
        )
        parser.add_argument("--mapping", help="栏目对照表（JSON）：试运行时写出，正式导入时读取已确认的")
        parser.add_argument("--json", dest="report", help="把导入报告写入此 JSON 文件")
        parser.add_argument("--since", help="只导入此日期（含）以后发布的信息，YYYY-MM-DD")
        parser.add_argument("--rate", type=float, default=4.0, help="每秒最多请求数（默认4）")
        parser.add_argument("--max-pages", type=int, default=5000, help="最多抓取的页面数（默认5000）")
        parser.add_argument("--undo", type=int, metavar="RUN_ID", help="撤销编号为 RUN_ID 的导入批次")
        parser.add_argument(
            "--restart",
            type=int,
            metavar="RUN_ID",
            help="重新开始已中断的导入批次 RUN_ID（已导入的不会重复）",
        )

    def handle(self, *args, **opts):
        for run_id in services.sweep_stale():  # runs whose worker is gone (a restart): 已中断
            self.stderr.write(
                f"注意：导入批次 {run_id} 的进程已不在运行，已标为“已中断”（可用 --restart {run_id} 重新开始）"
            )
        if opts["undo"] is not None:
            return self._undo(opts["undo"])
        if opts["restart"] is not None:
            try:
                run = services.restart(opts["restart"], actor_label="命令行")
            except ValidationError as exc:
                raise CommandError(_message(exc)) from None
            return self._run(run, opts)
        url, code = opts["url"], opts["agency"]
        if not url or not code:
            raise CommandError("请给出原网站地址和 --agency 机关代码（或用 --undo 批次编号撤销导入）")
        if opts["max_pages"] < 1 or opts["rate"] < 0:
            raise CommandError("--max-pages 应为正整数，--rate 不能为负数")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandError(f"网站地址“{url}”不正确，应以 http:// 或 https:// 开头")
        agency = Agency.objects.filter(code=code).first() or Agency.objects.filter(slug=code).first()
        if agency is None:
            raise CommandError(f"找不到代码为“{code}”的机关")
        try:
            since = services.parse_since(opts["since"])
        except ValidationError as exc:
            raise CommandError(_message(exc)) from None
        mapping = None
        if opts["mapping"] and not opts["dry_run"]:
            try:
                mapping = load(opts["mapping"])
            except MappingError as exc:
                raise CommandError(str(exc)) from None
        run = services.start(
            agency, url, dry_run=opts["dry_run"], since=since, mapping=mapping, actor_label="命令行"
        )
        self._run(run, opts)

    def _run(self, run, opts) -> None:
        url = run.start_url
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
        try:
            with Progress(*columns, transient=True) as progress:
                services.execute(
                    run,
                    progress=_Bar(progress),
                    rate=opts["rate"],
                    max_pages=opts["max_pages"],
                    live=background.mode() != "inline",
                )
        except Exception as exc:
            raise CommandError(f"导入批次 {run.pk} 运行失败：{type(exc).__name__}: {exc}") from None
        if run.pages == 0:  # the site itself could not be read: nothing was found, nothing imported
            first = run.items.filter(outcome="failed").first()
            why = f"：{first.reason}" if first else ""
            raise CommandError(f"没有读取到网站 {url} 的任何页面{why}")
        self._report(run, opts)

    def _report(self, run, opts) -> None:
        report = services.run_report(run)
        if opts["report"]:
            Path(opts["report"]).write_text(
                json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
            )
        out = self.stdout.write
        if run.dry_run:
            path = opts["mapping"] or f"栏目对照-{urlsplit(run.start_url).netloc.replace(':', '_')}.json"
            write(path, run.start_url, report["columns"])
            found = sum(1 for i in report["items"] if i["outcome"] == "发现（试运行）")
            out(
                f"试运行（批次 {run.pk}）：读取页面 {run.pages} 个，找到可导入的信息 {found} 条，无法导入 {run.failed} 个"
            )
            out("找到的栏目和建议的对照（主题分类 / 体裁）：")
            for column, row in report["columns"].items():
                out(f"  {column}（{row['页面数']} 条）→ {row['主题分类']} / {row['体裁'] or '（无）'}")
            out(
                f'栏目对照表已写入 {path}：请核对、修改后把 "confirmed" 改为 true，再用 --mapping {path} 正式导入'
            )
        else:
            out(
                f"导入完成（批次 {run.pk}）：读取页面 {run.pages} 个，新增 {run.created} 条，"
                f"更新 {run.updated} 条，未变 {run.unchanged} 条，失败 {run.failed} 条"
            )
        for note in report["notes"]:
            out(f"注意：{note}")
        for item in report["items"]:
            if item["outcome"] == "失败":
                out(f"  失败：{item['url']}：{item['reason']}")
        if not run.dry_run and run.created + run.updated:
            out(f"如需撤销：gongkai import-site --undo {run.pk}")

    def _undo(self, run_id: int) -> None:
        try:
            run = services.undo(run_id, actor_label="命令行")
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(_message(exc)) from None
        removed, restored = run.undo_counts
        self.stdout.write(
            f"已撤销导入批次 {run_id}：删除新增的信息 {removed} 条，恢复更新过的信息 {restored} 条"
        )
