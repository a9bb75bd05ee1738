"""数据备份恢复: `gongkai backup` / `gongkai restore` — a backup restored into an empty database gives
the same records, the same letters (SHA-256) and the same audit rows; bad archives change nothing."""

import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.applications import services
from gongkai.applications.models import Application, Channel, ReplyLetter
from gongkai.audit.models import AuditEntry
from gongkai.operations.backup import EXCLUDED, ExactJSONEncoder, _models

from .test_reminders_and_stats import close

pytestmark = pytest.mark.django_db
D = dt.date
QUIET = {"stdout": io.StringIO()}


@pytest.fixture
def dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_SEARCH_DIR = tmp_path / "search"
    settings.HOME = tmp_path
    return tmp_path


@pytest.fixture
def filled(dirs, agency_tree, case_staff, form_data, on, workflow, django_capture_on_commit_callbacks):
    city, h = agency_tree["city"], case_staff["handler"]
    on(D(2025, 3, 3))
    app, _ = services.submit(city, form_data, channel=Channel.IN_PERSON, registered_by=h)
    services.confirm_receipt(h, app, D(2025, 3, 3))
    close(app, case_staff, "granted", on, D(2025, 3, 10))
    services.submit(
        city, form_data | {"id_number": "110105194912310021"}, channel=Channel.IN_PERSON, registered_by=h
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(city, title="关于城乡最低生活保障标准的通知")
    return app


def snapshot() -> dict[str, list]:
    """Every row of every backed-up model, as plain data (encrypted fields decrypted)."""
    rows = {}
    for model in _models():
        objs = list(model._default_manager.order_by("pk"))
        data = json.loads(
            serializers.serialize("json", objs, use_natural_foreign_keys=True, cls=ExactJSONEncoder)
        )
        for item, obj in zip(data, objs, strict=True):
            for field in model._meta.concrete_fields:  # tokens differ each time: compare the values
                if field.get_internal_type() == "TextField" and type(field).__name__ == "EncryptedTextField":
                    item["fields"][field.name] = getattr(obj, field.attname)
        rows[model._meta.label_lower] = data
    return rows


def letter_hashes() -> dict[str, tuple[str, str]]:
    out = {}
    for letter in ReplyLetter.objects.exclude(pdf=""):
        out[letter.application.number] = tuple(
            hashlib.sha256(Path(f.path).read_bytes()).hexdigest() for f in (letter.pdf, letter.docx)
        )
    return out


def search_ids(query="最低生活保障"):
    from gongkai.search.services import search

    return [h.id for h in search(query).hits]


def empty_installation(dirs, settings):
    """What a new installation has: migrated, no rows of ours, empty upload and index directories."""
    from gongkai.search.services import _embedded

    if connection.vendor == "postgresql":  # inside the test's transaction: no deferred checks pending
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":  # back to what a fresh transaction has
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL DEFERRED")
    settings.MEDIA_ROOT = dirs / "media-new"
    settings.GONGKAI_SEARCH_DIR = dirs / "search-new"
    _embedded.clear()


def test_backup_restored_into_an_empty_database_gives_the_same_records_letters_and_audit(
    filled, dirs, settings
):
    before, letters_before = snapshot(), letter_hashes()
    audit_before = list(AuditEntry.objects.order_by("pk").values())
    hits_before = search_ids()
    assert letters_before and len(audit_before) > 5 and hits_before
    archive = dirs / "out" / "gongkai.tar.gz"
    call_command("backup", str(archive), **QUIET)
    # No personal data in clear inside the archive.
    with tarfile.open(archive) as tar:
        db_json = tar.extractfile("db.json").read().decode()
    assert "11010519491231002X" not in db_json and "1234 5678" not in db_json

    empty_installation(dirs, settings)
    assert not Application.objects.exists() and not AuditEntry.objects.exists()
    call_command("restore", str(archive), **QUIET)

    assert snapshot() == before
    assert list(AuditEntry.objects.order_by("pk").values()) == audit_before
    call_command("audit", "verify", **QUIET)  # the hash chain holds after the restore (raises if broken)
    assert letter_hashes() == letters_before
    for letter in ReplyLetter.objects.exclude(pdf=""):  # and they are the ones the letter row vouches for
        assert letter_hashes()[letter.application.number][0] == letter.pdf_sha256
    assert search_ids() == hits_before
    assert Application.objects.get(pk=filled.pk).id_number == "11010519491231002X"
    # Numbering goes on after the restored rows (sequences reset), no clash with a restored number.
    services.submit(
        filled.agency,
        {
            "applicant_kind": "natural_person",
            "applicant_name": "李四",
            "id_type": "resident_id",
            "id_number": "110105194912310021",
            "phone": "13800000000",
            "description": "x",
            "medium": "electronic",
            "delivery": "email",
        },
        channel=Channel.IN_PERSON,
    )
    assert Application.objects.count() == 3


def _state(dirs):
    media = sorted(
        p.relative_to(dirs).as_posix() for p in dirs.rglob("*") if p.is_file() and "media" in p.parts
    )
    return Application.objects.count(), AuditEntry.objects.count(), media


def _archive(filled, dirs) -> Path:
    archive = dirs / "out" / "gongkai.tar.gz"
    call_command("backup", str(archive), **QUIET)
    return archive


def _rewrite(archive: Path, change) -> None:
    """Rebuild ``archive`` with one member's bytes changed but the manifest left as it was."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "member_changed", "sidecar", "not_empty"])
def test_bad_archive_is_refused_in_chinese_and_nothing_changes(filled, dirs, settings, damage):
    archive = _archive(filled, dirs)
    sidecar = Path(f"{archive}.sha256")
    if damage != "not_empty":
        empty_installation(dirs, settings)
    if damage == "truncated":
        archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        sidecar.unlink()
        expected = "已损坏"
    elif damage == "garbage":
        archive.write_bytes(os.urandom(4096))
        sidecar.unlink()
        expected = "已损坏"
    elif damage == "member_changed":  # a letter edited inside the archive, manifest untouched
        _rewrite(archive, lambda name, data: data + b"%tampered" if name.endswith(".pdf") else data)
        sidecar.unlink()
        expected = "校验和不符"
    elif damage == "sidecar":
        sidecar.write_text("0" * 64 + "  gongkai.tar.gz\n")
        expected = "校验和不符"
    else:
        expected = "不是空的"
    state = _state(dirs)
    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(archive), **QUIET)
    assert _state(dirs) == state
    assert not [p for p in dirs.rglob("*") if p.is_file() and "media-new" in p.parts]


def test_cli_exits_1_with_a_chinese_message_on_a_corrupt_archive(tmp_path):
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"\x1f\x8b" + os.urandom(2000))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_") or k.startswith("GONGKAI_PG")}
    env |= {
        "GONGKAI_HOME": str(tmp_path),
        "GONGKAI_DEBUG": "1",
        "GONGKAI_DB": os.environ.get("GONGKAI_DB", "sqlite"),
    }
    run = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "restore", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "备份文件已损坏" in run.stderr and "Traceback" not in run.stderr


def test_every_model_with_rows_is_in_the_backup():
    labels = {m._meta.label_lower for m in _models()}
    assert {
        "applications.application",
        "applications.replyletter",
        "audit.auditentry",
        "agencies.user",
        "disclosure.document",
        "search.searchentry",
    } <= labels
    assert not labels & EXCLUDED
    assert connection.vendor in ("sqlite", "postgresql")
