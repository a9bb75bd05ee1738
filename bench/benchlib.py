"""Helpers the benchmark scripts share: the PostgreSQL admin connection and percentiles."""

from __future__ import annotations

import os

PG = {"host": os.environ.get("GONGKAI_PG_HOST", "127.0.0.1"), "port": os.environ.get("GONGKAI_PG_PORT", "5432"),
      "user": os.environ.get("GONGKAI_PG_USER", "postgres")}


def pg_admin(sql: str) -> None:
    """Run ``sql`` on the ``postgres`` maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(sql)


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
