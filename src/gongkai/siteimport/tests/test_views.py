"""The staff page of the site import: admin only and agency-scoped, a dry run then an import with
the confirmed mapping (run as a background task, inline here), the review lists, undo after a
confirmation, the light-review setting; every change audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.disclosure.models import Document, State
from gongkai.siteimport.models import ImportRun, ImportSettings, RunStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(agency_tree, make_staff, client):
    user = make_staff(agency_tree["city"], "agency_admin", username="si-admin")
    client.force_login(user)
    return user


def test_only_the_agency_administrator_sees_the_page(agency_tree, make_staff, client):
    editor = make_staff(agency_tree["city"], "editor", username="si-editor")
    client.force_login(editor)
    assert client.get(reverse("staff:siteimport")).status_code == 404
    assert client.post(reverse("staff:siteimport_start"), {"url": "http://127.0.0.1:9/"}).status_code == 404
    assert ImportRun.objects.count() == 0


def test_another_agencys_run_is_not_found(agency_tree, make_staff, client):
    run = ImportRun.objects.create(
        agency=agency_tree["other"], start_url="http://x.test/", status=RunStatus.DONE
    )
    client.force_login(make_staff(agency_tree["city"], "agency_admin", username="si-a2"))
    for name in ("staff:siteimport_run", "staff:siteimport_undo", "staff:siteimport_progress"):
        assert client.get(reverse(name, args=[run.pk])).status_code == 404
    assert client.post(reverse("staff:siteimport_undo", args=[run.pk]), {"confirm": "yes"}).status_code == 404


def test_dry_run_then_import_with_the_confirmed_mapping_then_undo(
    admin, old_site, client, django_capture_on_commit_callbacks
):
    site, _ = old_site
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:siteimport_start"), {"url": site.base + "/", "dry_run": "on"})
    dry = ImportRun.objects.get()
    assert response.url == reverse("staff:siteimport_run", args=[dry.pk])
    assert dry.status == RunStatus.DONE and dry.dry_run and Document.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert "工作动态" in page and "页面无法读取（HTTP 500）" in page and "确认对照，正式导入" in page
    assert "页面上没有发布日期" in page and "找到可导入的信息 <strong>4</strong> 条" in page
    columns = list(dry.report["columns"])
    form = {f"category-{n}": dry.report["columns"][c]["主题分类"] for n, c in enumerate(columns)}
    form |= {f"genre-{n}": dry.report["columns"][c]["体裁"] for n, c in enumerate(columns)}
    form[f"category-{columns.index('工作动态')}"] = "民政、扶贫、救灾"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:siteimport_import", args=[dry.pk]), form)
    run = ImportRun.objects.exclude(pk=dry.pk).get()
    assert run.mapping_confirmed and run.created == 4 and run.started_by == admin
    line = Document.objects.get(source_url=site.base + "/tzgg/t4.html")
    assert line.category.name == "民政、扶贫、救灾" and line.state == State.IMPORTED
    page = client.get(response.url).content.decode()
    assert "新增 <strong>4</strong> 条" in page and "页面上没有发布日期" in page and "撤销本批次" in page
    assert "按确认的栏目对照导入" in page

    undo_url = reverse("staff:siteimport_undo", args=[run.pk])
    assert "确认撤销迁移批次" in client.get(undo_url).content.decode()
    assert Document.objects.count() == 4  # GET writes nothing
    client.post(undo_url, {})  # not confirmed
    assert Document.objects.count() == 4
    client.post(undo_url, {"confirm": "yes"})
    assert Document.objects.count() == 0 and ImportRun.objects.get(pk=run.pk).status == RunStatus.UNDONE
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"import_site_start", "import_site", "undo_import", "undo_import_run"} <= actions


def test_a_bad_address_is_refused_in_chinese(admin, client):
    response = client.post(reverse("staff:siteimport_start"), {"url": "ftp://old.example.cn/"})
    assert (
        response.status_code == 400 and "网站地址应以 http:// 或 https:// 开头" in response.content.decode()
    )
    assert ImportRun.objects.count() == 0


def test_the_light_review_setting_is_saved_and_audited(admin, agency_tree, client):
    client.post(reverse("staff:siteimport_settings"), {"published_on_old_site": "on"})
    assert ImportSettings.objects.get(agency=agency_tree["city"]).published_on_old_site
    assert AuditEntry.objects.filter(action="import_settings").count() == 1
    client.post(reverse("staff:siteimport_settings"), {})
    assert not ImportSettings.objects.get(agency=agency_tree["city"]).published_on_old_site


def test_an_imported_document_says_so_to_staff_and_once_published_to_the_public(
    admin, agency_tree, old_site, client, run_import, make_staff
):
    site, _ = old_site
    run_import(agency_tree["city"], site.base + "/")
    doc = Document.objects.get(source_url=site.base + "/xxgk/t3.html")
    editor = make_staff(agency_tree["city"], "editor", username="si-ed")
    client.force_login(editor)
    page = client.get(reverse("staff:document", args=[doc.pk])).content.decode()
    assert "本信息迁移自本机关原网站" in page and "核对无误，发布" in page
    assert client.get(reverse("portal:document", args=[doc.agency.slug, doc.pk])).status_code == 404
    client.post(reverse("staff:document_transition", args=[doc.pk, "confirm_import"]))
    doc.refresh_from_db()
    assert doc.state == State.PUBLISHED
    public = client.get(reverse("portal:document", args=[doc.agency.slug, doc.pk])).content.decode()
    assert f'原网址：<a href="{site.base}/xxgk/t3.html"' in public and "随民发〔2017〕8号" in public


def test_the_progress_bar_follows_the_crawl_then_the_import(admin, agency_tree, client):
    run = ImportRun.objects.create(
        agency=agency_tree["city"], start_url="http://x.test/", status=RunStatus.RUNNING, checked=5, found=20
    )
    url = reverse("staff:siteimport_progress", args=[run.pk])
    crawling = client.get(url)
    assert (
        "已访问 <strong>5</strong> 个网址" in crawling.content.decode()
        and 'value="12"' in crawling.content.decode()
    )
    ImportRun.objects.filter(pk=run.pk).update(checked=20, to_import=10, imported=4)
    importing = client.get(url).content.decode()
    assert "已处理 <strong>4</strong> 条，共 10 条" in importing and 'value="70"' in importing
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
    assert client.get(url)["HX-Refresh"] == "true"  # the page turns into the result
