"""网站迁移 clicked through in Debian's chromium by the agency administrator, with the demo server's
way of running long work (a thread of the web process): a dry run of the agency's old site (served
on loopback) shows its progress, then the columns found with a proposed mapping and the pages that
failed with their reasons; the administrator changes one column's 主题分类, confirms, the import
runs and lists what it created; then the whole batch is undone after a confirmation. Screenshots of
every step (``siteimport-*.png``)."""

from __future__ import annotations

import pytest

from gongkai.testing.site import RELEASE, LocalSite

from .kit import shot


def in_thread(fn):
    """Database reads from the test itself (Playwright's event loop runs in this thread)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def run():
        try:
            return fn()
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def count() -> int:
    from gongkai.disclosure.models import Document

    return Document.objects.count()


@pytest.fixture
def desk(transactional_db, agency_tree, make_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.GONGKAI_BACKGROUND = "thread"
    settings.GONGKAI_SEARCH_DIR = tmp_path / "search"
    make_staff(agency_tree["city"], "agency_admin", username="si-admin")
    from gongkai.siteimport.tests import site as generated

    with LocalSite() as other, LocalSite() as old:
        old.routes = generated.routes(other.base)
        yield old
    RELEASE.clear()  # set by LocalSite's teardown; other tests' slow routes need it clear


def test_admin_dry_runs_confirms_the_mapping_imports_and_undoes(desk, live_server, staff_login):
    from gongkai.disclosure.models import Document

    page = staff_login(live_server.url, "si-admin")
    page.get_by_role("link", name="网站迁移").click()
    page.get_by_label("原网站地址").fill(desk.base + "/")
    assert page.get_by_label("先试运行").is_checked()
    page.get_by_role("button", name="开始", exact=True).click()
    page.wait_for_selector("text=迁移批次")
    shot(page, "siteimport-1-progress")

    page.wait_for_selector("text=确认对照，正式导入", timeout=60_000)
    assert page.get_by_text("页面无法读取（HTTP 500）").is_visible()
    assert in_thread(count) == 0
    shot(page, "siteimport-2-dry-run")

    page.get_by_label("工作动态的主题分类").select_option("民政、扶贫、救灾")
    page.get_by_role("button", name="确认对照，正式导入").click()
    page.wait_for_selector("text=撤销本批次", timeout=60_000)
    assert page.get_by_text("页面上没有发布日期").is_visible()
    assert page.locator("text=迁移待核对").count() == 4
    shot(page, "siteimport-3-imported")
    category = in_thread(lambda: Document.objects.get(source_url=desk.base + "/tzgg/t4.html").category.name)
    assert category == "民政、扶贫、救灾"

    page.get_by_role("link", name="撤销本批次……").click()
    page.get_by_label("确认撤销迁移批次").check()
    shot(page, "siteimport-4-undo-confirm")
    page.get_by_role("button", name="撤销", exact=True).click()
    page.wait_for_selector("text=本批次已于")
    shot(page, "siteimport-5-undone")
    assert in_thread(count) == 0


def _interrupted(url: str) -> int:
    """An import that ran (4 documents created) and whose process then died before it wrote its
    end: its heartbeat stopped an hour ago, and the sweep marked it 已中断."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.siteimport import services
    from gongkai.siteimport.models import ImportRun, RunStatus

    city = Agency.objects.get(code="011330001")
    admin = get_user_model().objects.get(username="si-admin")
    run = services.execute(services.start(city, url, actor=admin), rate=0)
    ImportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=40),
        finished_at=None,
    )
    assert services.sweep_stale() == [run.pk]
    return run.pk


def test_admin_sees_an_interrupted_run_and_starts_it_again(desk, live_server, staff_login):
    run_id = in_thread(lambda: _interrupted(desk.base + "/"))
    page = staff_login(live_server.url, "si-admin")
    page.get_by_role("link", name="网站迁移").click()
    assert page.get_by_role("cell", name="已中断").is_visible()
    page.get_by_role("link", name=str(run_id), exact=True).click()
    page.wait_for_selector("text=本批次已中断")
    assert page.get_by_text("超过 10 分钟没有进展").is_visible()
    assert page.get_by_role("button", name="重新开始导入").is_visible()
    shot(page, "siteimport-6-interrupted")

    page.get_by_role("button", name="重新开始导入").click()
    page.wait_for_selector("text=撤销本批次", timeout=60_000)
    assert page.get_by_text(f"中断的批次 {run_id}").is_visible()
    assert "新增 0 条" in page.inner_text("main").replace("\n", "")
    shot(page, "siteimport-7-restarted")
    assert in_thread(count) == 4  # nothing imported twice
