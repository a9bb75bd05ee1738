"""Moving an agency in (网站迁移): import its old site's document pages, and undo a run.

:func:`execute` crawls the site (:mod:`.crawl`), reads every internal page (:mod:`.page`), keeps the
document pages (:mod:`.classify`) and imports each in its own transaction (:mod:`.importer`) — one
page that fails is listed with its reason and the run goes on. Identity is the page's address
(``source_url``): a second run creates nothing new and updates what changed. :func:`undo` removes
exactly what a run created and restores what it updated, in one transaction, audited.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import date, datetime, timedelta

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
from .classify import column_of, not_a_document
from .mapping import proposal
from .models import ImportItem, ImportRun, Outcome, RunStatus
from .page import PageRecord, read_document_page

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


def _read(gathered: crawl.Gathered) -> tuple[list[PageRecord], list[tuple[str, str]], int]:
    """(document pages, failures, pages read) of a crawl."""
    documents, failures = [], list(gathered.unreadable)
    # The shallower address first: a copy of a page deeper in the site is the duplicate, not the original.
    for url in sorted(gathered.pages, key=lambda u: (u.count("/"), u)):
        body, content_type = gathered.pages[url]
        try:
            rec = read_document_page(url, body, content_type)
        except Exception as exc:  # a page the parser cannot read is one failure, not the run's end
            failures.append((url, f"页面无法解析（{type(exc).__name__}）"))
            continue
        if not not_a_document(rec):
            documents.append(rec)
    # Imported in the order they were published, so 索引号 given here follow the dates.
    documents.sort(key=lambda d: (d.metadata.published or datetime.max, d.url.count("/"), d.url))
    return documents, failures, len(gathered.pages)


# A running import writes its heartbeat every HEARTBEAT_SECONDS (a thread of its own, since the
# crawl's event loop may not touch the database). A run whose heartbeat is older than STALE_AFTER
# has lost its worker; a run still queued after QUEUED_STALE_AFTER was never picked up (the thread
# of a restarted demo server, a lost task message). :func:`sweep_stale` marks both 已中断.
HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(minutes=10)
QUEUED_STALE_AFTER = timedelta(hours=6)
INTERRUPTED_BY_SIGNAL = (
    "导入被中止（命令行按下了 Ctrl+C 或进程收到停止信号），本批次已中断。"
    "已导入的信息保留；可以重新开始，已导入的不会重复导入。"
)


class Heartbeat:
    """Writes ``heartbeat_at`` of a running import every ``interval`` seconds from a thread, while
    the run goes on. ``live=False`` (inline work inside a test's transaction) writes nothing."""

    def __init__(self, run_id: int, *, live: bool, interval: float = HEARTBEAT_SECONDS):
        self.run_id, self.interval = run_id, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"siteimport-heartbeat-{run_id}", daemon=True)
        if live:
            self._thread.start()

    def _loop(self) -> None:
        from django.db import connection

        try:
            while not self._stop.wait(self.interval):
                try:
                    ImportRun.objects.filter(pk=self.run_id).update(heartbeat_at=timezone.now())
                except Exception:  # the next beat tries again; a run without beats is swept
                    log.debug("心跳写入失败", exc_info=True)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


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
        _interrupt(run, INTERRUPTED_BY_SIGNAL)
        raise
    finally:
        heartbeat.stop()
    return run


def _interrupt(run: ImportRun, reason: str, *, last_beat=None) -> None:
    """Mark ``run`` 已中断 with ``reason`` (shown on its page); its counts from the pages it did."""
    counts = Counter(run.items.values_list("outcome", flat=True))
    run.status, run.error, run.finished_at = RunStatus.INTERRUPTED, reason, timezone.now()
    run.created, run.updated = counts[Outcome.CREATED], counts[Outcome.UPDATED]
    run.unchanged, run.failed = counts[Outcome.UNCHANGED], counts[Outcome.FAILED]
    run.save(update_fields=["status", "error", "finished_at", "created", "updated", "unchanged", "failed"])
    record(
        run,
        "import_run_interrupted",
        actor_label="系统",
        agency=run.agency,
        data={
            "reason": reason,
            "last_heartbeat": last_beat.isoformat() if last_beat else None,
            "created": run.created,
            "updated": run.updated,
        },
    )
    log.warning("site import interrupted run_id=%s", run.pk)


def _stale_reason(run: ImportRun) -> str:
    if run.status == RunStatus.QUEUED:
        return (
            f"导入任务排队超过 {int(QUEUED_STALE_AFTER.total_seconds() // 3600)} 小时仍未开始"
            "（后台任务可能已丢失或服务器已重启），本批次已中断。可以重新开始。"
        )
    last = timezone.localtime(run.heartbeat_at or run.started_at)
    return (
        f"导入自 {last:%Y-%m-%d %H:%M} 起超过 {int(STALE_AFTER.total_seconds() // 60)} 分钟没有进展"
        "（运行导入的进程或服务器可能已重启），本批次已中断。"
        "已导入的信息保留；可以重新开始，已导入的不会重复导入。"
    )


@transaction.atomic
def sweep_stale(now: datetime | None = None) -> list[int]:
    """Mark 已中断 the runs whose worker is gone: running without a heartbeat for STALE_AFTER,
    or queued for QUEUED_STALE_AFTER without starting. Called where writing is expected — the
    start of an import task, the periodic beat task, the command line — never from a page's GET.
    Returns the ids of the runs it marked (each audited ``import_run_interrupted``)."""
    from django.db.models import Q

    now = now or timezone.now()
    stale = (
        Q(status=RunStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        | Q(status=RunStatus.RUNNING, heartbeat_at=None, started_at__lt=now - STALE_AFTER)
        | Q(status=RunStatus.QUEUED, started_at__lt=now - QUEUED_STALE_AFTER)
    )
    marked = []
    for run in ImportRun.objects.select_for_update().select_related("agency").filter(stale).order_by("pk"):
        _interrupt(run, _stale_reason(run), last_beat=run.heartbeat_at)
        marked.append(run.pk)
    return marked


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
    crawler, gathered = crawl.gather(config, transport=transport, progress=progress.crawled)
    documents, failures, pages = _read(gathered)
    if run.since:
        documents = [
            d for d in documents if d.metadata.published is None or d.metadata.published.date() >= run.since
        ]
    columns: dict[str, tuple[str, int]] = {}
    counts = Counter(column_of(d) for d in documents)
    for d in documents:
        columns.setdefault(column_of(d), (d.metadata.category, counts[column_of(d)]))
    proposed = proposal(columns)
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
    unknown = Counter(
        d.metadata.validity_stated
        for d in documents
        if d.metadata.validity_stated and not d.metadata.validity
    )
    for stated, n in sorted(unknown.items()):
        notes.append(validity_note(stated, n))
    run.pages = pages
    run.report = {
        "robots": gathered.robots,
        "truncated": gathered.truncated,
        "columns": proposed,
        "mapping_used": used,
        "notes": notes,
    }
    items: list[ImportItem] = [
        ImportItem(run=run, url=url, outcome=Outcome.FAILED, reason=reason) for url, reason in failures
    ]
    if run.dry_run:
        seen: dict[str, str] = {}
        for d in documents:  # what the page alone tells: no title or date, a second address
            reason = importer.precheck(d) or importer.duplicate_reason(d, seen)
            if not reason:
                seen[importer.duplicate_key(d)] = d.url
            outcome = Outcome.FAILED if reason else Outcome.FOUND
            items.append(
                ImportItem(
                    run=run,
                    url=d.url,
                    title=d.title[:300],
                    column=column_of(d),
                    outcome=outcome,
                    reason=reason,
                    notes=importer.page_warnings(d),
                )
            )
    else:
        limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
        wanted = sorted({u for d in documents for u, _ in d.attachments})
        files = crawl.download(crawler, wanted, max_bytes=limit) if wanted else {}
        ImportItem.objects.bulk_create(items)
        items = []
        seen = {}
        run.to_import = len(documents)
        for n, doc in enumerate(documents, start=1):
            item = importer.import_page(
                run, doc, used.get(column_of(doc), proposed.get(column_of(doc))), files, seen
            )
            setattr(run, item.outcome, getattr(run, item.outcome) + 1)
            progress.imported(n, len(documents))
        run.imported = len(documents)
    ImportItem.objects.bulk_create(items)
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
