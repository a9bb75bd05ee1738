"""The PostgreSQL backend (PostgreSQL 全文检索，生产环境).

Tokens from :mod:`gongkai.search.analysis` are stored as ``tsvector`` values built directly
(no PostgreSQL parser, so 文号 like 鄂民发〔2021〕3号 stay one lexeme), with GIN indexes on the
title vector, the whole-text vector and the exact-keyword array. Writes are ordinary rows: they
commit or roll back with the caller's transaction.

Ranking every match of a common word with ``ts_rank`` is what makes naive PostgreSQL search slow
(hundreds of thousands of detoasted vectors). So relevance is computed on a candidate window:
exact title/文号/索引号 matches, plus the ``window`` most recent title matches and the ``window``
most recent matches anywhere — each an index-ordered ``LIMIT`` query, whose cost depends on how
dense the matches are, not on the table size — ranked by
``TITLE_BOOST·ts_rank(title) + ts_rank(text) + EXACT_BOOST·exact``; results past the window
follow in date order. A word rarer than the window is ranked over all its matches and counted
exactly; for more matches than the window the total is the planner's estimate ("约 N 条"),
since counting a third of a million rows is itself the slow query.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from ..analysis import AnalyzedQuery
from .base import EXACT_BOOST, TITLE_BOOST, Filters, IndexDoc, SearchBackend, analyse

TABLE = "search_entry"
MAX_POSITIONS = 8  # positions kept per lexeme (enough for ts_rank; keeps vectors small)
MAX_LEXEME_BYTES = 2046

SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    body text NOT NULL DEFAULT '',
    exact text[] NOT NULL DEFAULT '{{}}',
    agency_path text NOT NULL DEFAULT '',
    category text NOT NULL DEFAULT '',
    genre text NOT NULL DEFAULT '',
    validity text NOT NULL DEFAULT '',
    year integer,
    published_at timestamptz,
    title_tsv tsvector NOT NULL,
    tsv tsvector NOT NULL
)"""
# Keep the vectors in the row (not in the TOAST table) and move the body out instead: matching
# rows in date order then costs one heap page each, no TOAST lookups.
# Larger statistics give the planner the frequency of the 10,000 commonest words, so it knows
# when walking the date index beats collecting every match from GIN.
STORAGE_SQL = (
    f"ALTER TABLE {TABLE} ALTER COLUMN tsv SET STORAGE MAIN, ALTER COLUMN title_tsv SET STORAGE MAIN,"
    f" ALTER COLUMN body SET STORAGE EXTERNAL, ALTER COLUMN tsv SET STATISTICS 1000,"
    f" ALTER COLUMN title_tsv SET STATISTICS 1000"
)
INDEX_SQL = [
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_title_tsv ON {TABLE} USING gin (title_tsv)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_exact ON {TABLE} USING gin (exact)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_published ON {TABLE} (published_at DESC, id DESC)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_agency ON {TABLE} (agency_path text_pattern_ops)",
]
COLUMNS = (
    "id",
    "title",
    "body",
    "exact",
    "agency_path",
    "category",
    "genre",
    "validity",
    "year",
    "published_at",
    "title_tsv",
    "tsv",
)


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens: list[str]) -> str:
    """``'word':1,5 'other':2`` — input syntax, so PostgreSQL's parser never splits our tokens.

    Written for speed (it is most of the bulk load's formatting time): no call per token where a
    test will do."""
    positions: dict[str, list[int]] = {}
    for pos, token in enumerate(tokens, start=1):
        seen = positions.get(token)
        if seen is None:
            # a UTF-8 character is at most 4 bytes: only a very long token needs measuring
            if len(token) * 4 > MAX_LEXEME_BYTES and len(token.encode()) > MAX_LEXEME_BYTES:
                continue
            positions[token] = [pos if pos < 16384 else 16383]
        elif len(seen) < MAX_POSITIONS:
            seen.append(pos if pos < 16384 else 16383)
    parts = []
    for token, where in positions.items():
        if "\\" in token or "'" in token:
            token = token.replace("\\", "\\\\").replace("'", "''")
        parts.append(f"'{token}':{where[0]}" if len(where) == 1 else f"'{token}':{','.join(map(str, where))}")
    return " ".join(parts)


def _copy_field(value: object) -> str:
    """One field in ``COPY … FROM STDIN``'s text format (tab-separated, backslash escapes)."""
    if value is None:
        return "\\N"
    if isinstance(value, list):  # text[]: every element quoted
        value = "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value) + "}"
    elif isinstance(value, datetime):
        value = value.isoformat()
    text = str(value)
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def copy_block(docs: list[IndexDoc]) -> bytes:
    """The rows of ``docs`` as ``COPY`` text: analysed and formatted here, so a worker process
    (``search.bulk``) does all of it and the process holding the connection only forwards bytes."""
    return "".join(
        "\t".join(_copy_field(v) for v in PostgresBackend.row(doc)) + "\n" for doc in docs
    ).encode()


def tsquery_literal(query: AnalyzedQuery, groups=None) -> str:
    groups = query.groups if groups is None else groups
    return " & ".join("(" + " | ".join(_quote(w) for w in group) + ")" for group in groups)


INDEX_GROUPS = 3  # a long query looks up its rarest words in GIN and checks the rest on the rows
_FREQ_TTL = 600.0
_freq_cache: dict[str, object] = {"at": -_FREQ_TTL, "freq": {}}


class PostgresBackend(SearchBackend):
    """``cursor`` is a callable returning a DB-API cursor context manager (psycopg or Django)."""

    name = "postgres"

    def __init__(self, cursor: Callable[[], AbstractContextManager], window: int = 50):
        self._cursor = cursor
        self.window = window

    # --- schema ----------------------------------------------------------------------------
    def create_schema(self, indexes: bool = True) -> None:
        with self._cursor() as cur:
            cur.execute(SCHEMA_SQL)
            cur.execute(STORAGE_SQL)
            if indexes:
                for sql in INDEX_SQL:
                    cur.execute(sql)

    def drop_indexes(self) -> None:
        with self._cursor() as cur:
            for name in ("tsv", "title_tsv", "exact", "published", "agency"):
                cur.execute(f"DROP INDEX IF EXISTS {TABLE}_{name}")

    # --- writing ---------------------------------------------------------------------------
    @staticmethod
    def row(doc: IndexDoc) -> tuple:
        tokens = analyse(doc)
        body = "\n".join(part for part in (doc.body, doc.attachments) if part)
        return (
            doc.id,
            doc.title,
            body,
            tokens.exact,
            doc.agency_path,
            doc.category,
            doc.genre,
            doc.validity,
            doc.year,
            doc.published_at,
            tsvector_literal(tokens.title),
            tsvector_literal(tokens.title + tokens.text),
        )

    def copy(self, blocks: Iterable[bytes], freeze: bool = False) -> None:
        """Load blocks of :func:`copy_block` output, one ``COPY`` each (the bulk path: a rebuild).

        One statement per block, not one for all: the connection is free between blocks, so the
        caller may read the next documents on it while the workers format the last ones.
        ``freeze`` (the table was truncated in this transaction) writes the rows already frozen, so
        the VACUUM a fresh table would otherwise need is not."""
        sql = f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN{' (FREEZE)' if freeze else ''}"
        for block in blocks:
            with self._cursor() as cur, cur.copy(sql) as out:
                out.write(block)

    def add(self, docs: Iterable[IndexDoc]) -> int:
        rows = [self.row(doc) for doc in docs]
        if not rows:
            return 0
        cols = ", ".join(COLUMNS)
        marks = ", ".join(["%s"] * len(COLUMNS))
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[1:])
        with self._cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TABLE} ({cols}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}",
                rows,
            )
        return len(rows)

    def delete(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if ids:
            with self._cursor() as cur:
                cur.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [ids])

    def clear(self) -> None:
        with self._cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")

    def count(self) -> int:
        with self._cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {TABLE}")
            return cur.fetchone()[0]

    # --- searching -------------------------------------------------------------------------
    @staticmethod
    def _filters(filters: Filters) -> tuple[str, list]:
        sql, params = [], []
        if filters.agency_path:
            sql.append("agency_path LIKE %s")
            params.append(
                filters.agency_path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
        for column in ("category", "genre", "validity"):
            if getattr(filters, column):
                sql.append(f"{column} = %s")
                params.append(getattr(filters, column))
        if filters.year:
            # The date range (a day wider than any time zone) lets the date index serve the year.
            year = int(filters.year)
            sql.append("year = %s AND published_at >= %s AND published_at < %s")
            params += [year, datetime(year - 1, 12, 31, tzinfo=UTC), datetime(year + 1, 1, 2, tzinfo=UTC)]
        if filters.published_before is not None:
            sql.append("published_at <= to_timestamp(%s)")
            params.append(float(filters.published_before))
        return "".join(f" AND {s}" for s in sql), params

    def _estimate(self, cur, tsq: str, where: str, fparams: list) -> int:
        """The planner's row estimate (from the column statistics) — no scan at all."""
        cur.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE tsv @@ %s::tsquery{where}", [tsq, *fparams]
        )
        plan = cur.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])

    def _frequencies(self, cur) -> dict[str, float]:
        """Document frequency of the commonest words, from the column statistics (cached)."""
        now = time.monotonic()
        if now - _freq_cache["at"] > _FREQ_TTL:
            cur.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s AND attname = 'tsv'",
                [TABLE],
            )
            row = cur.fetchone()
            _freq_cache["freq"] = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
            _freq_cache["at"] = now
        return _freq_cache["freq"]

    def _match(self, cur, query: AnalyzedQuery, column: str) -> tuple[str, list]:
        """``column @@ query`` — for a long query, GIN looks up only its rarest word groups.

        Intersecting a dozen posting lists of which several cover most documents (市, 局, 通知)
        is what makes long title queries slow; the full query is still checked on each row, so
        the result is the same.
        """
        full = tsquery_literal(query)
        if len(query.groups) <= INDEX_GROUPS:
            return f"{column} @@ %s::tsquery", [full]
        freq = self._frequencies(cur)
        rarest = sorted(query.groups, key=lambda g: max(freq.get(w, 0.0) for w in g))[:INDEX_GROUPS]
        return (
            f"{column} @@ %s::tsquery AND ({column} @@ %s::tsquery) IS TRUE",
            [tsquery_literal(query, rarest), full],
        )

    def query_ids(self, query, filters, sort, offset, limit):
        tsq = tsquery_literal(query)
        where, fparams = self._filters(filters)
        with self._cursor() as cur:
            title_match, title_params = self._match(cur, query, "title_tsv")
            match, mparams = self._match(cur, query, "tsv")
            # The candidate window: exact matches, recent title matches, recent matches anywhere.
            cur.execute(
                f"(SELECT id, 2 AS tier FROM {TABLE} WHERE exact @> ARRAY[%s]{where} LIMIT 20)"
                f" UNION ALL (SELECT id, 1 FROM {TABLE} WHERE {title_match}{where}"
                f"            ORDER BY published_at DESC, id DESC LIMIT %s)"
                f" UNION ALL (SELECT id, 0 FROM {TABLE} WHERE {match}{where}"
                f"            ORDER BY published_at DESC, id DESC LIMIT %s)",
                [
                    query.exact,
                    *fparams,
                    *title_params,
                    *fparams,
                    self.window,
                    *mparams,
                    *fparams,
                    self.window,
                ],
            )
            rows = cur.fetchall()
            window = list(dict.fromkeys(r[0] for r in rows))
            complete = sum(1 for r in rows if r[1] == 0) < self.window  # every match is in the window
            if complete:
                total, estimated = len(window), False
            else:
                total, estimated = max(len(window), self._estimate(cur, tsq, where, fparams)), True
            if not window:
                return [], 0, False
            if sort == "date":
                cur.execute(
                    f"SELECT id, 0.0 FROM {TABLE} WHERE {match}{where} "
                    f"ORDER BY published_at DESC, id DESC OFFSET %s LIMIT %s",
                    [*mparams, *fparams, offset, limit],
                )
                return [(r[0], float(r[1])) for r in cur.fetchall()], total, estimated
            cur.execute(
                f"SELECT id, %s * ts_rank(title_tsv, q) + ts_rank(tsv, q)"
                f"          + CASE WHEN exact @> ARRAY[%s] THEN %s ELSE 0 END AS score"
                f" FROM {TABLE}, CAST(%s AS tsquery) AS q WHERE id = ANY(%s)"
                f" ORDER BY score DESC, published_at DESC, id DESC",
                [TITLE_BOOST, query.exact, EXACT_BOOST, tsq, window],
            )
            ranked = [(r[0], float(r[1])) for r in cur.fetchall()]
            if offset + limit <= len(ranked) or complete:
                return ranked[offset : offset + limit], total, estimated
            page = ranked[offset:]
            cur.execute(
                f"SELECT id, 0.0 FROM {TABLE} WHERE {match}{where} AND NOT id = ANY(%s) "
                f"ORDER BY published_at DESC, id DESC OFFSET %s LIMIT %s",
                [*mparams, *fparams, window, max(0, offset - len(ranked)), limit - len(page)],
            )
            page += [(r[0], float(r[1])) for r in cur.fetchall()]
            return page, total, estimated

    def texts(self, ids):
        if not ids:
            return {}
        with self._cursor() as cur:
            cur.execute(f"SELECT id, title, body FROM {TABLE} WHERE id = ANY(%s)", [list(ids)])
            return {r[0]: (r[1], r[2]) for r in cur.fetchall()}
