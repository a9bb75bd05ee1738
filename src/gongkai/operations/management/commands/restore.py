"""gongkai restore ARCHIVE.tar.gz — restore a backup into a new, migrated, empty installation.
Everything is checked before anything changes (see :mod:`gongkai.operations.backup`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.times import local_text
from gongkai.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从 gongkai backup 的归档恢复到新建的空库（先 gongkai migrate）；校验不通过则不作任何修改"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="gongkai backup 生成的 .tar.gz 文件")

    def handle(self, *args, archive, **opts):
        try:
            manifest = restore_backup(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"已恢复：{rows}条记录（备份于 {local_text(manifest['created_at'])}，来自 {manifest['database']}）"
        )
