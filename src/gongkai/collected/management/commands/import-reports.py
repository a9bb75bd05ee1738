"""gongkai import-reports PATH... — keep published annual reports (files or directories)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from gongkai.collected.services import SUFFIXES, ImportError_, import_report


class Command(BaseCommand):
    help = "导入已发布的年度报告（解析、核对并保存，供比较和汇总）"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--agency", default="", help="机关名称（报告中无法识别时）")
        parser.add_argument("--year", type=int, default=None, help="报告年度（同上）")

    def handle(self, *args, paths, agency, year, **opts):
        files = []
        for p in map(Path, paths):
            if p.is_dir():
                files += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES)
            elif p.is_file():
                files.append(p)
            else:
                raise CommandError(f"找不到：{p}")
        if not files:
            raise CommandError(f"没有找到可导入的报告文件（{'、'.join(SUFFIXES)}）", returncode=2)
        done = failed = 0
        with Progress(transient=True) as progress:
            task = progress.add_task("导入中", total=len(files))
            for f in files:
                try:
                    result = import_report(None, f.name, f.read_bytes(), agency_name=agency, year=year)
                except ImportError_ as exc:
                    failed += 1
                    self.stderr.write(str(exc))
                else:
                    done += 1
                    self.stdout.write(
                        f"{result.report}：解析提示{result.warnings}条，勾稽问题{result.findings}条"
                    )
                progress.advance(task)
        self.stdout.write(f"完成：导入{done}份，失败{failed}份")
        if failed and not done:
            raise CommandError("没有导入任何报告", returncode=2)
