"""``gongkai rebuild_index``: rebuild the search table and index from the published documents."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "重建全文检索索引（所有已发布、主动公开的政府信息），显示进度"

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="每批处理的文件数")

    def handle(self, *args, batch: int, **options):
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

        from gongkai.disclosure.models import DisclosureMode, Document, State

        from ...services import EMBEDDED, backend_name, get_backend

        name = backend_name()
        backend = get_backend()
        docs = (
            Document.objects.filter(
                state=State.PUBLISHED, disclosure_mode=DisclosureMode.PROACTIVE, published_at__isnull=False
            )
            .select_related("agency", "category", "genre", "interprets")
            .prefetch_related("attachments")
            .order_by("published_at", "pk")
        )  # rows in date order: date-ordered scans read pages in sequence
        total = docs.count()
        columns = (TextColumn("[bold]重建索引"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        try:
            done = self._rebuild(name, backend, docs, total, batch, columns)
        except BaseException:
            if name == EMBEDDED:
                backend.rollback()
            raise
        self.stdout.write(self.style.SUCCESS(f"已重建索引：{done} 条政府信息（{name}）"))

    def _rebuild(self, name, backend, docs, total, batch, columns) -> int:
        from rich.progress import Progress

        from ...models import SearchEntry
        from ...services import EMBEDDED, _entry_fields, to_index_doc

        done = 0
        # One transaction: searches see the old index until the new one is complete.
        with transaction.atomic(), Progress(*columns) as progress:
            task = progress.add_task("index", total=total)
            SearchEntry.objects.all().delete()
            if name == EMBEDDED:
                backend.clear(commit=False)
            for start in range(0, total, batch):
                entries = [to_index_doc(d) for d in docs[start : start + batch]]
                if name == EMBEDDED:
                    SearchEntry.objects.bulk_create(
                        [SearchEntry(document_id=e.id, **_entry_fields(e)) for e in entries]
                    )
                backend.add(entries)
                done += len(entries)
                progress.update(task, completed=done)
            if name == EMBEDDED:
                transaction.on_commit(backend.commit)
        return done
