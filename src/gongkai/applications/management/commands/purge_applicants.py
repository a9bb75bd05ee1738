"""gongkai purge_applicants [--dry-run] [--as-of YYYY-MM-DD]

个人信息保护: anonymise the applicants of cases closed more than GONGKAI_APPLICANT_RETENTION_DAYS ago
(see :mod:`gongkai.applications.retention`). Celery beat runs the same daily.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications.retention import anonymise_expired, retention_days


class Command(BaseCommand):
    help = "删除办结已超过保存期限的申请人个人信息（案件保留用于统计）"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将被匿名化的申请，不修改")
        parser.add_argument("--as-of", help="按此日期计算保存期限（YYYY-MM-DD，默认今天）")

    def handle(self, *args, dry_run, as_of, **opts):
        if retention_days() <= 0:
            raise CommandError("未设置保存期限（GONGKAI_APPLICANT_RETENTION_DAYS 为0），不删除任何个人信息")
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError(f"日期无效：{as_of}（应为 YYYY-MM-DD）") from exc
        done = anonymise_expired(day, dry_run=dry_run)
        for line in done:
            self.stdout.write(line)
        verb = "将匿名化" if dry_run else "已匿名化"
        self.stdout.write(f"{verb}{len(done)}件申请的申请人个人信息（保存期限{retention_days()}日）")
