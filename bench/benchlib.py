"""Helpers the benchmark scripts share: the PostgreSQL admin connection and percentiles."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager

# Benchmarks run with DEBUG off like production, so with a key of their own (settings refuse none).
BENCH_KEY = os.environ.get("GONGKAI_SECRET_KEY") or "bench-only-key-not-secret-" + "b" * 40
PG = {
    "host": os.environ.get("GONGKAI_PG_HOST", "127.0.0.1"),
    "port": os.environ.get("GONGKAI_PG_PORT", "5432"),
    "user": os.environ.get("GONGKAI_PG_USER", "postgres"),
}


def pg_admin(sql: str) -> None:
    """Run ``sql`` on the ``postgres`` maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(sql)


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


@contextmanager
def demo_database(prefix: str, backend: str, db: str, *, keep: bool = False):
    """A fresh database (SQLite in a temporary GONGKAI_HOME, or PostgreSQL ``db`` dropped and
    recreated), migrated, with the demo loaded and Django set up for the test Client; removed on
    exit (also on error) unless ``keep``. Yields the GONGKAI_HOME path."""
    home = tempfile.mkdtemp(prefix=prefix)
    os.environ.update(
        {
            "GONGKAI_HOME": home,
            "GONGKAI_DB": backend,
            "GONGKAI_PG_NAME": db,
            "GONGKAI_DEBUG": "0",
            "GONGKAI_LOG_LEVEL": "WARNING",
            "GONGKAI_SECRET_KEY": BENCH_KEY,
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        }
    )
    try:
        if backend == "postgres":
            pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            pg_admin(f'CREATE DATABASE "{db}"')
        import django

        django.setup()
        from django.core.management import call_command
        from django.test.utils import setup_test_environment

        from gongkai.demo.loader import load_demo

        setup_test_environment()  # the test Client's response.context etc.; ALLOWED_HOSTS gets testserver
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        load_demo()
        print(f"{backend}: migrated and demo loaded in {time.perf_counter() - t0:.1f} s")
        yield home
    finally:
        from django.db import connections

        connections.close_all()
        if backend == "postgres" and not keep:
            try:
                pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            except Exception as exc:  # report, keep the original error
                print(f"could not drop {db}: {exc}", file=sys.stderr)
        if keep:
            print(f"kept: GONGKAI_HOME={home} GONGKAI_DB={backend} GONGKAI_PG_NAME={db}")
        else:
            shutil.rmtree(home, ignore_errors=True)
