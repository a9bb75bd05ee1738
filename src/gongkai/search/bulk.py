"""Analysing many documents on every core (批量分词): the bulk paths (``gongkai rebuild_index``, the
site import, the benchmark) hand batches of :class:`IndexDoc` to worker processes, which segment
them with the compiled analyser and send back the token lists; the calling process keeps reading
the database and writing the index meanwhile. No Django import in the workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .backends.base import Analysed, IndexDoc, analyse


def default_workers() -> int:
    """One analysing process per core (the caller's own work is mostly waiting on I/O)."""
    return max(1, os.cpu_count() or 1)


def _warm() -> None:
    from . import analysis

    analysis.tokenizer()
    analysis.stop_words()


def _analyse_batch(docs: list[IndexDoc]) -> list[Analysed]:
    return [analyse(doc) for doc in docs]


def analysed_batches(
    batches: Iterable[list[IndexDoc]], workers: int | None = None
) -> Iterator[list[IndexDoc]]:
    """Yield each batch with ``doc.tokens`` filled in, in order. ``workers=0`` analyses here.

    At most ``workers + 1`` batches are in flight, so memory stays bounded however many documents
    there are. Only the token lists travel back from the workers, not the documents."""
    for batch, tokens in _mapped(batches, _analyse_batch, workers):
        for doc, analysed in zip(batch, tokens, strict=True):
            doc.tokens = analysed
        yield batch


def copy_blocks(
    batches: Iterable[list[IndexDoc]], workers: int | None = None
) -> Iterator[tuple[list[IndexDoc], bytes]]:
    """The PostgreSQL bulk path: ``(batch, block)``, each batch analysed *and* formatted as
    ``COPY`` text in a worker (``backends.postgres.copy_block``), so the process writing to the
    database only forwards bytes — building the ``tsvector`` literals there made it the bottleneck
    (one core busy, the workers waiting). In order; at most ``workers + 1`` batches in flight."""
    from .backends.postgres import copy_block

    yield from _mapped(batches, copy_block, workers)


def _mapped(
    batches: Iterable[list[IndexDoc]], fn: Callable[[list[IndexDoc]], Any], workers: int | None
) -> Iterator[tuple[list[IndexDoc], Any]]:
    """``(batch, fn(batch))`` in order, ``fn`` run in ``workers`` processes (0: here)."""
    workers = default_workers() if workers is None else workers
    if workers <= 0:
        for batch in batches:
            yield batch, fn(batch)
        return
    ctx = multiprocessing.get_context("spawn")  # a forked child must not share the DB connection
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_warm) as pool:
        pending: deque[tuple[list[IndexDoc], Future[Any]]] = deque()
        for batch in batches:
            pending.append((batch, pool.submit(fn, batch)))
            if len(pending) > workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
