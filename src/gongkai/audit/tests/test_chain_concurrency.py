"""Concurrent writers keep one unbroken chain (PostgreSQL: transactions really overlap there)."""

import threading

import pytest
from django.db import connection, connections, transaction

from gongkai.audit.chain import verify_database
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import append


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises all writers"
)
def test_overlapping_transactions_chain_one_after_another():
    errors = []
    barrier = threading.Barrier(8)

    def write(n):
        try:
            barrier.wait()
            for i in range(5):
                with transaction.atomic():  # the change and its audit row, as in a service
                    append(
                        object_type="test.thing", object_id=f"{n}-{i}", action="修改", actor_label=f"线程{n}"
                    )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    count, breaks = verify_database()
    assert count == 40 and breaks == []
    assert AuditEntry.objects.values("prev_hash").distinct().count() == 40  # no two rows link to one
