"""索引号 stay unique and gap-free when many documents are published at once (PostgreSQL row locks)."""

import threading
import time

import pytest
from django.db import connection, connections

from gongkai.disclosure import services
from gongkai.disclosure.models import Document, State


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises all writers"
)
def test_concurrent_publishing_gives_unique_gap_free_index_numbers(agency_tree, workflow, monkeypatch):
    from gongkai.disclosure.models import IndexCounter

    original_save = IndexCounter.save

    def slow_save(self, *args, **kwargs):  # widen the window between reading and writing the counter
        time.sleep(0.02)
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(IndexCounter, "save", slow_save)
    agency = agency_tree["city"]
    editor, reviewer = workflow.staff_for(agency)
    docs = []
    for i in range(24):
        doc = workflow.draft(agency, editor, title=f"并发{i}")
        services.transition(editor, doc, "submit")
        services.transition(reviewer, doc, "approve")
        docs.append(doc)
    barrier = threading.Barrier(8)
    errors = []

    def worker(chunk):
        try:
            barrier.wait()
            for doc in chunk:
                services.transition(editor, doc, "publish")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(docs[i::8],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(
        Document.objects.filter(agency=agency, state=State.PUBLISHED).values_list("index_serial", flat=True)
    )
    assert serials == list(range(1, 25))
