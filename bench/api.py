"""Benchmark of the documents endpoint of the API (GET /api/v1/documents/) on a large catalogue.

Builds a database with a tree of agencies and N published documents inserted in bulk (bulk_create
in batches, no search indexing: the endpoint reads the catalogue table), then times filtered pages
through the whole Django stack (test client: middleware, throttle, serializer, the page's COUNT)
and prints p50/p95 per kind of filter.

SQLite (default): a file in a temporary GONGKAI_HOME, or in ``--home`` (kept; with ``--reuse`` a
second run skips the load). PostgreSQL: ``GONGKAI_DB=postgres`` and ``--pg-name`` (created if
missing; never the application's own database).

    python bench/api.py --docs 1000000 --requests 200
    GONGKAI_DB=postgres python bench/api.py --docs 1000000 --pg-name gongkai_bench_api --reuse
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

# The filters timed, each a function of (agencies with a subtree, categories, rng) → query params.
MIXES = {
    "subtree+category+valid+5y": lambda ags, cats, rng: {
        "agency": ags[rng.randrange(len(ags))].pk,
        "category": cats[rng.randrange(len(cats))].code,
        "validity": "valid",
        "published_from": "2020-01-01",
        "published_to": "2025-12-31",
        "page": rng.choice([1, 1, 2, 5]),
    },
    "all, page 1-50": lambda ags, cats, rng: {"page": rng.choice([1, 2, 10, 50])},
    "doc_number contains": lambda ags, cats, rng: {
        "doc_number": f"〔{rng.randrange(2015, 2026)}〕{rng.randrange(500)}号"
    },
    "subtree+year": lambda ags, cats, rng: {
        "agency": ags[rng.randrange(len(ags))].pk,
        "published_from": f"{(y := rng.randrange(2015, 2026))}-01-01",
        "published_to": f"{y}-12-31",
    },
}


def _pg_database(name: str) -> None:
    """Create the PostgreSQL database ``name`` if it does not exist."""
    import psycopg

    params = {
        "host": os.environ.get("GONGKAI_PG_HOST", "127.0.0.1"),
        "port": os.environ.get("GONGKAI_PG_PORT", "5432"),
        "user": os.environ.get("GONGKAI_PG_USER", "postgres"),
        "password": os.environ.get("GONGKAI_PG_PASSWORD", ""),
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _agencies(n: int):
    from gongkai.agencies.models import Agency

    existing = list(Agency.objects.filter(slug__startswith="bench").order_by("pk"))
    if existing:
        return existing
    root = Agency.objects.create(name="基准市人民政府", short_name="市政府", code="B00000000", slug="bench")
    agencies = [root]
    for i in range(1, n):
        parent = agencies[(i - 1) // 6]
        agencies.append(
            Agency.objects.create(
                name=f"基准机关{i}", short_name=f"机关{i}", code=f"B{i:08d}", slug=f"bench{i}", parent=parent
            )
        )
    return agencies


def load(n_docs: int, agencies, batch_size: int) -> float:
    """Insert published documents up to ``n_docs`` in batches (bulk_create, one transaction each)."""
    from django.db import transaction
    from django.utils import timezone

    from gongkai.disclosure.models import Category, Document, Genre

    have = Document.objects.count()
    if have >= n_docs:
        return 0.0
    categories = list(Category.objects.values_list("pk", flat=True))
    genres = list(Genre.objects.values_list("pk", flat=True))
    agency_ids = [a.pk for a in agencies]
    rng = random.Random(18 + have)
    start = timezone.make_aware(dt.datetime(2015, 1, 1))
    minutes = 11 * 365 * 24 * 60
    validities = ["valid"] * 8 + ["expired", "repealed"]
    t0 = time.perf_counter()
    for lo in range(have, n_docs, batch_size):
        batch = []
        for n in range(lo, min(lo + batch_size, n_docs)):
            when = start + dt.timedelta(minutes=rng.randrange(minutes))
            serial = n % 500
            batch.append(
                Document(
                    agency_id=agency_ids[rng.randrange(len(agency_ids))],
                    title=f"关于第{n}号事项的通知",
                    category_id=categories[rng.randrange(len(categories))],
                    genre_id=genres[rng.randrange(len(genres))],
                    state="published",
                    published_at=when,
                    written_on=when.date(),
                    validity=validities[rng.randrange(10)],
                    doc_number=f"基政发〔{when.year}〕{serial}号",
                    doc_number_organ="基政发",
                    doc_number_year=when.year,
                    doc_number_serial=str(serial),
                    index_number=f"B-{n:08d}",
                )
            )
        with transaction.atomic():
            Document.objects.bulk_create(batch, batch_size=2000)
        done = min(lo + batch_size, n_docs)
        rate = (done - have) / (time.perf_counter() - t0)
        print(f"  loaded {done:,} ({rate:,.0f} docs/s)", file=sys.stderr, flush=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=200, help="requests per kind of filter")
    ap.add_argument("--agencies", type=int, default=60)
    ap.add_argument("--batch", type=int, default=50_000, help="documents per bulk_create transaction")
    ap.add_argument("--home", help="GONGKAI_HOME for the SQLite file (kept); default a temporary one")
    ap.add_argument(
        "--pg-name", default="gongkai_bench_api", help="PostgreSQL database (GONGKAI_DB=postgres)"
    )
    ap.add_argument("--reuse", action="store_true", help="keep documents already loaded, add the rest")
    ap.add_argument("--mix", default="", help="time only the filters whose name contains this text")
    args = ap.parse_args()
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="gongkai-bench-api-"))
    home.mkdir(parents=True, exist_ok=True)
    os.environ["GONGKAI_HOME"] = str(home)
    os.environ.setdefault("GONGKAI_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    postgres = os.environ.get("GONGKAI_DB") == "postgres"
    if postgres:
        os.environ["GONGKAI_PG_NAME"] = args.pg_name
        _pg_database(args.pg_name)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.GONGKAI_API_RATE = "1000000/min"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from gongkai.disclosure.models import Category, Document

    if not args.reuse:
        Document.objects.filter(agency__slug__startswith="bench").delete()
    agencies = _agencies(args.agencies)
    seconds = load(args.docs, agencies, args.batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    total = Document.objects.count()
    categories = list(Category.objects.all())
    with_subtree = agencies[: max(1, len(agencies) // 6)]
    rng = random.Random(18)
    client = Client()
    client.get("/api/v1/documents/")  # warm the caches of the process
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"docs={total} agencies={len(agencies)} load_s={seconds:.0f} db={engine} "
        f"machine={platform.machine()} cpus={os.cpu_count()} python={platform.python_version()}"
    )
    for name, mix in MIXES.items():
        if args.mix not in name:
            continue
        times = []
        for _ in range(args.requests):
            params = {**mix(with_subtree, categories, rng), "page_size": 20}
            t = time.perf_counter()
            r = client.get("/api/v1/documents/", params)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code in (200, 404), (r.status_code, r.content[:200])
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"  {name:28} requests={len(times)} p50_ms={statistics.median(times):.1f} "
            f"p95_ms={p95:.1f} max_ms={times[-1]:.1f}"
        )


if __name__ == "__main__":
    main()
