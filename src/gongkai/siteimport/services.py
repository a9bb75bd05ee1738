"""Moving an agency in (网站迁移): import its old site's document pages, and undo a run.

:func:`execute` crawls the site (:mod:`.crawl`) and reads each page as it arrives, spooling the
document pages' records to disk (:mod:`.stream`: memory stays bounded however large the site), then
imports them one at a time, each in its own transaction (:mod:`.importer`) — one page that fails is
listed with its reason and the run goes on. Identity is the page's address (``source_url``): a
second run creates nothing new and updates what changed. :func:`undo` removes exactly what a run
created and restores what it updated, in one transaction, audited. A run whose worker is gone is
marked 已中断 (:mod:`.stale`) and can be started again (:func:`restart`).
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import require_own_agency
from gongkai.audit.services import record
from gongkai.rules.column_mapping import Mapped, resolve

from . import crawl, importer
from .classify import column_of
from .mapping import proposal
from .models import ImportItem, ImportRun, Outcome, RunStatus
from .stale import INTERRUPTED_BY_SIGNAL, Heartbeat, interrupt, sweep_stale  # noqa: F401 (sweep_stale: the service's name)
from .stream import Reader

log = logging.getLogger(__name__)

DEFAULT_MAPPING_NOTE = "未使用确认的栏目对照表：各栏目按默认对照归入主题分类和体裁（见“栏目对照”）"


def validity_note(stated: str, count: int) -> str:
    """The run report's warning for the documents whose 效力状态 the platform does not know."""
    return (
        f"{count} 条信息在原网站的效力状态为“{stated}”，本平台没有这一状态，暂按“有效”导入："
        "请逐条核对（见各条信息的说明）"
    )


class Progress:
    """What a run reports while it goes: ``crawled(done, found)``, then ``imported(done, total)``."""

    def crawled(self, done: int, found: int) -> None: ...

    def imported(self, done: int, total: int) -> None: ...


def start(agency, url: str, *, actor=None, actor_label: str = "", dry_run=False, since=None, mapping=None):
    """A queued run (the staff page checks the role; the command line runs as the operator)."""
    if actor is not None:
        require_own_agency(actor, agency, Role.AGENCY_ADMIN)
    return ImportRun.objects.create(
        agency=agency,
        start_url=url,
        dry_run=dry_run,
        since=since,
        mapping=mapping or {},
        mapping_confirmed=mapping is not None,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
        started_by_label=actor_label or (getattr(actor, "display_name", "") if actor else "命令行"),
    )


def execute(
    run: ImportRun,
    *,
    transport=None,
    progress: Progress | None = None,
    rate: float = 4.0,
    max_pages: int = 5000,
    live: bool = False,
) -> ImportRun:
    """Run a queued import to its end (the command line, the background task). ``live``: keep a
    heartbeat from a thread (a worker or the command line; not inline in a test's transaction)."""
    progress = progress or Progress()
    now = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, heartbeat_at=now)
    run.status, run.heartbeat_at = RunStatus.RUNNING, now
    heartbeat = Heartbeat(run.pk, live=live)
    try:
        _execute(run, transport, progress, rate, max_pages)
    except Exception as exc:
        run.status, run.error, run.finished_at = (
            RunStatus.FAILED,
            f"{type(exc).__name__}: {exc}",
            timezone.now(),
        )
        run.save(update_fields=["status", "error", "finished_at"])
        log.warning("site import failed run_id=%s error=%s", run.pk, type(exc).__name__)
        raise
    except (KeyboardInterrupt, SystemExit):  # stopped by the operator: what was imported stays
        interrupt(run, INTERRUPTED_BY_SIGNAL)
        raise
    finally:
        heartbeat.stop()
    return run


@transaction.atomic
def restart(run_id: int, *, actor=None, actor_label: str = "") -> ImportRun:
    """A new queued run with the interrupted run's site, options and mapping (the caller submits
    it). Safe to repeat the work: a document already imported is found by its old address and
    left unchanged."""
    old = ImportRun.objects.select_for_update().select_related("agency").filter(pk=run_id).first()
    if old is None:
        raise ValidationError(f"没有编号为 {run_id} 的导入批次")
    if actor is not None:
        require_own_agency(actor, old.agency, Role.AGENCY_ADMIN)
    if old.status != RunStatus.INTERRUPTED:
        raise ValidationError(f"导入批次 {run_id} 没有中断（{old.get_status_display()}），不能重新开始")
    again = old.restarts.first()
    if again is not None:
        raise ValidationError(f"导入批次 {run_id} 已重新开始过（批次 {again.pk}）")
    run = start(
        old.agency,
        old.start_url,
        actor=actor,
        actor_label=actor_label,
        dry_run=old.dry_run,
        since=old.since,
        mapping=old.mapping if old.mapping_confirmed else None,
    )
    run.restart_of = old
    run.save(update_fields=["restart_of"])
    record(
        run,
        "import_site_restart",
        actor=actor,
        actor_label=run.started_by_label,
        agency=old.agency,
        data={"url": old.start_url, "restart_of": old.pk, "dry_run": old.dry_run},
    )
    return run


def _execute(run: ImportRun, transport, progress: Progress, rate: float, max_pages: int) -> None:
    config = crawl.site_config(run.start_url, rate=rate, max_pages=max_pages)
    with crawl.Spool(settings.GONGKAI_IMPORT_SPOOL_DIR) as spool:
        reader = Reader(spool, since=run.since)
        crawler, gathered = crawl.gather(config, reader.page, transport=transport, progress=progress.crawled)
        _import_all(run, crawler, gathered, reader, spool, progress)


def _import_all(run, crawler, gathered: crawl.Gathered, reader: Reader, spool, progress: Progress) -> None:
    proposed = proposal({c: (category, n) for c, (category, n) in reader.columns.items()})
    notes = []
    resolved = resolve(
        {c: Mapped(v["主题分类"], v["体裁"]) for c, v in proposed.items()},
        {c: Mapped(v["主题分类"], v["体裁"]) for c, v in run.mapping.items()}
        if run.mapping_confirmed
        else None,
    )
    used = {c: {"主题分类": m.category, "体裁": m.genre} for c, m in resolved.used.items()}
    if resolved.unlisted:
        notes.append(f"确认的对照表中没有这些栏目，按默认对照：{'、'.join(resolved.unlisted)}")
    if not resolved.confirmed and not run.dry_run:
        notes.append(DEFAULT_MAPPING_NOTE)
    for stated, n in sorted(reader.unknown_validity.items()):
        notes.append(validity_note(stated, n))
    run.pages = reader.pages
    run.report = {
        "robots": gathered.robots,
        "truncated": gathered.truncated,
        "columns": proposed,
        "mapping_used": used,
        "notes": notes,
    }
    ImportItem.objects.bulk_create(
        ImportItem(run=run, url=url, outcome=Outcome.FAILED, reason=reason)
        for url, reason in gathered.unreadable + reader.failures
    )
    run.to_import = len(reader) if not run.dry_run else 0
    # Kept before the long part: a run interrupted from here on still shows what it found.
    run.save(update_fields=["pages", "report", "to_import"])
    seen: dict[str, str] = {}
    if run.dry_run:
        batch: list[ImportItem] = []
        for d in reader.records():  # what the page alone tells: no title or date, a second address
            reason = importer.precheck(d) or importer.duplicate_reason(d, seen)
            if not reason:
                seen[importer.duplicate_key(d)] = d.url
            batch.append(
                ImportItem(
                    run=run,
                    url=d.url,
                    title=d.title[:300],
                    column=column_of(d),
                    outcome=Outcome.FAILED if reason else Outcome.FOUND,
                    reason=reason,
                    notes=importer.page_warnings(d),
                )
            )
            if len(batch) >= 500:
                ImportItem.objects.bulk_create(batch)
                batch = []
        ImportItem.objects.bulk_create(batch)
    else:
        files = crawl.Files(spool)
        if reader.attachments:
            crawl.download(
                crawler, sorted(reader.attachments), files, max_bytes=settings.GONGKAI_MAX_ATTACHMENT_BYTES
            )
        # Each page in its own transaction as its record comes off the spool (importer.import_page).
        for n, doc in enumerate(reader.records(), start=1):
            item = importer.import_page(
                run, doc, used.get(column_of(doc), proposed.get(column_of(doc))), files, seen
            )
            setattr(run, item.outcome, getattr(run, item.outcome) + 1)
            progress.imported(n, run.to_import)
        run.imported = run.to_import
    run.failed = run.items.filter(outcome=Outcome.FAILED).count()
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.save()
    record(
        run,
        "import_site_dry_run" if run.dry_run else "import_site",
        actor=run.started_by,
        actor_label=run.started_by_label,
        agency=run.agency,
        data={
            "url": run.start_url,
            "pages": run.pages,
            "created": run.created,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "failed": run.failed,
            "mapping_confirmed": run.mapping_confirmed,
        },
    )
    log.info(
        "site import done run_id=%s pages=%s created=%s updated=%s failed=%s",
        run.pk,
        run.pages,
        run.created,
        run.updated,
        run.failed,
    )


def run_report(run: ImportRun) -> dict:
    """The ``--json`` report of a run."""
    return {
        "run": run.pk,
        "site": run.start_url,
        "agency": run.agency.code,
        "dry_run": run.dry_run,
        "status": run.get_status_display(),
        "since": run.since.isoformat() if run.since else None,
        "pages": run.pages,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "failed": run.failed,
        "mapping_confirmed": run.mapping_confirmed,
        **run.report,
        "items": [
            {
                "url": i.url,
                "title": i.title,
                "column": i.column,
                "outcome": i.get_outcome_display(),
                "reason": i.reason,
                "notes": i.notes,
                "document": i.document_id,
            }
            for i in run.items.all()
        ],
    }


# An interrupted run is undone like a finished one: each page it did was its own transaction.
UNDOABLE = (RunStatus.DONE, RunStatus.INTERRUPTED)


@transaction.atomic
def undo(run_id: int, *, actor=None, actor_label: str = "") -> ImportRun:
    """Remove the documents ``run`` created and restore those it updated (one transaction)."""
    from gongkai.disclosure.models import Attachment

    run = ImportRun.objects.select_for_update().select_related("agency").filter(pk=run_id).first()
    if run is None:
        raise ValidationError(f"没有编号为 {run_id} 的导入批次")
    if actor is not None:
        require_own_agency(actor, run.agency, Role.AGENCY_ADMIN)
    if run.dry_run:
        raise ValidationError(f"导入批次 {run_id} 是试运行，没有导入任何信息，无需撤销")
    if run.status == RunStatus.UNDONE:
        raise ValidationError(f"导入批次 {run_id} 已于此前撤销")
    if run.status not in UNDOABLE:
        raise ValidationError(f"导入批次 {run_id} 尚未完成（{run.get_status_display()}），不能撤销")
    touched = set(run.items.exclude(document=None).values_list("document_id", flat=True))
    later = (
        ImportItem.objects.filter(
            run__agency=run.agency,
            run__pk__gt=run.pk,
            run__status__in=UNDOABLE,
            run__dry_run=False,
            document_id__in=touched,
            outcome__in=[Outcome.CREATED, Outcome.UPDATED],
        )
        .values_list("run_id", flat=True)
        .distinct()
    )
    if later:
        raise ValidationError(
            f"后来的导入批次 {'、'.join(str(r) for r in sorted(later))} 又修改了本批次的信息，请先撤销后来的批次"
        )
    removed = restored = 0
    for item in run.items.select_related("document").exclude(document=None):
        doc = item.document
        if item.outcome == Outcome.CREATED:
            data = {
                "run": run.pk,
                "title": doc.title,
                "index_number": doc.index_number,
                "source_url": doc.source_url,
            }
            try:
                record(
                    doc, "undo_import", actor=actor, actor_label=actor_label, from_state=doc.state, data=data
                )
                doc.delete()
            except ProtectedError:
                raise ValidationError(f"信息“{doc.title}”已被其他记录引用，不能撤销本批次") from None
            removed += 1
        elif item.outcome == Outcome.UPDATED:
            Attachment.objects.filter(pk__in=item.added_attachments, document=doc).delete()
            importer.put_back(doc, item.removed_attachments)
            importer.restore(doc, item.previous)  # saves: the search entry follows the attachments
            record(
                doc,
                "undo_import_update",
                actor=actor,
                actor_label=actor_label,
                data={
                    "run": run.pk,
                    "fields": sorted(item.previous),
                    "attachments_restored": [r["name"] for r in item.removed_attachments],
                },
            )
            restored += 1
    run.status, run.undone_at = RunStatus.UNDONE, timezone.now()
    run.undone_by = actor if getattr(actor, "is_authenticated", False) else None
    run.save(update_fields=["status", "undone_at", "undone_by"])
    record(
        run,
        "undo_import_run",
        actor=actor,
        actor_label=actor_label,
        agency=run.agency,
        data={"removed": removed, "restored": restored},
    )
    log.info("site import undone run_id=%s removed=%s restored=%s", run.pk, removed, restored)
    run.undo_counts = (removed, restored)  # type: ignore[attr-defined]
    return run


def parse_since(text: str | None) -> date | None:
    if not text:
        return None
    from gongkai.rules.page_metadata import parse_date

    day = parse_date(text)
    if day is None:
        raise ValidationError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD")
    return day
