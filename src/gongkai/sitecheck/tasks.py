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

    from .availability import INDICATOR
    from .crawler import Crawler
    from .models import ExternalLinkFailure, InspectionFinding, InspectionRun, availability, prune_failures
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
        week = availability(site, now)
        if week.veto:  # the week-long rule, beside what this one crawl saw
            report["veto"].insert(0, f"站点无法访问（{week.summary()}）")
            report["findings"].insert(0, {"kind": "site_unreachable", "page": site.start_url, "target": None,
                                          "evidence": week.summary(), "indicator": INDICATOR})
        if site.agency_id:  # 互动回应差: read from the agency's own records, not from the pages
            from gongkai.interaction.selectors import veto_line

            line = veto_line(site.agency, now.date())
            if line:
                report["veto"].append(line)
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


def probe_home(site, *, now: datetime | None = None, transport=None):
    """Visit ``site``'s home page once and keep the result (the week-long availability rule)."""
    from .availability import WINDOW, probe
    from .models import AvailabilityProbe

    now = now or datetime.now(UTC)
    result = probe(site.start_url, user_agent=site.site_config().user_agent, transport=transport)
    row = AvailabilityProbe.objects.create(site=site, at=now, ok=result.ok, seconds=round(result.seconds, 3),
                                           detail=result.detail[:100])
    site.probes.filter(at__lt=now - 2 * WINDOW).delete()
    return row


@shared_task
def probe_all_sites() -> int:
    """Visit the home page of every active site (beat: every hour, so 24 visits a day)."""
    from .models import InspectedSite

    sites = list(InspectedSite.objects.filter(active=True))
    for site in sites:
        probe_home(site)
    return len(sites)


@shared_task
def inspect_all_sites() -> int:
    """Queue an inspection of every active site (the beat entry)."""
    from .models import InspectedSite

    ids = list(InspectedSite.objects.filter(active=True).values_list("pk", flat=True))
    for pk in ids:
        inspect_site_task.delay(pk)
    return len(ids)
