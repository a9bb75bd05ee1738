"""Benchmark of a supervisor's review (年报检查) of a big region: ``--import`` of N harvested lines,
then the review page's computation, the XLSX and the 通报 (PDF, DOCX).

Builds a fresh SQLite database in a temporary GONGKAI_HOME (or PostgreSQL with GONGKAI_DB=postgres
and its own GONGKAI_PG_NAME), keeps N generated lines through the real import (one transaction
each: on time, late, undated, missing, faulty, blank cells, like the demo) under one supervisor's
agency, and times each step.

    python bench/supervision.py --agencies 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agencies", type=int, default=1000)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--out", type=Path, help="keep the XLSX and the 通报 files in this directory")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="gongkai-bench-supervision-"))
    os.environ.setdefault("GONGKAI_HOME", str(home))
    os.environ.setdefault("GONGKAI_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gongkai.agencies.models import Agency
    from gongkai.collected.bulletin import bulletin, bulletin_docx, bulletin_pdf, review_xlsx
    from gongkai.collected.demo import _line, _report
    from gongkai.collected.harvest.keep import keep_line
    from gongkai.collected.supervision import region_year
    from gongkai.rules.annual.timeliness import days_late, is_late

    root, _ = Agency.objects.get_or_create(
        slug="bench", defaults={"name": "基准测试市政务公开办", "short_name": "公开办", "code": "BENCH0001"}
    )
    year, start = args.year, dt.date(args.year + 1, 1, 1)
    started = time.monotonic()
    for i in range(args.agencies):
        kind = "政府" if i % 5 == 0 else "部门"
        found = i % 10 != 7
        published = None if i % 11 == 5 else start + dt.timedelta(days=(i * 37) % 120)
        report = _report(year, 10 + i % 50, faulty=i % 8 == 3, blanks=i % 13 == 4) if found else None
        line = _line(f"基准县{i:04d}{'人民政府' if kind == '政府' else '民政局'}", kind, f"s{i:04d}", year,
                     published if found else None, report)  # fmt: skip
        line["late"], line["days_late"] = is_late(kind, year, published), days_late(kind, year, published)
        keep_line(line, owner=root)
    imported = time.monotonic() - started
    print(f"import: {args.agencies} lines in {imported:.1f} s ({args.agencies / imported:.0f} lines/s)")

    today = dt.date(year + 1, 12, 1)
    for label, step in (("review (gather, assess, rank)", lambda: region_year(root, year, today)),):
        t = time.monotonic()
        rows = step()
        print(f"{label}: {len(rows)} agencies in {time.monotonic() - t:.2f} s")
    for label, name, make in (
        ("XLSX", "review.xlsx", lambda: review_xlsx("基准", rows)),
        ("通报 DOCX", "bulletin.docx", lambda: bulletin_docx(bulletin(root.name, year, rows, today))),
        ("通报 PDF", "bulletin.pdf", lambda: bulletin_pdf(bulletin(root.name, year, rows, today))),
    ):
        t = time.monotonic()
        data = make()
        print(f"{label}: {len(data) / 1024:.0f} KiB in {time.monotonic() - t:.2f} s")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / name).write_bytes(data)
    # The 通报 PDF as the page gets it: the POST only records and queues; the task typesets.
    from django.conf import settings

    from gongkai.agencies.models import Role, User
    from gongkai.collected import bulletin_jobs
    from gongkai.collected.tasks import render_bulletin_task

    settings.GONGKAI_BACKGROUND = "celery"
    queued: list[tuple] = []
    render_bulletin_task.delay = lambda *a: queued.append(a)
    user = User.objects.create_user("bench-sup", agency=root, roles=[Role.SUPERVISOR], full_name="基准")
    t = time.monotonic()
    job, _ = bulletin_jobs.request_pdf(user, year, 50)
    asked = time.monotonic() - t
    t = time.monotonic()
    assert bulletin_jobs.render_pdf(*queued[0])
    job.refresh_from_db()
    print(
        f"生成通报PDF request: {asked * 1000:.0f} ms; the task: {time.monotonic() - t:.2f} s ({job.file.size // 1024} KiB)"
    )


if __name__ == "__main__":
    main()
