"""gongkai backup ARCHIVE.tar.gz — the database, uploaded files and search index in one checksummed
archive (see :mod:`gongkai.operations.backup`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库、上传文件与检索索引到一个带校验和的归档文件（.tar.gz，另写 .sha256）"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件路径，例如 /srv/backup/gongkai-20260101.tar.gz")

    def handle(self, *args, archive, **opts):
        target = Path(archive)
        if target.exists():
            raise CommandError(f"备份文件已存在：{target}（不覆盖已有备份，请换一个文件名）")
        try:
            manifest = create_backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        files = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(f"已备份：{rows}条记录、{files}个文件 → {target}（校验和见 {target}.sha256）")
