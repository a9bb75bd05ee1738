"""A double click whose two POSTs overlap creates one application and no error (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from gongkai.applications import services
from gongkai.applications.models import Application


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises all writers"
)
def test_overlapping_double_submissions_give_one_application(agency_tree, form_data, monkeypatch):
    from gongkai.applications import models

    original_save = models.Application.save

    def slow_save(self, *args, **kwargs):  # keep the first insert uncommitted while the second arrives
        import time

        time.sleep(0.05)
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(models.Application, "save", slow_save)
    city = agency_tree["city"]
    results, errors = [], []
    barrier = threading.Barrier(8)

    def click(n):
        # Four different requests (the same request within 30 minutes is a repeat), each sent twice.
        data = dict(form_data, description=f"{form_data['description']}（第{n}项）")
        try:
            barrier.wait()
            results.append(services.submit(city, data, idempotency_key=f"token-{n}")[0].pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(i % 4,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Application.objects.count() == 4 and len(set(results)) == 4
    assert sorted(Application.objects.values_list("serial", flat=True)) == [1, 2, 3, 4]
