"""gongkai import-documents FILE --agency CODE — bulk import published documents (CSV/XLSX/JSON)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from gongkai.agencies.models import Agency
from gongkai.disclosure.importing import ImportFailed, import_documents, read_rows


class Command(BaseCommand):
    help = "批量导入已发布的政府信息（CSV、XLSX 或 JSON；整文件导入，出错则不导入任何数据）"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--agency", required=True, help="机关代码（索引号前缀）")

    def handle(self, *args, file, agency, **opts):
        target = Agency.objects.filter(code=agency).first() or Agency.objects.filter(slug=agency).first()
        if target is None:
            raise CommandError(f"找不到代码为“{agency}”的机关")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            rows = read_rows(path.name, path.read_bytes())
            with Progress(transient=True) as progress:
                task = progress.add_task("导入中", total=len(rows))
                result = import_documents(target, rows, progress=lambda n: progress.advance(task, n))
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"导入完成：新增{result.created}条，已存在跳过{result.skipped}条")
