"""`gongkai audit verify` checks the hash chain; `gongkai audit archive` exports it for keeping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.audit.chain import verify_archive, verify_database, write_archive
from gongkai.audit.services import append


def _date(text: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class Command(BaseCommand):
    help = "审计记录：verify 校验哈希链；archive 导出归档（JSON 行 + SHA-256）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验审计记录哈希链（发现修改或删除时退出码为1）")
        verify.add_argument("--file", help="校验一个归档文件，而非数据库")
        archive = sub.add_parser("archive", help="导出审计记录归档")
        archive.add_argument("--out", required=True, help="归档文件路径（.jsonl）")
        archive.add_argument("--since", help="起始日期（含），YYYY-MM-DD")
        archive.add_argument("--before", help="截止日期（不含），YYYY-MM-DD；默认今天")

    def handle(self, *args, **options):
        if options["action"] == "verify":
            return self._verify(options.get("file"))
        return self._archive(options)

    def _verify(self, file: str | None) -> None:
        if file:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"找不到归档文件：{file}")
            count, breaks = verify_archive(path)
        else:
            count, breaks = verify_database()
        if breaks:
            for item in breaks:
                self.stderr.write(item.message)
            raise CommandError(f"审计记录校验未通过：共{count}条，发现{len(breaks)}处问题。")
        self.stdout.write(f"审计记录校验通过：共{count}条，哈希链完整。")

    def _archive(self, options) -> None:
        since = _date(options["since"]) if options.get("since") else None
        before = _date(options["before"]) if options.get("before") else None
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"目录不存在：{out.parent}")
        count, sha = write_archive(out, since=since, before=before)
        append(
            object_type="audit.auditentry",
            object_id="-",
            action="导出审计归档",
            actor_label="命令行",
            data={"file": out.name, "rows": count, "sha256": sha},
        )
        days = settings.GONGKAI_AUDIT_RETENTION_DAYS
        self.stdout.write(
            f"已导出{count}条审计记录到 {out}（SHA-256 {sha}）。数据库中的记录不删除，至少保留{days}天。"
        )
