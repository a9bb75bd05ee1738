"""Search in the running project: the index follows publication; the page and the JSON endpoint."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from gongkai.rules.text import to_traditional

pytestmark = [
    pytest.mark.skipif(
        not apps.is_installed("gongkai.search"), reason="gongkai.search is not in INSTALLED_APPS"
    ),
    pytest.mark.urls("gongkai.search.tests.urls"),
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def index_dir(settings, tmp_path):
    """A fresh embedded index per test (PostgreSQL keeps its index in the rolled-back table)."""
    settings.GONGKAI_SEARCH_DIR = tmp_path / "search"
    return settings.GONGKAI_SEARCH_DIR


@pytest.fixture
def publish(workflow, django_capture_on_commit_callbacks):
    def publish(agency, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return workflow.publish(agency, **data)

    return publish


def found(query, **filters):
    from gongkai.search.backends.base import Filters
    from gongkai.search.services import search

    return [hit.id for hit in search(query, Filters(**filters)).hits]


def test_withdrawal_removes_the_document_inside_its_own_transaction(agency_tree, workflow, publish):
    from gongkai.disclosure import services

    city = agency_tree["city"]
    doc = publish(city, title="关于调整城乡低保标准的通知", body="<p>提高最低生活保障标准。</p>")
    assert found("低保") == [doc.pk]
    _editor, reviewer = workflow.staff_for(city)

    inside = []
    with pytest.raises(RuntimeError, match="rolled back"), transaction.atomic():  # noqa: PT012 - the rollback is the test
        services.transition(reviewer, doc, "withdraw", reason="内容有误")
        inside = found("低保")
        raise RuntimeError("rolled back")
    assert inside == []  # already gone for this transaction
    assert found("低保") == [doc.pk]  # the rollback keeps it searchable

    with transaction.atomic():  # the after-commit index update is not run here
        services.transition(reviewer, doc, "withdraw", reason="内容有误")
    assert found("低保") == []


def test_only_published_documents_are_found_and_scheduled_ones_wait(agency_tree, workflow, publish):
    from gongkai.disclosure import services

    city = agency_tree["city"]
    editor, reviewer = workflow.staff_for(city)
    draft = workflow.draft(city, editor, title="医疗救助办法（草稿）")
    services.transition(editor, draft, "submit")
    services.transition(reviewer, draft, "approve")
    later = publish(city, title="医疗救助实施细则", publish_at=timezone.now() + dt.timedelta(days=2))
    now = publish(city, title="临时救助工作规程")
    assert found("救助") == [now.pk]
    assert later.pk not in found("医疗救助")
    from gongkai.search.services import search

    assert search("救助").result.total == 1  # not counted either


def test_document_number_in_any_brackets_and_agency_subtree(agency_tree, publish):
    city, district, other = agency_tree["city"], agency_tree["district"], agency_tree["other"]
    cited = publish(district, title="困难残疾人生活补贴发放情况", body="<p>依据随民发[2025]3号执行。</p>")
    doc = publish(city, title="关于印发困难群众救助工作方案的通知", doc_number="随民发〔2025〕3号")
    publish(other, title="岳阳市困难群众救助公告")
    for typed in (
        "随民发〔2025〕3号",
        "随民发[2025]3号",
        "随民发(2025)3号",
        "随民发【2025】3号",
        "随民发2025 3号",
        "随民发 2025 3",
    ):  # also typed without brackets, with spaces
        assert found(typed)[:2] == [doc.pk, cited.pk], typed
    assert set(found("困难", agency_path=city.path)) == {doc.pk, cited.pk}
    assert found("困难", agency_path=district.path) == [cited.pk]


def test_attachment_text_extracted_after_publication_is_searchable(
    agency_tree, workflow, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import io

    import docx

    from gongkai.core import background
    from gongkai.disclosure import services

    settings.GONGKAI_BACKGROUND = "celery"  # as in production: queued once the upload commits …
    monkeypatch.setattr(background, "enqueue", lambda task, *args: task(*args))  # … and a worker runs it

    city = agency_tree["city"]
    editor, reviewer = workflow.staff_for(city)
    doc = workflow.draft(city, editor, title="关于公布2025年第二季度救助资金的通知")
    buf = io.BytesIO()
    table = docx.Document()
    table.add_paragraph("高龄津贴发放花名册：张某某 300元")
    table.save(buf)
    with django_capture_on_commit_callbacks(execute=False) as extraction:  # queued, not yet run
        services.add_attachment(editor, doc, "花名册.docx", buf.getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(editor, doc, "submit")
        services.transition(reviewer, doc, "approve")
        services.transition(editor, doc, "publish")
    assert found("高龄津贴") == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in extraction:  # the background extraction finishes after publication
            callback()
    assert found("高龄津贴") == [doc.pk]


def test_the_search_page_shows_highlighted_hits_with_their_metadata_line(client, agency_tree, publish):
    city = agency_tree["city"]
    doc = publish(
        city,
        title="关于调整城乡低保标准的通知",
        doc_number="随民发[2025]3号",
        body="<p>全市城乡最低生活保障标准提高到每人每月800元。</p>",
    )
    page = client.get("/search/", {"q": "低保"}).content.decode()
    assert "<mark>低保</mark>" in page and "<mark>最低生活保障</mark>" in page
    assert "随民发〔2025〕3号" in page and doc.index_number in page and city.name in page
    assert f"/{city.slug}/doc/{doc.pk}/" in page
    traditional = client.get("/search/", {"q": to_traditional("城乡低保")}).content.decode()
    assert "已按简体" in traditional and f"/doc/{doc.pk}/" in traditional


def test_the_page_explains_unusable_queries_instead_of_failing(client, agency_tree):
    response = client.get("/search/", {"q": "的了吗"})
    assert response.status_code == 200
    assert "只包含常用虚词或标点" in response.content.decode()
    assert "年份应为四位数字" in client.get("/search/", {"q": "低保", "year": "二〇二五"}).content.decode()


def test_json_endpoint_filters_and_errors(client, agency_tree, publish):
    city = agency_tree["city"]
    doc = publish(city, title="关于调整城乡低保标准的通知", doc_number="随民发〔2025〕3号")
    publish(agency_tree["other"], title="岳阳市低保资金公示")
    data = client.get("/api/search", {"q": "低保", "agency": city.slug}).json()
    assert data["total"] == 1
    hit = data["hits"][0]
    assert hit["id"] == doc.pk and hit["doc_number"] == "随民发〔2025〕3号" and hit["agency"] == city.name
    assert hit["index_number"] == doc.index_number and "<mark>低保</mark>" in hit["title_html"]
    year = timezone.localdate().year
    assert client.get("/api/search", {"q": "低保", "year": year - 1}).json()["total"] == 0
    bad = client.get("/api/search", {"q": "，。"})
    assert bad.status_code == 400 and "虚词或标点" in json.loads(bad.content)["error"]
    assert client.get("/api/search", {"q": "低保", "agency": "nowhere"}).status_code == 400


def test_rebuild_index_restores_the_index_from_published_documents(
    agency_tree, publish, index_dir, django_capture_on_commit_callbacks
):
    import shutil

    from gongkai.search import services
    from gongkai.search.models import SearchEntry

    doc = publish(agency_tree["city"], title="关于调整城乡低保标准的通知")
    SearchEntry.objects.all().delete()  # the search table is lost …
    services._embedded.clear()
    shutil.rmtree(index_dir, ignore_errors=True)  # … and so is the embedded index
    assert found("低保") == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_index")
    assert found("低保") == [doc.pk]


def test_rebuild_index_in_batches_on_worker_processes_shows_progress_and_finds_everything(
    agency_tree, publish, index_dir, django_capture_on_commit_callbacks
):
    import io
    import shutil

    from gongkai.search import services
    from gongkai.search.models import SearchEntry

    titles = [
        "关于调整城乡低保标准的通知",
        "残疾人两项补贴发放情况",
        "公共租赁住房分配公告",
        "特困人员供养标准",
    ]
    docs = [publish(agency_tree["city"], title=t) for t in titles]
    SearchEntry.objects.all().delete()
    services._embedded.clear()
    shutil.rmtree(index_dir, ignore_errors=True)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_index", batch=3, workers=2, stdout=out)  # two batches, two processes
    assert "已重建索引：4 条政府信息" in out.getvalue() and "4/4" in out.getvalue()
    assert found("低保") == [docs[0].pk]
    assert found("两项补贴") == [docs[1].pk]  # a synonym word loaded into the worker's dictionary
    assert found("公租房") == [docs[2].pk]
    assert found("特困") == [docs[3].pk]
    with pytest.raises(CommandError, match="--batch 应为正整数"):
        call_command("rebuild_index", batch=0, stdout=io.StringIO())


def test_rebuild_index_pages_by_date_and_misses_none_published_at_the_same_moment(
    agency_tree, publish, index_dir, django_capture_on_commit_callbacks
):
    """Batches follow the publication date (rows in date order); documents sharing one moment
    across a batch boundary are each indexed once."""
    import io

    from gongkai.disclosure.models import Document
    from gongkai.search.models import SearchEntry

    titles = ["城乡低保标准", "残疾人两项补贴", "公共租赁住房分配", "特困人员供养", "高龄津贴发放"]
    docs = [publish(agency_tree["city"], title=t) for t in titles]
    moment = docs[0].published_at
    Document.objects.filter(pk__in=[d.pk for d in docs]).update(published_at=moment)
    SearchEntry.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_index", batch=2, workers=0, stdout=io.StringIO())
    assert SearchEntry.objects.count() == 5
    assert found("高龄津贴") == [docs[4].pk] and found("低保") == [docs[0].pk]
