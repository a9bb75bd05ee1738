"""The audit is append-only and chained: `gongkai audit verify` finds an edited or deleted row."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from gongkai.audit.models import AppendOnlyError, AuditEntry
from gongkai.audit.services import append


def _entries(n=4):
    return [
        append(
            object_type="test.thing",
            object_id=str(i),
            action="修改",
            actor_label="测试",
            data={"i": i, "名称": "甲", "ratio": 1.0},
        )
        for i in range(n)
    ]


def _raw(sql, params=()):
    """Change the table behind the application's back, as someone with database access would
    (the PostgreSQL trigger is switched off for this session, as only a superuser can)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def _verify(capsys):
    try:
        call_command("audit", "verify")
    except CommandError as exc:
        return 1, capsys.readouterr().err + str(exc)
    return 0, capsys.readouterr().out


@pytest.mark.django_db
def test_intact_chain_verifies(capsys):
    _entries()
    code, out = _verify(capsys)
    assert code == 0 and "校验通过" in out and "共4条" in out


@pytest.mark.django_db
def test_edited_row_is_named(capsys):
    rows = _entries()
    _raw("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["改过了", rows[1].pk])
    code, out = _verify(capsys)
    assert code == 1
    assert f"第2条审计记录（编号{rows[1].pk}）的内容被修改" in out


@pytest.mark.django_db
def test_deleted_row_is_found(capsys):
    rows = _entries()
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [rows[1].pk])
    code, out = _verify(capsys)
    assert code == 1
    assert f"编号{rows[2].pk}）之前的记录被删除" in out


@pytest.mark.django_db
def test_deleted_last_row_is_found(capsys):
    rows = _entries()
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [rows[-1].pk])
    code, out = _verify(capsys)
    assert code == 1 and "末尾被删除" in out


@pytest.mark.django_db
def test_nobody_deletes_or_edits_through_the_application():
    entry = _entries(1)[0]
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    entry.reason = "x"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL trigger")
def test_postgres_trigger_refuses_delete_and_update_in_sql():
    from django.db.utils import DatabaseError

    entry = _entries(1)[0]
    for sql in (
        "DELETE FROM audit_auditentry WHERE id = %s",
        "UPDATE audit_auditentry SET reason = 'x' WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="审计记录只能追加"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, reason="").exists()


@pytest.mark.django_db
def test_archive_is_exported_and_verifiable(tmp_path, capsys):
    _entries(3)
    out = tmp_path / "audit.jsonl"
    call_command("audit", "archive", "--out", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["data"]["名称"] == "甲"
    assert (tmp_path / "audit.jsonl.sha256").exists()
    call_command("audit", "verify", "--file", str(out))
    assert "校验通过" in capsys.readouterr().out
    rows = [json.loads(line) for line in lines]
    rows[1]["action"] = "删除"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--file", str(out))
    assert "SHA-256" in capsys.readouterr().err
    # the archive is itself audited, and the chain still holds
    assert AuditEntry.objects.filter(action="导出审计归档").exists()
    assert _verify(capsys)[0] == 0
