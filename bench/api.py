"""Benchmark of the documents endpoint of the API (GET /api/v1/documents/) on a large catalogue.

Builds a fresh SQLite database in a temporary GONGKAI_HOME (or uses PostgreSQL with GONGKAI_DB=
postgres and its own GONGKAI_PG_NAME), with a tree of agencies and N published documents inserted
in bulk (no search indexing: the endpoint reads the catalogue table), then times filtered pages
through the whole Django stack (test client: middleware, throttle, serializer) and prints p50/p95.

    python bench/api.py --docs 1000000 --requests 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--agencies", type=int, default=60)
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="gongkai-bench-api-"))
    os.environ.setdefault("GONGKAI_HOME", str(home))
    os.environ.setdefault("GONGKAI_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    settings.GONGKAI_API_RATE = "1000000/min"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from gongkai.agencies.models import Agency
    from gongkai.disclosure.models import Category, Document, Genre

    root = Agency.objects.create(name="基准市人民政府", short_name="市政府", code="B00000000", slug="bench")
    agencies = [root]
    for i in range(1, args.agencies):
        parent = agencies[(i - 1) // 6]
        agencies.append(
            Agency.objects.create(
                name=f"基准机关{i}", short_name=f"机关{i}", code=f"B{i:08d}", slug=f"bench{i}", parent=parent
            )
        )
    categories = list(Category.objects.all())
    genres = list(Genre.objects.all())
    rng = random.Random(18)
    start = timezone.make_aware(dt.datetime(2015, 1, 1))
    t0 = time.perf_counter()
    batch = []
    for n in range(args.docs):
        a = agencies[rng.randrange(len(agencies))]
        when = start + dt.timedelta(minutes=rng.randrange(11 * 365 * 24 * 60))
        batch.append(
            Document(
                agency=a,
                title=f"关于第{n}号事项的通知",
                category=categories[rng.randrange(len(categories))],
                genre=genres[rng.randrange(len(genres))],
                state="published",
                published_at=when,
                written_on=when.date(),
                validity=rng.choice(["valid"] * 8 + ["expired", "repealed"]),
                doc_number=f"基政发〔{when.year}〕{n % 500}号",
                index_number=f"B-{n:08d}",
            )
        )
        if len(batch) == 10_000:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    load = time.perf_counter() - t0
    client = Client()
    times = []
    for _ in range(args.requests):
        a = agencies[rng.randrange(len(agencies) // 6)]  # an agency with a subtree
        params = {
            "agency": a.pk,
            "category": categories[rng.randrange(len(categories))].code,
            "validity": "valid",
            "published_from": "2020-01-01",
            "published_to": "2025-12-31",
            "page": rng.choice([1, 1, 2, 5]),
            "page_size": 20,
        }
        t = time.perf_counter()
        r = client.get("/api/v1/documents/", params)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code in (200, 404), r.status_code
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"docs={args.docs} agencies={args.agencies} load_s={load:.1f} requests={len(times)} "
        f"p50_ms={statistics.median(times):.1f} p95_ms={p95:.1f} max_ms={times[-1]:.1f} "
        f"db={settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )


if __name__ == "__main__":
    main()
