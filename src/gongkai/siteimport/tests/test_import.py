"""gongkai import-site on a generated old site (tests/site.py): every field of every imported
document, the failures with their reasons, idempotency, undo, the mapping step and the command line."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.disclosure.models import Document, State
from gongkai.siteimport import services
from gongkai.siteimport.models import ImportRun, ImportSettings, Outcome, RunStatus

from . import site as generated

BJ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _docs():
    return {d.source_url.split("/", 3)[3]: d for d in Document.objects.all()}


def _reasons(run):
    return {i.url.split("/", 3)[3]: i.reason for i in run.items.filter(outcome=Outcome.FAILED)}


def test_every_field_of_every_imported_document(agency_tree, old_site, run_import):
    site, other = old_site
    city = agency_tree["city"]
    run = run_import(city, site.base + "/")
    docs = _docs()
    assert sorted(docs) == ["tzgg/t1.html", "tzgg/t4.html", "xxgk/t3.html", "zcjd/t2.html"]
    assert (run.created, run.updated, run.failed) == (4, 0, 3)
    for d in docs.values():
        assert d.agency == city and d.state == State.IMPORTED and d.disclosure_mode == "proactive"
        assert d.import_key and d.publisher == "随州市民政局"

    meta = docs["tzgg/t1.html"]  # layout 1: meta tags
    assert meta.title == "关于调整城乡最低生活保障标准的通知"
    assert meta.published_at == dt.datetime(2025, 3, 5, 10, 30, tzinfo=BJ)
    assert meta.keywords == "低保;标准" and meta.doc_number == "" and meta.written_on is None
    assert meta.category.name == "综合政务" and meta.genre.name == "通知"  # column 通知公告, default mapping
    assert meta.index_number == "011330001/2025-00001"  # none on the page: the agency's next
    assert meta.validity == "valid" and meta.expires_on is None
    assert "<table>" in meta.body and "曾都区" in meta.body and "主办单位" not in meta.body
    assert f'href="{site.base}/files/2025/biaozhun.pdf"' in meta.body  # links point back at the old site
    assert [(a.name, a.kind) for a in meta.attachments.all()] == [("低保标准表.pdf", "pdf")]
    assert meta.attachments.get().file.read() == generated.pdf_bytes("biaozhun")

    block = docs["zcjd/t2.html"]  # layout 2: text block, 索引号 and 文号 empty
    assert block.title == "《随州市困难群众救助办法》政策解读"
    assert block.published_at == dt.datetime(2018, 3, 9, 0, 0, tzinfo=BJ)
    assert block.written_on == dt.date(2018, 3, 8) and block.expires_on is None
    assert block.doc_number == "" and block.keywords == ""
    assert block.index_number == "011330001/2018-00001"
    assert block.category.name == "民政、扶贫、救灾" and block.genre.name == "政策解读"
    assert "一、出台背景" in block.body and block.attachments.count() == 0

    table = docs["xxgk/t3.html"]  # layout 3: spaced-label table, GBK
    assert table.title == "随州市民政局关于印发临时救助实施细则的通知"
    assert table.index_number == "011330001/2017-00021" and (table.index_year, table.index_serial) == (
        2017,
        21,
    )
    assert table.doc_number == "随民发〔2017〕8号" and table.written_on == dt.date(2017, 6, 19)
    assert table.published_at == dt.datetime(2017, 6, 21, 0, 0, tzinfo=BJ)
    assert table.validity == "expired" and table.expires_on == dt.date(2022, 12, 31)
    assert table.keywords == "临时救助"
    assert (
        table.category.name == "民政、扶贫、救灾" and table.genre.name == "通知"
    )  # 社会救助; title ends 通知
    assert "临时救助实施细则见附件。" in table.body
    assert [a.name for a in table.attachments.all()] == ["临时救助实施细则.pdf"]

    line = docs["tzgg/t4.html"]  # layout 4: 发布日期/来源 line
    assert line.title == "市民政局开展养老机构安全检查"
    assert line.published_at == dt.datetime(2018, 12, 10, 9, 15, tzinfo=BJ)
    assert line.category.name == "综合政务" and line.genre is None  # 工作动态 names no 体裁
    assert line.index_number == "011330001/2018-00002" and "浏览次数" not in line.body

    reasons = _reasons(run)
    assert reasons["tzgg/t5.html"] == "页面无法读取（HTTP 500）"
    assert reasons["tzgg/t6.html"] == "页面上没有发布日期"
    assert "同一条信息" in reasons["tzgg/copy/t1.html"] and "tzgg/t1.html" in reasons["tzgg/copy/t1.html"]
    notes = run.items.get(document=meta).notes
    assert any("申请须知" in n and "PDF" in n for n in notes)  # refused by the upload check
    assert any("旧表格" in n and "404" in n for n in notes)
    assert "/private/secret.html" not in site.hits and other.hits == []  # robots.txt; no other host
    assert any("默认对照" in n for n in run.report["notes"])


def test_a_second_run_creates_nothing_and_updates_a_changed_page(agency_tree, old_site, run_import):
    site, _ = old_site
    city = agency_tree["city"]
    first = run_import(city, site.base + "/")
    before = {u: (d.pk, d.body) for u, d in _docs().items()}
    again = run_import(city, site.base + "/")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert {u: (d.pk, d.body) for u, d in _docs().items()} == before

    site.routes["/tzgg/t4.html"] = generated.page(
        "<h1>市民政局开展养老机构安全检查（更新）</h1><div class='info'>发布日期:2018-12-10 09:15 来源:随州民政</div>"
        f"<div class='content'><p>检查覆盖全部养老机构。{generated.LONG}</p>"
        '<p><a href="/files/jiancha.pdf">检查清单</a></p></div>'
    )
    site.routes["/files/jiancha.pdf"] = (
        200,
        {"Content-Type": "application/pdf"},
        generated.pdf_bytes("jiancha"),
    )
    third = run_import(city, site.base + "/")
    assert (third.created, third.updated, third.unchanged) == (0, 1, 3)
    changed = _docs()["tzgg/t4.html"]
    assert changed.pk == before["tzgg/t4.html"][0] and changed.title == "市民政局开展养老机构安全检查（更新）"
    assert "检查覆盖全部养老机构" in changed.body
    assert [a.name for a in changed.attachments.all()] == ["检查清单.pdf"]
    assert Document.objects.count() == 4 and first.pk < third.pk

    with pytest.raises(Exception, match="后来的导入批次"):
        services.undo(first.pk)  # the third run changed one of its documents: undo that first
    services.undo(third.pk)
    restored = Document.objects.get(pk=changed.pk)
    assert restored.title == "市民政局开展养老机构安全检查" and restored.body == before["tzgg/t4.html"][1]
    assert restored.attachments.count() == 0  # the attachment the update added is gone too
    services.undo(first.pk)
    assert Document.objects.count() == 0 and ImportRun.objects.get(pk=first.pk).status == RunStatus.UNDONE


def test_undo_removes_exactly_what_the_run_created_and_is_audited(
    agency_tree, old_site, run_import, workflow
):
    from gongkai.audit.models import AuditEntry

    site, _ = old_site
    city = agency_tree["city"]
    mine = workflow.publish(city, title="本平台上起草的信息")
    run = run_import(city, site.base + "/")
    created = list(run.items.filter(outcome=Outcome.CREATED).values_list("document_id", flat=True))
    assert len(created) == 4
    services.undo(run.pk, actor_label="命令行")
    assert list(Document.objects.all()) == [mine]
    assert AuditEntry.objects.filter(action="undo_import").count() == 4
    assert AuditEntry.objects.filter(action="undo_import_run", object_id=str(run.pk)).exists()
    with pytest.raises(Exception, match="已于此前撤销"):
        services.undo(run.pk)


def test_light_review_switched_off_publishes_directly_and_search_finds_it(agency_tree, old_site, run_import):
    from gongkai.search.services import search

    site, _ = old_site
    city = agency_tree["city"]
    ImportSettings.objects.create(agency=city, published_on_old_site=True)
    run_import(city, site.base + "/")
    table = _docs()["xxgk/t3.html"]
    assert table.state == State.PUBLISHED and table.is_public
    assert table.pk in [h.id for h in search("临时救助实施细则").hits]


def test_review_on_keeps_documents_off_the_portal_until_confirmed(
    agency_tree, old_site, run_import, make_staff, django_capture_on_commit_callbacks
):
    from gongkai.disclosure.services import transition
    from gongkai.disclosure.workflow import available
    from gongkai.search.services import search

    site, _ = old_site
    city = agency_tree["city"]
    run_import(city, site.base + "/")
    doc = _docs()["xxgk/t3.html"]
    assert doc.state == State.IMPORTED and not Document.objects.public().filter(pk=doc.pk).exists()
    assert doc.pk not in [h.id for h in search("临时救助实施细则").hits]
    editor = make_staff(city, "editor")
    assert [t.action for t in available(doc, editor)] == ["confirm_import"]
    with django_capture_on_commit_callbacks(execute=True):
        doc = transition(editor, doc, "confirm_import")
    assert doc.state == State.PUBLISHED and doc.published_at == dt.datetime(2017, 6, 21, tzinfo=BJ)
    assert doc.index_number == "011330001/2017-00021"  # the old site's date and number stay
    assert doc.pk in [h.id for h in search("临时救助实施细则").hits]


def test_dry_run_lists_columns_and_a_confirmed_mapping_is_used(agency_tree, old_site, tmp_path, capsys):
    site, _ = old_site
    mapping = tmp_path / "map.json"
    call_command(
        "import-site", site.base + "/", "--agency", "011330001", "--dry-run", "--mapping", str(mapping)
    )
    out = capsys.readouterr().out
    # Six document pages, of which the copy and the page without a date would fail.
    assert "找到可导入的信息 4 条，无法导入 3 个" in out and "通知公告（2 条）→ 综合政务 / 通知" in out
    assert "t5.html：页面无法读取（HTTP 500）" in out and "t6.html：页面上没有发布日期" in out
    assert "copy/t1.html：与 " in out
    assert Document.objects.count() == 0
    data = json.loads(mapping.read_text(encoding="utf-8"))
    assert data["confirmed"] is False and data["columns"]["工作动态"]["主题分类"] == "综合政务"

    with pytest.raises(CommandError, match="尚未确认"):
        call_command("import-site", site.base + "/", "--agency", "011330001", "--mapping", str(mapping))
    data["confirmed"] = True
    data["columns"]["工作动态"] = {"主题分类": "民政、扶贫、救灾", "体裁": "其他"}
    data["columns"]["政策解读"]["体裁"] = "不存在的体裁"
    mapping.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="体裁“不存在的体裁”不在本平台的体裁表中"):
        call_command("import-site", site.base + "/", "--agency", "011330001", "--mapping", str(mapping))
    data["columns"]["政策解读"]["体裁"] = "政策解读"
    mapping.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "report.json"
    call_command(
        "import-site",
        site.base + "/",
        "--agency",
        "011330001",
        "--mapping",
        str(mapping),
        "--json",
        str(report),
    )
    line = _docs()["tzgg/t4.html"]
    assert line.category.name == "民政、扶贫、救灾" and line.genre.name == "其他"
    saved = json.loads(report.read_text(encoding="utf-8"))
    assert saved["mapping_confirmed"] is True and saved["created"] == 4
    assert not any("默认对照" in n for n in saved["notes"])


def test_since_imports_only_later_documents(agency_tree, old_site, run_import):
    site, _ = old_site
    run_import(agency_tree["city"], site.base + "/", since=dt.date(2019, 1, 1))
    assert sorted(_docs()) == ["tzgg/t1.html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://x", "--agency", "011330001"], "应以 http:// 或 https:// 开头"),
        (["http://127.0.0.1:9/", "--agency", "999"], "找不到代码为“999”的机关"),
        (["http://127.0.0.1:9/", "--agency", "011330001", "--since", "昨天"], "格式不正确"),
        (["--undo", "4242"], "没有编号为 4242 的导入批次"),
        (["http://127.0.0.1:9/", "--agency", "011330001", "--max-pages", "0"], "--max-pages 应为正整数"),
        (
            ["http://127.0.0.1:9/", "--agency", "011330001"],
            "没有读取到网站 http://127.0.0.1:9/ 的任何页面：页面无法读取（无法连接服务器）",
        ),
        ([], "请给出原网站地址"),
    ],
)
def test_bad_input_is_refused_in_chinese(agency_tree, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import-site", *args)


def test_command_exits_1_with_the_message(agency_tree, capsys):
    from gongkai.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["import-site", "--undo", "4242"])
    assert exit_.value.code == 1 and "没有编号为 4242 的导入批次" in capsys.readouterr().err
