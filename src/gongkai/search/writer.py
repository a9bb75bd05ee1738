"""The embedded index's writer queue (检索索引写入队列), for a single machine without a Celery worker
(the demo server, ``GONGKAI_BACKGROUND=thread``).

tantivy allows one writer per index, and each commit costs milliseconds. Publishing, withdrawing or
editing a document hands its id to this queue once its transaction has committed; one thread per
index folder gathers the ids that arrive within ``LINGER`` seconds and writes them in **one**
commit. So a published document is searchable a fraction of a second after its commit (within 1 s,
see docs/benchmarks.md), a withdrawn one is gone at once (hits are filtered against the search table,
which changed inside the transaction), and a bulk import — hundreds of commits in a row — costs a
few index commits instead of one per document, while searches go on reading the last committed index.
With a broker (production) the ``sync_embedded_index`` task on a one-worker queue does this instead.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

LINGER = 0.1  # seconds to gather more ids before a commit
RETRY_AFTER = 1.0  # seconds before writing again after a failure (another process held the index)


class WriterQueue:
    def __init__(
        self, sync: Callable[[list[int]], int], *, linger: float = LINGER, name: str = "search-writer"
    ):
        self._sync, self._linger, self._name = sync, linger, name
        self._pending: set[int] = set()
        self._cond = threading.Condition()
        self._submitted = 0  # submissions so far
        self._written = 0  # submissions whose ids are committed to the index
        self._thread: threading.Thread | None = None
        self.commits = 0  # index commits made (one per batch)

    def submit(self, ids: Iterable[int]) -> None:
        with self._cond:
            self._pending.update(int(i) for i in ids)
            self._submitted += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything submitted so far is in the index; False if ``timeout`` passed."""
        with self._cond:
            target = self._submitted
            return self._cond.wait_for(lambda: self._written >= target, timeout)

    def _loop(self) -> None:
        from django.db import connection

        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._pending))
            time.sleep(self._linger)  # let the rest of a burst (a bulk import) arrive
            with self._cond:
                batch, upto = sorted(self._pending), self._submitted
                self._pending.clear()
            try:
                self._sync(batch)
            except Exception as exc:  # e.g. another process holds the index: try again shortly
                log.warning(
                    "检索索引写入失败，%s 秒后重试（%s 条）：%s", RETRY_AFTER, len(batch), type(exc).__name__
                )
                with self._cond:
                    self._pending.update(batch)
                time.sleep(RETRY_AFTER)
                continue
            finally:
                connection.close()  # this thread's connection: not kept between batches
            with self._cond:
                self.commits += 1
                self._written = max(self._written, upto)
                self._cond.notify_all()


_queues: dict[str, WriterQueue] = {}
_lock = threading.Lock()


def flush_all(timeout: float = 60.0) -> bool:
    """Write what is queued (at exit: a command such as ``gongkai demo`` or ``import-site`` ends
    right after its last commit, and the writer thread would die with the process)."""
    return all([q.flush(timeout) for q in list(_queues.values())])


def queue_for(path) -> WriterQueue:
    """The writer queue of the index at ``path`` (one per process and folder)."""
    from .services import sync_embedded

    key = str(path)
    with _lock:
        if not _queues:
            atexit.register(flush_all)
        if key not in _queues:
            _queues[key] = WriterQueue(sync_embedded, name=f"search-writer-{len(_queues)}")
        return _queues[key]
