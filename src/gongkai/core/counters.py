"""Serial numbers per agency and year (索引号, application numbers) that are unique and gap-free:
the counter row is locked until the transaction that uses the number commits, and a number is
only consumed if it does."""

from __future__ import annotations

from django.db import models


def lock_counter(model: type[models.Model], agency_id: int, year: int) -> models.Model:
    """The counter row of ``model`` for the agency and year, created if missing, locked (call inside
    a transaction). Concurrent callers wait here until the holder commits or rolls back."""
    model.objects.bulk_create([model(agency_id=agency_id, year=year)], ignore_conflicts=True)
    return model.objects.select_for_update().get(agency_id=agency_id, year=year)


def take_next(counter: models.Model) -> int:
    """Consume the next serial of a locked counter."""
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial
