"""效力状态 on the old page is imported as the platform's own value; a value it does not know is a
warning in the run's report and on the document's line, never a silent 有效."""

from __future__ import annotations

import pytest

from gongkai.disclosure.models import Document
from gongkai.siteimport.models import Outcome

from . import site as generated

pytestmark = pytest.mark.django_db


def _table_page(title: str, index: str, validity: str):
    return generated.page(
        f"<table class='xxgk'><tr><td>索 引 号：</td><td>{index}</td><td>分     类：</td><td>社会救助</td></tr>"
        f"<tr><td>名   称：</td><td>{title}</td><td>发布日期：</td><td>2019-04-01</td></tr>"
        f"<tr><td>文   号：</td><td></td><td>效力状态：</td><td>{validity}</td></tr></table>"
        f"<div class='article-content'><p>{generated.LONG}</p></div>"
    )


@pytest.fixture
def validity_site(old_site):
    site, other = old_site
    pages = {
        "/xxgk/v1.html": ("随州市城乡低保审核确认办法", "011330001/2019-00001", "已修订"),
        "/xxgk/v2.html": ("随州市临时救助实施办法", "011330001/2019-00002", "已废止"),
        "/xxgk/v3.html": ("随州市特困人员供养办法", "011330001/2019-00003", "部分失效"),
        "/xxgk/v4.html": ("随州市养老服务补贴办法", "011330001/2019-00004", "尚未生效"),
        "/xxgk/v5.html": ("随州市孤儿基本生活保障办法", "011330001/2019-00005", "部分失效"),
    }
    for path, (title, index, validity) in pages.items():
        site.routes[path] = _table_page(title, index, validity)
    site.routes["/xxgk/index.html"] = generated.listing(
        "信息公开目录", [(p, t) for p, (t, _, _) in pages.items()]
    )
    return site


def _by_title(run):
    return {i.title: i for i in run.items.select_related("document")}


def test_each_known_value_is_kept_and_an_unknown_one_is_a_warning(agency_tree, validity_site, run_import):
    run = run_import(agency_tree["city"], validity_site.base + "/")
    items = _by_title(run)
    amended = items["随州市城乡低保审核确认办法"]
    assert amended.outcome == Outcome.CREATED and amended.document.validity == "amended"
    assert amended.document.amended_by is None
    assert any("已修订" in n and "关联修订后的文件" in n for n in amended.notes)
    assert items["随州市临时救助实施办法"].document.validity == "repealed"
    assert items["随州市临时救助实施办法"].notes == []

    partly = items["随州市特困人员供养办法"]
    assert partly.document.validity == "valid"
    assert any("“部分失效”" in n and "请核对" in n for n in partly.notes)
    assert any("“尚未生效”" in n for n in items["随州市养老服务补贴办法"].notes)
    notes = run.report["notes"]
    assert any(n.startswith("2 条信息在原网站的效力状态为“部分失效”") for n in notes)
    assert any(n.startswith("1 条信息在原网站的效力状态为“尚未生效”") for n in notes)


def test_the_dry_run_already_warns(agency_tree, validity_site, run_import):
    run = run_import(agency_tree["city"], validity_site.base + "/", dry_run=True)
    assert Document.objects.count() == 0
    assert any("部分失效" in n for n in _by_title(run)["随州市特困人员供养办法"].notes)
    assert any("“部分失效”" in n for n in run.report["notes"])


def test_an_amended_document_without_its_link_can_be_updated_and_undone(
    agency_tree, validity_site, run_import
):
    from gongkai.siteimport import services

    first = run_import(agency_tree["city"], validity_site.base + "/")
    again = run_import(agency_tree["city"], validity_site.base + "/")
    assert (again.created, again.updated, again.failed) == (0, 0, 3)  # the unlinked 已修订 compares equal
    validity_site.routes["/xxgk/v1.html"] = _table_page(
        "随州市城乡低保审核确认办法（2019年修订）", "011330001/2019-00001", "已修订"
    )
    third = run_import(agency_tree["city"], validity_site.base + "/")
    assert (third.updated, third.failed) == (1, 3)
    services.undo(third.pk)  # restores the unlinked 已修订 document without refusing it
    doc = Document.objects.get(index_number="011330001/2019-00001")
    assert doc.title == "随州市城乡低保审核确认办法" and doc.validity == "amended"
    services.undo(first.pk)
    assert Document.objects.count() == 0
