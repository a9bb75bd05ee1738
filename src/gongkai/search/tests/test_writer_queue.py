"""The embedded index's writer queue (a single machine without a worker): what is published is
found, what is withdrawn is gone, and a burst of publications is written in one index commit."""

import pytest
from django.db import transaction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def threaded(settings, tmp_path):
    settings.GONGKAI_BACKGROUND = "thread"
    settings.GONGKAI_SEARCH_BACKEND = "embedded"  # the queue is the embedded engine's (on either database)
    settings.GONGKAI_SEARCH_DIR = tmp_path / "search"
    from gongkai.search.services import index_dir
    from gongkai.search.writer import queue_for

    return queue_for(index_dir())


def found(query):
    from gongkai.search.services import search

    return [hit.id for hit in search(query, page_size=50).hits]


def test_published_is_found_and_withdrawn_is_gone(agency_tree, workflow, threaded):
    from gongkai.disclosure import services

    city = agency_tree["city"]
    doc = workflow.publish(city, title="关于发放高龄津贴的通知", body="<p>高龄津贴按月发放。</p>")
    assert threaded.flush(10)
    assert found("高龄津贴") == [doc.pk]
    _editor, reviewer = workflow.staff_for(city)
    services.transition(reviewer, doc, "withdraw", reason="内容有误")
    assert found("高龄津贴") == []  # at once: hits are checked against the search table
    assert threaded.flush(10)
    from gongkai.search.services import get_backend

    assert get_backend().count() == 0  # and the index itself no longer holds it


def test_a_burst_of_publications_is_one_index_commit(agency_tree, workflow, threaded):
    city = agency_tree["city"]
    before = threaded.commits
    with transaction.atomic():  # one transaction: its 12 after-commit hooks arrive together
        docs = [
            workflow.publish(city, title=f"养老服务补贴通知第{n}号", body="<p>养老服务补贴。</p>")
            for n in range(12)
        ]
    assert threaded.flush(10)
    assert sorted(found("养老服务补贴")) == sorted(d.pk for d in docs)
    assert threaded.commits - before == 1
