"""数据备份恢复: one archive holding the database, the uploaded files and the search index.

The archive (``.tar.gz``) holds
  ``db.json``      every row (Django's portable serialisation: a backup made on PostgreSQL restores on
                   SQLite and back; encrypted personal data stays encrypted — restore needs the same
                   GONGKAI_FIELD_KEY, which is never written into the archive);
  ``media/…``      uploaded attachments and the sent letters, byte for byte;
  ``search/…``     the embedded (tantivy) index, when that backend is used (the PostgreSQL backend's
                   index is a table, inside ``db.json``);
  ``manifest.json`` format, time, database, applied migrations, row counts and the SHA-256 of every
                   other member.
Beside it, ``<archive>.sha256`` holds the archive's own SHA-256 (``sha256sum -c`` format).

Consistency: the rows are read in one transaction (REPEATABLE READ on PostgreSQL; SQLite's
transaction holds the write lock), then the files are copied; every file a row names must be in the
archive. Restore checks everything before it changes anything, loads the rows in one transaction and
removes the files it placed if that transaction fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "gongkai-backup/1"
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
}  # rebuilt by migrate / transient
# Rows whose presence means the database is not empty (restore never merges two histories).
OWNED = (
    "agencies.user",
    "agencies.agency",
    "audit.auditentry",
    "applications.application",
    "disclosure.document",
)
CHUNK = 1 << 20


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; a backup keeps every microsecond (the audit
    rows' times must come back exactly)."""

    def default(self, o):
        if isinstance(o, dt.datetime):
            return o.isoformat()
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup could not be made or restored; the message is for the operator (Chinese)."""


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
    return h.hexdigest()


def _models() -> list[type[models.Model]]:
    app_list = [(config, None) for config in apps.get_app_configs()]
    return [
        m
        for m in serializers.sort_dependencies(app_list, allow_cycles=True)
        if m._meta.label_lower not in EXCLUDED and m._meta.managed and not m._meta.proxy
    ]


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def search_dir() -> Path | None:
    from gongkai.search.services import EMBEDDED, backend_name, index_dir

    return index_dir() if backend_name() == EMBEDDED else None


def _files_named_by_rows(model_list) -> set[str]:
    names = set()
    for model in model_list:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    n
                    for n in model._default_manager.exclude(**{field.name: ""}).values_list(
                        field.name, flat=True
                    )
                    if n
                )
    return names


def _dump_rows(out: Path) -> tuple[dict[str, int], set[str]]:
    """Write every row to ``out`` from one consistent snapshot; returns counts and the files named."""
    model_list = _models()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counts = {}
        with out.open("w", encoding="utf-8") as f:

            def rows():
                for model in model_list:
                    qs = model._default_manager.order_by("pk")
                    counts[model._meta.label_lower] = 0
                    for obj in qs.iterator(chunk_size=2000):
                        counts[model._meta.label_lower] += 1
                        yield obj

            serializers.serialize(
                "json",
                rows(),
                stream=f,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=False,
                cls=ExactJSONEncoder,
            )
        files = _files_named_by_rows(model_list)
    return counts, files


def _tree(root: Path | None):
    if root is None or not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            yield path, path.relative_to(root).as_posix()


def create_backup(target: Path) -> dict:
    """Write the archive ``target`` (and ``target.sha256``); returns the manifest. A half-written
    archive never takes the name: it is written beside and renamed when complete."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as tmp:
        db_json = Path(tmp) / "db.json"
        counts, files = _dump_rows(db_json)
        media_root = Path(settings.MEDIA_ROOT)
        missing = sorted(n for n in files if not (media_root / n).is_file())
        if missing:
            raise BackupError(
                f"数据库记录引用的文件缺失（{len(missing)}个），例如 {missing[0]}；请先核查上传目录"
            )
        members: dict[str, dict] = {}
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:

            def add(path: Path, name: str) -> None:
                members[name] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
                tar.add(path, arcname=name, recursive=False)

            add(db_json, "db.json")
            for path, rel in _tree(media_root):
                add(path, f"media/{rel}")
            for path, rel in _tree(search_dir()):
                add(path, f"search/{rel}")
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": connection.vendor,
                "search": "embedded" if search_dir() else "database",
                "migrations": _applied_migrations(),
                "counts": counts,
                "members": members,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        digest = _sha256_file(partial)
        os.replace(partial, target)
    Path(f"{target}.sha256").write_text(f"{digest}  {target.name}\n", encoding="utf-8")
    return manifest


# -- restore -------------------------------------------------------------------------------------


def _check_sidecar(archive: Path) -> None:
    sidecar = Path(f"{archive}.sha256")
    if not sidecar.exists():
        return
    expected = sidecar.read_text(encoding="utf-8").split()[:1]
    if not expected or expected[0] != _sha256_file(archive):
        raise BackupError(
            f"校验和不符：{archive.name} 与 {sidecar.name} 记录的 SHA-256 不一致，备份文件可能被修改或损坏"
        )


def _extract(archive: Path, into: Path) -> dict:
    """Unpack ``archive`` into ``into`` and check every member against the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = member.name
                if (
                    not (member.isfile() or member.isdir())
                    or name.startswith("/")
                    or ".." in Path(name).parts
                ):
                    raise BackupError(f"备份文件含有不允许的条目：{name}")
                tar.extract(member, into, set_attrs=False, filter="data")
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as exc:
        raise BackupError(f"备份文件已损坏或不是 gongkai 备份（{archive.name}）：无法解压") from exc
    try:
        manifest = json.loads((into / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError("备份文件缺少有效的清单（manifest.json），不是 gongkai 备份或已损坏") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"不支持的备份格式：{manifest.get('format') if isinstance(manifest, dict) else '未知'}"
        )
    members = manifest.get("members") or {}
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {"manifest.json"}
    if present != set(members) or "db.json" not in members:
        raise BackupError("备份文件的内容与清单不符（有文件缺失或多出），备份可能不完整")
    for name, meta in members.items():
        if _sha256_file(into / name) != meta.get("sha256"):
            raise BackupError(f"校验和不符：备份中的 {name} 与清单记录的 SHA-256 不一致")
    return manifest


def _check_target(manifest: dict) -> None:
    ours, theirs = _applied_migrations(), sorted(manifest.get("migrations") or [])
    if ours != theirs:
        newer = sorted(set(theirs) - set(ours))[:3]
        older = sorted(set(ours) - set(theirs))[:3]
        raise BackupError(
            "备份与本系统的数据库结构版本不同，不能恢复"
            + (f"；备份有而本库没有：{'、'.join(newer)}" if newer else "")
            + (f"；本库有而备份没有：{'、'.join(older)}" if older else "")
            + "（请先用与备份相同的版本执行 gongkai migrate）"
        )
    for label in OWNED:
        model = apps.get_model(label)
        if model._default_manager.exists():
            raise BackupError(
                f"目标数据库不是空的（已有{model._meta.verbose_name}），恢复只写入新建的空库："
                "请新建数据库并执行 gongkai migrate 后再恢复"
            )


def _place_files(src: Path, dest: Path, placed: list[Path]) -> None:
    for path, rel in _tree(src):
        target = dest / rel
        if target.exists():
            if _sha256_file(target) == _sha256_file(path):
                continue
            raise BackupError(f"目标目录已有同名而内容不同的文件：{target}，未作任何修改")
    for path, rel in _tree(src):
        target = dest / rel
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        placed.append(target)


def _close_index(path: Path) -> None:
    """Forget this process's open handle on the embedded index (its files are about to be replaced)."""
    from gongkai.search import services

    with services._lock:
        backend = services._embedded.pop(path, None)
    if backend is not None:
        backend.close()


def restore_backup(archive: Path) -> dict:
    """Restore ``archive`` into this (empty, migrated) installation; returns the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件：{archive}")
    _check_sidecar(archive)
    home = Path(settings.HOME)
    with tempfile.TemporaryDirectory(dir=home, prefix=".restore-") as tmp:
        unpacked = Path(tmp)
        manifest = _extract(archive, unpacked)
        _check_target(manifest)
        placed: list[Path] = []
        index_target = search_dir()
        old_index = None
        try:
            _place_files(unpacked / "media", Path(settings.MEDIA_ROOT), placed)
            if index_target is not None and (unpacked / "search").is_dir():
                _close_index(index_target)
                if index_target.exists():
                    old_index = unpacked / "old-search"
                    shutil.move(index_target, old_index)
                shutil.copytree(unpacked / "search", index_target)
            with transaction.atomic():
                call_command("loaddata", str(unpacked / "db.json"), verbosity=0)
                if index_target is None:  # PostgreSQL search: its tsvector columns are derived, not dumped
                    call_command("rebuild_index", verbosity=0, stdout=io.StringIO())
        except BaseException as exc:
            for path in placed:
                path.unlink(missing_ok=True)
            if old_index is not None:
                _close_index(index_target)
                shutil.rmtree(index_target, ignore_errors=True)
                shutil.move(old_index, index_target)
            if isinstance(exc, BackupError):
                raise
            if isinstance(exc, Exception):
                raise BackupError(f"恢复失败，数据库与文件均未修改：{exc}") from exc
            raise
    if index_target is not None and "search/meta.json" not in manifest["members"]:
        call_command("rebuild_index", verbosity=0, stdout=io.StringIO())  # a backup made on PostgreSQL
    return manifest
