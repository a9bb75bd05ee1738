"""政民互动 at scale: the workbench queue with 100,000 messages, and the year's statistics of 100,000
12345 work orders.

    .venv/bin/python bench/interaction.py [--backend sqlite|postgres] [--messages 100000] [--orders 100000] [--requests 30]

Steps: (1) a fresh database (benchlib.demo_database: SQLite in a temporary GONGKAI_HOME, or PostgreSQL
``gongkai_bench_interaction`` dropped and recreated), migrated, demo loaded; (2) ``--messages`` mailbox
messages of ``szmzj`` received over the last two years (most closed, the recent ones open in every
open state, a tail of old ones overdue; phones encrypted as in production) and ``--orders`` 12345
work orders of ``szmzj`` received in one year (last year; 85 % closed, most on time, rated), bulk-
created, then ANALYZE; (3) through Django's test Client logged in as ``szmzj-admin``: after a warm-up,
``--requests`` GETs of the queue's first page (open, by due date), the overdue list and page 2, with
the staff dashboard as a baseline; (4) ``gongkai interaction stats --agency 011330421 --year Y --json``
(call_command, output discarded) ``--runs`` times. Prints p50/p95 per page, the SQL per page and the
stats times; the last line is ``key=value`` pairs. Goals (issue 14): queue first page < 200 ms,
stats < 2 s.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta

from benchlib import demo_database, pct

KINDS = [("consult", 40), ("help", 15), ("suggest", 10), ("complain", 20), ("report", 5), ("other", 10)]
OPEN = [("submitted", 15), ("accepted", 20), ("assigned", 55), ("replied", 10)]
RATINGS = [("满意", 70), ("基本满意", 20), ("不满意", 5), ("", 5)]


def _pick(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def make_messages(agency, box, n: int, today: date, handlers, rng, *, source: str, year: int | None = None):
    from django.utils import timezone

    from gongkai.interaction.models import Message

    tz = timezone.get_current_timezone()
    rows = []
    for i in range(n):
        if year is None:
            age = rng.randint(0, 729)
            received = today - timedelta(days=age)
            is_open = rng.random() < (0.7 if age < 20 else 0.02 if age < 120 else 0.002)
        else:
            received = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
            is_open = rng.random() < 0.15
        kind = _pick(rng, KINDS)
        due = received + timedelta(days=rng.choice([7, 14, 21]))
        state = _pick(rng, OPEN) if is_open else "closed"
        answered = None if is_open else received + timedelta(days=rng.randint(1, 25))
        workdays = None if answered is None else max(0, (answered - received).days * 5 // 7)
        rows.append(
            Message(
                source=source,
                agency=agency,
                box=box if source == "mailbox" else None,
                number=f"{'B' if source == 'mailbox' else 'H'}{i:07d}",
                kind=kind,
                title="关于低保办理的咨询",
                content="请问低保申请需要哪些材料，到哪里办理？",
                name="张三",
                phone=f"13{rng.randint(0, 999999999):09d}",
                submitted_at=datetime.combine(received, datetime.min.time(), tz) + timedelta(hours=9),
                received_on=received,
                deadline_days=10,
                due_on=due,
                state=state,
                is_open=int(is_open),
                handler=rng.choice(handlers) if state in ("assigned", "replied", "closed") else None,
                answered_on=answered,
                closed_on=answered,
                workdays_taken=workdays,
                on_time=None if answered is None else answered <= due,
                rating="" if answered is None else _pick(rng, RATINGS),
            )
        )
    return rows


def load(messages: int, orders: int, seed: int) -> int:
    from django.db import connection

    from gongkai.agencies.models import Agency, User
    from gongkai.interaction import services
    from gongkai.interaction.models import Box, Message

    rng = random.Random(seed)
    today = services.today()
    agency = Agency.objects.get(slug="szmzj")
    box = Box.objects.filter(agency=agency).first()
    handlers = list(User.objects.filter(agency=agency))
    t0 = time.perf_counter()
    for source, n, year in (("mailbox", messages, None), ("hotline", orders, today.year - 1)):
        done = 0
        while done < n:
            batch = make_messages(
                agency, box, min(5000, n - done), today, handlers, rng, source=source, year=year
            )
            for m in batch:
                m.number = f"{m.number}-{done}"
            Message.objects.bulk_create(batch, batch_size=1000)
            done += len(batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(
        f"loaded {messages} messages and {orders} work orders in {time.perf_counter() - t0:.1f} s "
        f"({Message.objects.count()} rows)"
    )
    return today.year - 1


def timed_get(client, url: str, n: int) -> tuple[list[float], int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    client.get(url)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    return times, len(ctx.captured_queries), sql_ms


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    with demo_database(
        "gongkai-bench-interaction-", args.backend, "gongkai_bench_interaction", keep=args.keep
    ):
        from django.core.management import call_command
        from django.test import Client

        year = load(args.messages, args.orders, args.seed)
        client = Client()
        client.force_login(
            __import__("gongkai.agencies.models", fromlist=["User"]).User.objects.get(username="szmzj-admin")
        )
        results = {}
        for name, url in (
            ("dashboard", "/staff/"),
            ("queue", "/staff/interaction/"),
            ("overdue", "/staff/interaction/?status=overdue"),
            ("page2", "/staff/interaction/?page=2"),
        ):
            times, queries, sql_ms = timed_get(client, url, args.requests)
            results[name] = (statistics.median(times), pct(times, 95))
            print(
                f"{name:10s} p50 {results[name][0]:7.1f} ms  p95 {results[name][1]:7.1f} ms  "
                f"{queries} queries, SQL {sql_ms:.1f} ms"
            )
        stats = []
        for _ in range(args.runs):
            t = time.perf_counter()
            call_command(
                "interaction",
                "stats",
                "--agency",
                "011330421",
                "--year",
                str(year),
                "--json",
                stdout=io.StringIO(),
            )
            stats.append(time.perf_counter() - t)
        print(
            f"stats of {year} ({args.orders} work orders): median {statistics.median(stats):.3f} s, "
            f"max {max(stats):.3f} s over {args.runs} runs"
        )
    queue_ok = results["queue"][0] < 200
    stats_ok = statistics.median(stats) < 2
    print(
        f"backend={args.backend} messages={args.messages} orders={args.orders} "
        f"queue_p50_ms={results['queue'][0]:.1f} queue_p95_ms={results['queue'][1]:.1f} "
        f"overdue_p50_ms={results['overdue'][0]:.1f} dashboard_p50_ms={results['dashboard'][0]:.1f} "
        f"stats_median_s={statistics.median(stats):.3f} queue_goal={'met' if queue_ok else 'missed'} "
        f"stats_goal={'met' if stats_ok else 'missed'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
