"""Scheduled inspections (Celery; beat in production, eager in the demo and tests).

``inspect_site_task(site_id)`` crawls one :class:`~.models.InspectedSite`, applies the external-link
history (broken only after 3 failures within 36 hours, :mod:`.history`) and stores the run with its
findings; ``inspect_all_sites`` queues every active site.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from celery import shared_task


def run_inspection(site, *, now: datetime | None = None, transport=None):
    """Inspect ``site`` now and store the run; returns the :class:`~.models.InspectionRun`."""
    from django.db import transaction

    from .crawler import Crawler
    from .models import ExternalLinkFailure, InspectionFinding, InspectionRun, prune_failures
    from .run import external_outcomes, summarise

    now = now or datetime.now(UTC)
    config = site.site_config()
    run = InspectionRun.objects.create(site=site, started_at=now)
    try:
        result = asyncio.run(Crawler(config, transport=transport, today=now.date()).run())
    except Exception as exc:  # the run is recorded as failed; the schedule goes on
        run.error = f"{type(exc).__name__}: {exc}"
        run.finished_at = datetime.now(UTC)
        run.save(update_fields=["error", "finished_at"])
        raise
    failed, succeeded = external_outcomes(result)
    with transaction.atomic():
        site.link_failures.filter(url__in=succeeded).delete()
        ExternalLinkFailure.objects.bulk_create(ExternalLinkFailure(site=site, url=u, failed_at=now)
                                                for u in sorted(failed))
        prune_failures(site, now, keep=timedelta(hours=max(72, 2 * config.external_window_hours)))
        failures = site.external_failures()
        report = summarise(result, config, now, failures)
        run.finished_at = result.finished_at
        run.pages, run.links, run.requests = report["pages"], report["links"], report["requests"]
        run.veto = report["veto"]
        run.save()
        InspectionFinding.objects.bulk_create(
            InspectionFinding(run=run, kind=f["kind"], page=f["page"][:1000], target=(f["target"] or "")[:1000],
                              evidence=f["evidence"], indicator=f["indicator"][:200])
            for f in report["findings"])
    return run


@shared_task
def inspect_site_task(site_id: int) -> int:
    """Inspect one site; returns the number of findings."""
    from .models import InspectedSite

    site = InspectedSite.objects.get(pk=site_id)
    return run_inspection(site).findings.count()


@shared_task
def inspect_all_sites() -> int:
    """Queue an inspection of every active site (the beat entry)."""
    from .models import InspectedSite

    ids = list(InspectedSite.objects.filter(active=True).values_list("pk", flat=True))
    for pk in ids:
        inspect_site_task.delay(pk)
    return len(ids)
