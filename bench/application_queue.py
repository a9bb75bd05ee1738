"""The handlers' workbench queue (办理队列, ``/staff/applications/``) of an agency with many cases.

    .venv/bin/python bench/application_queue.py [--backend sqlite|postgres] [--cases 100000] [--requests 30] [--profile]

(Not bench/queue.py: scripts run from bench/ have it first on sys.path, and a queue.py there would
shadow the standard library's ``queue`` that psycopg and Django import, breaking every bench script.)

Steps: (1) a fresh database — SQLite in a temporary GONGKAI_HOME, or PostgreSQL ``gongkai_bench_queue``
(dropped and recreated) — migrated, with the demo loaded; (2) ``--cases`` applications of ``szmzj``
bulk-created (plus ``--other`` spread over the other agencies): received over the last two years,
closed mostly (the older the case, the likelier), open ones running, waiting for a supplement,
consulting, waiting for a fee or not yet received, a tail of old cases left open (overdue), channels
and handlers (8 handlers, some cases unassigned) spread as in a busy office, unread deadline reminders
for the logged-in handler. Only the cached clock (status, due date, outcome) is written, no case
events: the queue reads nothing else. Then VACUUM ANALYZE (PostgreSQL; ``--no-vacuum``: ANALYZE only)
or ANALYZE (SQLite); (3) through Django's test Client, logged in as
``szmzj-admin`` (handler, admin, office head, leader): after a warm-up, ``--requests`` GETs each of
the queue's first page, the overdue list, page 2, "mine", a channel filter and "all" (ordered by
submission), with two baselines in the same run: the staff dashboard (a trivial page) and the queue
of an agency with no applications. Prints p50/p95 per page, the SQL per page (queries and their
time) and, with ``--profile`` or when the first page's p50 is over the 200 ms target, a cProfile of it.
The last line is ``key=value`` pairs. The database (or the temporary directory) is removed at the end
unless ``--keep``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from benchlib import demo_database, pct

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 200


CHANNELS = [
    ("online", 60),
    ("registered_post", 14),
    ("in_person", 10),
    ("email", 8),
    ("ordinary_letter", 5),
    ("fax", 2),
    ("oral", 1),
]
OPEN_STATUSES = [
    ("running", 70),
    ("not_received", 8),
    ("awaiting_supplement", 12),
    ("consulting", 7),
    ("awaiting_fee", 3),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def make_cases(agency, n: int, today: date, handlers: list, rng: random.Random, counters: dict) -> list:
    """``n`` unsaved applications of ``agency`` received over the last two years (see the module doc)."""
    from django.utils import timezone

    from gongkai.applications.models import Application
    from gongkai.rules.outcomes import outcome_choices

    outcomes = [code for code, _ in outcome_choices()]
    channels, channel_w = zip(*CHANNELS, strict=True)
    statuses, status_w = zip(*OPEN_STATUSES, strict=True)
    tz = timezone.get_current_timezone()
    rows = []
    for _ in range(n):
        age = rng.randint(0, 729)
        received = today - timedelta(days=age)
        submitted = datetime.combine(
            received - timedelta(days=rng.choice([0, 0, 0, 1, 2, 3])), datetime.min.time(), tz
        ) + timedelta(seconds=rng.randint(8 * 3600, 20 * 3600))
        # Open: most recent cases; of the older ones a small tail left open (forgotten, overdue).
        is_open = rng.random() < (0.75 if age < 30 else 0.35 if age < 60 else 0.01)
        status = rng.choices(statuses, status_w)[0] if is_open else "closed"
        due = received + timedelta(days=28 + (28 if rng.random() < 0.08 else 0))  # 20 (+20) working days
        if status == "not_received":
            due, received_on = None, None
        else:
            received_on = received
        if status in ("awaiting_supplement", "consulting", "awaiting_fee"):
            due = received + timedelta(days=rng.randint(10, 25))  # waiting_until
        closed_on = None if is_open else min(today, received + timedelta(days=rng.randint(3, 30)))
        channel = rng.choices(channels, channel_w)[0]
        year = submitted.astimezone(tz).year
        counters[(agency.pk, year)] = serial = counters.get((agency.pk, year), 0) + 1
        rows.append(
            Application(
                agency=agency,
                year=year,
                serial=serial,
                number=f"{year}-{serial:04d}",
                access_code_hash="0" * 64,
                idempotency_key=uuid.uuid4().hex if channel == "online" else "",
                channel=channel,
                applicant_kind="natural_person",
                applicant_name=rng.choice(SURNAMES) + rng.choice("伟芳娜敏静丽强磊军洋"),
                id_type="resident_id",
                id_number="11010519491231002X",
                phone=f"13{rng.randint(0, 999999999):09d}",
                description="请公开2024年度城乡最低生活保障资金发放情况",
                medium="electronic",
                delivery="email",
                submitted_at=submitted,
                received_on=received_on,
                handler=None if (is_open and rng.random() < 0.15) else rng.choice(handlers),
                status=status,
                due_on=due,
                outcome="" if is_open else rng.choice(outcomes),
                closed_on=closed_on,
                overdue=(not is_open and rng.random() < 0.02)
                or (is_open and due is not None and due < today),
            )
        )
    return rows


def load(cases: int, other: int, seed: int, vacuum: bool) -> dict:
    from django.db import connection

    from gongkai.agencies.models import Agency, Role, User
    from gongkai.applications import services
    from gongkai.applications.models import Application, ApplicationCounter, Reminder
    from gongkai.demo.loader import DEMO_PASSWORD

    rng = random.Random(seed)
    today = services.today()
    agency = Agency.objects.get(slug="szmzj")
    admin = User.objects.get(username="szmzj-admin")
    handlers = [admin] + [
        User.objects.create_user(
            f"szmzj-handler{i}",
            password=DEMO_PASSWORD,
            agency=agency,
            roles=[Role.HANDLER],
            full_name=f"承办人{i}",
        )
        for i in range(1, 8)
    ]
    counters: dict = {}
    t0 = time.perf_counter()
    done = 0
    while done < cases:
        batch = make_cases(agency, min(5000, cases - done), today, handlers, rng, counters)
        Application.objects.bulk_create(batch, batch_size=1000)
        done += len(batch)
    others = [a for a in Agency.objects.exclude(pk=agency.pk) if a.slug != "hbmzt"]
    for i, other_agency in enumerate(others):
        share = other // len(others) + (1 if i < other % len(others) else 0)
        staff = list(User.objects.filter(agency=other_agency)) or [None]
        Application.objects.bulk_create(
            make_cases(other_agency, share, today, staff, rng, counters), batch_size=1000
        )
    ApplicationCounter.objects.bulk_create(
        [ApplicationCounter(agency_id=a, year=y, last_serial=s) for (a, y), s in counters.items()]
    )
    soon = list(
        Application.objects.filter(
            agency=agency, status="running", handler=admin, due_on__gte=today
        ).order_by("due_on")[:12]
    )
    Reminder.objects.bulk_create(
        [
            Reminder(application=app, user=admin, workdays_left=5 if i % 2 else 2, due_on=app.due_on)
            for i, app in enumerate(soon)
        ]
    )
    load_s = time.perf_counter() - t0
    with connection.cursor() as cursor:
        # A table that grew over two years has been vacuumed by autovacuum (visibility map set, so
        # counts are index-only scans); --no-vacuum measures right after a bulk import instead.
        cursor.execute("VACUUM ANALYZE" if vacuum and connection.vendor == "postgresql" else "ANALYZE")
    return {"load_s": load_s, "agency": agency, "admin": admin}


def timed(client, url: str, n: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, url
    return times


def sql_of(client, url: str) -> tuple[int, float, list]:
    """Queries of one request: count, total ms and (ms, sql) each, timed around the driver call."""
    from django.db import connection

    queries = []

    def timer(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - t0) * 1000, sql))

    with connection.execute_wrapper(timer):
        client.get(url)
    return len(queries), sum(ms for ms, _ in queries), queries


def left_cost(agency) -> dict:
    """The view's working-days-left step for the first page's rows, timed both ways (median of 10)."""
    from gongkai.applications import services
    from gongkai.applications.models import Application
    from gongkai.applications.staff_views import OPEN, _left
    from gongkai.workdays.calendar import holiday_table

    today = services.today()
    dues = list(
        Application.objects.filter(agency=agency, status__in=OPEN)
        .order_by("due_on", "pk")
        .values_list("due_on", flat=True)[:50]
    )
    out = {}
    for name, run in (
        ("one", lambda: [_left(d, today, table) for table in [holiday_table()] for d in dues]),
        ("per_row", lambda: [_left(d, today) for d in dues]),
    ):
        times = []
        for _ in range(10):
            t0 = time.perf_counter()
            run()
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = statistics.median(times)
    return out


def profile(client, url: str, rounds: int = 10) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(rounds):
        client.get(url)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).sort_stats("cumulative")
    stats.print_stats(
        r"gongkai|django/(template/base|db/models/sql/compiler|core/paginator)|psycopg|sqlite3", 30
    )
    return out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--cases", type=int, default=100_000, help="applications of the measured agency")
    ap.add_argument(
        "--other", type=int, default=None, help="applications of the other agencies (default cases/5)"
    )
    ap.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
    ap.add_argument(
        "--no-vacuum", action="store_true", help="PostgreSQL: ANALYZE only, no VACUUM after loading"
    )
    ap.add_argument("--profile", action="store_true", help="profile the first page even if under target")
    ap.add_argument("--db", default="gongkai_bench_queue", help="PostgreSQL database (dropped and recreated)")
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    other = args.cases // 5 if args.other is None else args.other

    with demo_database("gongkai-bench-queue-", args.backend, args.db, keep=args.keep):
        from django.test import Client

        from gongkai.agencies.models import User

        data = load(args.cases, other, args.seed, not args.no_vacuum)
        print(
            f"bulk-created {args.cases} applications of szmzj and {other} of other agencies "
            f"in {data['load_s']:.1f} s ({(args.cases + other) / data['load_s']:.0f} rows/s)"
        )
        return measure(args, data, Client, User)


def measure(args, data: dict, Client, User) -> int:
    from gongkai.applications.models import Application

    agency, admin = data["agency"], data["admin"]
    open_count = Application.objects.filter(agency=agency).exclude(status="closed").count()
    print(f"szmzj: {Application.objects.filter(agency=agency).count()} applications, {open_count} open")

    client = Client()
    client.force_login(admin)
    empty = Client()
    empty.force_login(User.objects.get(username="nfqzf-admin"))
    nfqzf_cases = Application.objects.filter(agency__slug="nfqzf").delete()[0]  # make that agency empty
    q = "/staff/applications/"
    pages = [
        ("baseline: dashboard", client, "/staff/"),
        ("baseline: queue, agency with 0 cases", empty, q),
        ("queue first page (open, by due date)", client, q),
        ("overdue list", client, q + "?status=overdue"),
        ("page 2", client, q + "?page=2"),
        ("mine", client, q + "?handler=me"),
        ("channel=online", client, q + "?channel=online"),
        ("all, by submission", client, q + "?status=all"),
    ]
    print(f"(nfqzf emptied: {nfqzf_cases} rows deleted)\n")
    print(f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'×base':>6} {'SQL':>4} {'SQL ms':>7}")
    results = {}
    for label, who, url in pages:
        times = timed(who, url, args.requests)
        n_sql, sql_ms, _ = sql_of(who, url)
        results[label] = {
            "p50": statistics.median(times),
            "p95": pct(times, 95),
            "sql": n_sql,
            "sql_ms": sql_ms,
        }
        base = results["baseline: dashboard"]["p50"]
        print(
            f"{label:<40} {results[label]['p50']:8.1f} {results[label]['p95']:8.1f} "
            f"{results[label]['p50'] / base:6.1f} {n_sql:4d} {sql_ms:7.1f}",
            flush=True,
        )

    first = results["queue first page (open, by due date)"]
    left_ms = left_cost(agency)
    print(
        f"\nworking days left for the first page's 50 rows: {left_ms['one']:.1f} ms with one holiday table "
        f"per page (as the view does), {left_ms['per_row']:.1f} ms with holiday_table() per row (the view "
        f"before c1f0cea: each call is a fresh copy from the cache)"
    )
    if args.profile or first["p50"] > TARGET_MS:
        n_sql, sql_ms, queries = sql_of(client, q)
        print(f"\nfirst page SQL ({n_sql} queries, {sql_ms:.1f} ms):")
        for ms, sql in sorted(queries, key=lambda x: -x[0])[:6]:
            print(f"  {ms:7.1f} ms  {sql[:240]}")
        print("\ncProfile of 10 first-page requests (cumulative, project/SQL/template frames):")
        print(profile(client, q))

    labels = {
        "baseline: dashboard": "dashboard",
        "baseline: queue, agency with 0 cases": "empty_queue",
        "queue first page (open, by due date)": "first",
        "overdue list": "overdue",
        "page 2": "page2",
        "mine": "mine",
        "channel=online": "online",
        "all, by submission": "all",
    }
    ok = first["p50"] < TARGET_MS
    print(f"\nfirst page p50 {first['p50']:.0f} ms: {'under' if ok else 'OVER'} the {TARGET_MS} ms target")
    print(
        f"backend={args.backend} vacuum={int(args.backend == 'postgres' and not args.no_vacuum)} cases={args.cases} open={open_count} requests={args.requests} "
        + " ".join(
            f"{labels[k]}_p50_ms={v['p50']:.1f} {labels[k]}_p95_ms={v['p95']:.1f}" for k, v in results.items()
        )
        + f" left_one_table_ms={left_ms['one']:.1f} left_per_row_ms={left_ms['per_row']:.1f}"
        + f" first_sql={first['sql']} first_over_dashboard={first['p50'] / results['baseline: dashboard']['p50']:.1f}"
        + f" target_met={int(ok)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
