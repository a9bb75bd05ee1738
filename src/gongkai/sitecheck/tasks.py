"""Inspections (Celery; beat in production). Started from the page, a run goes off the request
(:mod:`gongkai.core.background`: a worker, or a thread of the demo server) and counts its progress.

``inspect_site_task(site_id, run_id=None)`` crawls one :class:`~.models.InspectedSite`, applies the
external-link history (broken only after 3 failures within 36 hours, :mod:`.history`) and stores
the run with its findings; ``inspect_all_sites`` queues every active site.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import UTC, datetime, timedelta

from celery import shared_task

log = logging.getLogger(__name__)


class PeriodicWriter:
    """Writes something about a running job into its row every ``interval`` seconds, from a small
    thread of its own, while the job goes on — the job may sit in an event loop where Django
    refuses database access. A failed write is logged and tried again at the next interval.
    ``live=False`` (work running inline in a test's transaction) starts no thread."""

    def __init__(self, run_id: int, *, interval: float, live: bool, name: str):
        self.run_id, self.interval = run_id, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"{name}-{run_id}", daemon=True)
        if live:
            self._thread.start()

    def _write(self) -> None:
        raise NotImplementedError

    def _loop(self) -> None:
        from django.db import connection

        try:
            while not self._stop.wait(self.interval):
                try:
                    self._write()
                except Exception:  # a courtesy: the job's result is written by the job itself
                    log.debug("%s 写入失败", self._thread.name, exc_info=True)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


class ProgressWriter(PeriodicWriter):
    """Keeps a crawl's progress (checked of found addresses) in its run's row while the crawl goes
    on, every ``interval`` seconds (and once at the end). ``model``: the run's model, with
    ``checked`` and ``found`` fields (an inspection's by default; the site import's too)."""

    def __init__(self, run_id: int, *, interval: float = 0.5, live: bool = True, model=None):
        self.latest = self._written = (0, 0)
        self._model = model
        super().__init__(run_id, interval=interval, live=live, name="crawl-progress")

    def __call__(self, checked: int, found: int) -> None:
        self.latest = (checked, found)

    def _write(self) -> None:
        from .models import InspectionRun

        if self.latest != self._written:
            checked, found = self._written = self.latest
            model = self._model or InspectionRun
            model.objects.filter(pk=self.run_id).update(checked=checked, found=found)


def run_inspection(site, *, now: datetime | None = None, transport=None, run=None):
    """Inspect ``site`` now and store the run; returns the :class:`~.models.InspectionRun`.
    ``run``: the queued run created when staff clicked 立即检查 (else a new one)."""
    from django.db import transaction

    from gongkai.core import background

    from .availability import INDICATOR
    from .crawler import Crawler
    from .models import (
        ExternalLinkFailure,
        InspectionFinding,
        InspectionRun,
        RunStatus,
        availability,
        prune_failures,
    )
    from .run import external_outcomes, summarise

    now = now or datetime.now(UTC)
    if run is None:
        run = InspectionRun.objects.create(site=site, started_at=now, status=RunStatus.RUNNING)
    else:
        InspectionRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
        run.status = RunStatus.RUNNING
    progress = ProgressWriter(run.pk, live=background.mode() != "inline")
    log.info("crawl start site_id=%s run_id=%s", site.pk, run.pk)
    try:
        config = site.site_config()
        result = asyncio.run(Crawler(config, transport=transport, today=now.date(), progress=progress).run())
    except Exception as exc:  # the run is recorded as failed; the schedule goes on
        progress.stop()
        run.error = f"{type(exc).__name__}: {exc}"
        run.finished_at = datetime.now(UTC)
        run.status = RunStatus.FAILED
        run.save(update_fields=["error", "finished_at", "status"])
        log.warning("crawl failed site_id=%s run_id=%s error=%s", site.pk, run.pk, type(exc).__name__)
        raise
    progress.stop()
    run.checked, run.found = progress.latest
    failed, succeeded = external_outcomes(result)
    with transaction.atomic():
        site.link_failures.filter(url__in=succeeded).delete()
        ExternalLinkFailure.objects.bulk_create(
            ExternalLinkFailure(site=site, url=u, failed_at=now) for u in sorted(failed)
        )
        prune_failures(site, now, keep=timedelta(hours=max(72, 2 * config.external_window_hours)))
        failures = site.external_failures()
        report = summarise(result, config, now, failures)
        week = availability(site, now)
        if week.veto:  # the week-long rule, beside what this one crawl saw
            report["veto"].insert(0, f"站点无法访问（{week.summary()}）")
            report["findings"].insert(
                0,
                {
                    "kind": "site_unreachable",
                    "page": site.start_url,
                    "target": None,
                    "evidence": week.summary(),
                    "indicator": INDICATOR,
                },
            )
        if site.agency_id:  # 互动回应差: read from the agency's own records, not from the pages
            from gongkai.interaction.selectors import veto_line

            line = veto_line(site.agency, now.date())
            if line:
                report["veto"].append(line)
        run.finished_at = result.finished_at
        run.pages, run.links, run.requests = report["pages"], report["links"], report["requests"]
        run.veto = report["veto"]
        run.status = RunStatus.DONE
        run.save()
        InspectionFinding.objects.bulk_create(
            InspectionFinding(
                run=run,
                kind=f["kind"],
                page=f["page"][:1000],
                target=(f["target"] or "")[:1000],
                evidence=f["evidence"],
                indicator=f["indicator"][:200],
            )
            for f in report["findings"]
        )
    log.info(
        "crawl done site_id=%s run_id=%s pages=%s links=%s requests=%s findings=%d veto=%d",
        site.pk,
        run.pk,
        run.pages,
        run.links,
        run.requests,
        len(report["findings"]),
        len(run.veto),
    )
    return run


@shared_task
def inspect_site_task(site_id: int, run_id: int | None = None) -> int:
    """Inspect one site (into the queued run ``run_id`` if given); returns the number of findings."""
    from .models import InspectedSite, InspectionRun

    site = InspectedSite.objects.get(pk=site_id)
    run = InspectionRun.objects.filter(pk=run_id, site=site).first() if run_id else None
    return run_inspection(site, run=run).findings.count()


def probe_home(site, *, now: datetime | None = None, transport=None):
    """Visit ``site``'s home page once and keep the result (the week-long availability rule)."""
    from .availability import WINDOW, probe
    from .models import AvailabilityProbe

    now = now or datetime.now(UTC)
    result = probe(site.start_url, user_agent=site.site_config().user_agent, transport=transport)
    row = AvailabilityProbe.objects.create(
        site=site, at=now, ok=result.ok, seconds=round(result.seconds, 3), detail=result.detail[:100]
    )
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
