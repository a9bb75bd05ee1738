"""A run left 正在导入 by a restart: its heartbeat stops, the sweep (task start, beat, command line;
never a page's GET) marks it 已中断 with the reason its page shows, and staff start it again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.disclosure.models import Document
from gongkai.siteimport import services
from gongkai.siteimport.models import ImportItem, ImportRun, Outcome, RunStatus

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _run(agency, status, *, beat_minutes_ago=None, started_minutes_ago=0, **kw):
    run = ImportRun.objects.create(agency=agency, start_url="http://127.0.0.1:9/", status=status, **kw)
    ImportRun.objects.filter(pk=run.pk).update(
        started_at=NOW - dt.timedelta(minutes=started_minutes_ago),
        heartbeat_at=NOW - dt.timedelta(minutes=beat_minutes_ago) if beat_minutes_ago is not None else None,
    )
    return ImportRun.objects.get(pk=run.pk)


def test_sweep_marks_only_runs_whose_worker_is_gone(agency_tree):
    city = agency_tree["city"]
    dead = _run(city, RunStatus.RUNNING, beat_minutes_ago=11, started_minutes_ago=60)
    alive = _run(city, RunStatus.RUNNING, beat_minutes_ago=1, started_minutes_ago=60)
    never_beat = _run(city, RunStatus.RUNNING, started_minutes_ago=11)
    lost = _run(city, RunStatus.QUEUED, started_minutes_ago=7 * 60)
    waiting = _run(city, RunStatus.QUEUED, started_minutes_ago=60)
    done = _run(city, RunStatus.DONE, beat_minutes_ago=600, started_minutes_ago=600)
    ImportItem.objects.create(run=dead, url="http://127.0.0.1:9/a.html", outcome=Outcome.CREATED)
    ImportItem.objects.create(run=dead, url="http://127.0.0.1:9/b.html", outcome=Outcome.FAILED)

    assert services.sweep_stale(NOW) == [dead.pk, never_beat.pk, lost.pk]
    status = dict(ImportRun.objects.values_list("pk", "status"))
    assert status[alive.pk] == RunStatus.RUNNING and status[waiting.pk] == RunStatus.QUEUED
    assert status[done.pk] == RunStatus.DONE
    dead.refresh_from_db()
    assert dead.status == RunStatus.INTERRUPTED and dead.finished_at is not None
    assert "超过 10 分钟没有进展" in dead.error and "可以重新开始" in dead.error
    assert (dead.created, dead.failed) == (1, 1)  # the pages it did before it stopped
    assert "排队超过 6 小时仍未开始" in ImportRun.objects.get(pk=lost.pk).error
    entries = AuditEntry.objects.filter(action="import_run_interrupted")
    assert sorted(int(e.object_id) for e in entries) == [dead.pk, never_beat.pk, lost.pk]
    assert services.sweep_stale(NOW) == []  # once


def test_pages_never_write_a_stale_run_stays_as_it_is_on_get(agency_tree, make_staff, client):
    city = agency_tree["city"]
    client.force_login(make_staff(city, "agency_admin", username="si-stale"))
    dead = _run(city, RunStatus.RUNNING, beat_minutes_ago=60, started_minutes_ago=60)
    for name in ("staff:siteimport_run", "staff:siteimport_progress"):
        assert client.get(reverse(name, args=[dead.pk])).status_code == 200
    assert client.get(reverse("staff:siteimport")).status_code == 200
    assert ImportRun.objects.get(pk=dead.pk).status == RunStatus.RUNNING


def test_the_beat_schedule_sweeps_every_few_minutes(agency_tree):
    from gongkai.siteimport.tasks import sweep_stale_imports

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-site-imports"]
    assert entry["task"] == "gongkai.siteimport.tasks.sweep_stale_imports" and entry["schedule"] <= 600
    dead = _run(agency_tree["city"], RunStatus.RUNNING, beat_minutes_ago=30, started_minutes_ago=30)
    assert sweep_stale_imports() == 1
    assert ImportRun.objects.get(pk=dead.pk).status == RunStatus.INTERRUPTED


def test_starting_a_task_sweeps_first_and_leaves_a_run_that_is_not_queued(agency_tree):
    from gongkai.siteimport.tasks import import_site_task

    city = agency_tree["city"]
    dead = _run(city, RunStatus.RUNNING, beat_minutes_ago=30, started_minutes_ago=30)
    assert import_site_task(dead.pk) == 0  # swept as it starts, then not run again by a duplicate
    assert ImportRun.objects.get(pk=dead.pk).status == RunStatus.INTERRUPTED
    assert ImportRun.objects.get(pk=dead.pk).items.count() == 0


def _interrupted_import(city, old_site, run_import):
    """A full import whose process then "died" before it wrote its end: swept to 已中断."""
    site, _ = old_site
    run = run_import(city, site.base + "/")
    ImportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=NOW - dt.timedelta(hours=1), finished_at=None
    )
    services.sweep_stale()
    return ImportRun.objects.get(pk=run.pk)


def test_staff_see_the_reason_and_start_it_again_without_duplicates(
    agency_tree, make_staff, client, old_site, run_import, django_capture_on_commit_callbacks
):
    city = agency_tree["city"]
    admin = make_staff(city, "agency_admin", username="si-restart")
    client.force_login(admin)
    old = _interrupted_import(city, old_site, run_import)
    assert (old.status, old.created) == (RunStatus.INTERRUPTED, 4)
    page = client.get(reverse("staff:siteimport_run", args=[old.pk])).content.decode()
    assert "已中断" in page and "本批次已中断" in page and "没有进展" in page and "重新开始导入" in page
    assert "撤销本批次" in page  # what it imported can also be undone
    assert "中断前读取页面 10 个，已处理：新增 <strong>4</strong> 条" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:siteimport_restart", args=[old.pk]))
    new = ImportRun.objects.get(restart_of=old)
    assert response.url == reverse("staff:siteimport_run", args=[new.pk])
    assert new.status == RunStatus.DONE and (new.created, new.unchanged) == (0, 4)  # idempotent
    assert new.started_by == admin and Document.objects.count() == 4
    assert AuditEntry.objects.filter(action="import_site_restart", object_id=str(new.pk)).exists()
    page = client.get(reverse("staff:siteimport_run", args=[old.pk])).content.decode()
    assert "已重新开始为<a" in page and "重新开始导入</button>" not in page
    response = client.post(reverse("staff:siteimport_restart", args=[old.pk]), follow=True)
    assert "已重新开始过" in response.content.decode()  # not twice
    assert ImportRun.objects.filter(restart_of=old).count() == 1


def test_an_interrupted_run_can_be_undone(agency_tree, old_site, run_import):
    old = _interrupted_import(agency_tree["city"], old_site, run_import)
    services.undo(old.pk)
    assert Document.objects.count() == 0


def test_ctrl_c_on_the_command_line_marks_the_run_interrupted(agency_tree, old_site):
    class Stop(services.Progress):
        def imported(self, done, total):
            if done == 2:
                raise KeyboardInterrupt

    site, _ = old_site
    run = services.start(agency_tree["city"], site.base + "/")
    with pytest.raises(KeyboardInterrupt):
        services.execute(run, progress=Stop(), rate=0)
    run.refresh_from_db()
    assert run.status == RunStatus.INTERRUPTED and "Ctrl+C" in run.error
    assert run.created == 2 and Document.objects.count() == 2  # the pages before the stop stay
    assert run.pages == 10 and run.to_import == 6 and "通知公告" in run.report["columns"]  # what it found


def test_command_line_restart(agency_tree, old_site, run_import, capsys):
    old = _interrupted_import(agency_tree["city"], old_site, run_import)
    call_command("import-site", "--restart", str(old.pk))
    assert "新增 0 条" in capsys.readouterr().out
    with pytest.raises(CommandError, match="已重新开始过"):
        call_command("import-site", "--restart", str(old.pk))
    done = ImportRun.objects.get(restart_of=old)
    with pytest.raises(CommandError, match="没有中断（已完成），不能重新开始"):
        call_command("import-site", "--restart", str(done.pk))


def test_command_line_sweeps_and_says_so(agency_tree, capsys):
    dead = _run(agency_tree["city"], RunStatus.RUNNING, beat_minutes_ago=30, started_minutes_ago=30)
    with pytest.raises(CommandError):
        call_command("import-site")
    assert f"导入批次 {dead.pk} 的进程已不在运行" in capsys.readouterr().err
    assert ImportRun.objects.get(pk=dead.pk).status == RunStatus.INTERRUPTED


@pytest.mark.django_db(transaction=True)
def test_a_running_import_keeps_its_heartbeat_from_a_thread(agency_tree):
    import threading

    run = _run(agency_tree["city"], RunStatus.RUNNING, beat_minutes_ago=30, started_minutes_ago=30)
    beat = services.Heartbeat(run.pk, live=True, interval=0.01)
    try:
        written = threading.Event()
        for _ in range(500):  # until the thread has written (no time is asserted)
            if ImportRun.objects.get(pk=run.pk).heartbeat_at > NOW:
                written.set()
                break
            written.wait(0.01)
    finally:
        beat.stop()
    assert written.is_set()
    assert services.sweep_stale() == []  # a beating run is not swept
