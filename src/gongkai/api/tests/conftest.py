import datetime as dt

import pytest
from django.utils import timezone

from gongkai.testing import factories


@pytest.fixture
def staff(agency_tree):
    """Who handles 政民互动 in the tree (gongkai.testing.factories.interaction_staff)."""
    return factories.interaction_staff(agency_tree)


@pytest.fixture
def answered(agency_tree, staff):
    """A 政民互动 message answered and approved for publication: (message, 查询码)."""
    from gongkai.interaction import services

    box = factories.mailbox(agency_tree["city"])
    msg, code = services.submit(box, factories.MESSAGE | {"public_ok": True})
    return factories.answered_message(msg, staff), code


@pytest.fixture
def api(client):
    """A client of the API: GETs JSON, no login."""

    class Api:
        def get(self, url, **params):
            return client.get(url, params)

        def json(self, url, status=200, **params):
            r = client.get(url, params)
            assert r.status_code == status, (r.status_code, r.content[:500])
            return r.json()

    return Api()


@pytest.fixture
def catalogue(agency_tree, workflow, make_staff, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.GONGKAI_SEARCH_DIR = tmp_path / "search"  # an index of this test's documents only
    with django_capture_on_commit_callbacks(execute=True):
        return _catalogue(agency_tree, workflow, make_staff)


def _catalogue(agency_tree, workflow, make_staff):
    """Published documents in the tree and one in 岳阳, plus every kind of document that must never
    leave through the API: a draft, one under 保密审查, one approved but not published, a withdrawn
    one, one scheduled for next week, one published as 依申请公开 (not proactive)."""
    from gongkai.disclosure import services
    from gongkai.disclosure.models import Category, Genre

    city, district, other = agency_tree["city"], agency_tree["district"], agency_tree["other"]
    notice = Genre.objects.get_or_create(name="通知")[0]
    policy = workflow.publish(
        city, title="随州市城乡最低生活保障办法", doc_number="随民发〔2024〕3号", genre=notice
    )
    old = workflow.publish(city, title="随州市城乡低保办法（2019年）", doc_number="随民发〔2019〕8号")
    editor, reviewer = workflow.staff_for(city)
    admin = make_staff(city, "agency_admin", username="city-admin")
    services.change_validity(editor, old, "amended", amended_by=policy)
    reading = workflow.publish(
        city,
        title="《随州市城乡最低生活保障办法》政策解读",
        interprets=policy,
        category=Category.objects.get(code="16"),
    )
    district_doc = workflow.publish(
        district, title="曾都区养老服务补贴发放公告", doc_number="曾民发〔2025〕1号"
    )
    other_doc = workflow.publish(other, title="岳阳市殡葬管理通知")
    hidden = {
        "draft": workflow.draft(city, title="草稿：不应出现的通知"),
    }
    in_review = workflow.draft(city, title="审查中：不应出现的通知")
    services.transition(editor, in_review, "submit")
    hidden["submitted"] = in_review
    approved = workflow.draft(city, title="待发布：不应出现的通知")
    services.transition(editor, approved, "submit")
    services.transition(reviewer, approved, "approve")
    hidden["approved"] = approved
    withdrawn = workflow.publish(city, title="已撤回：不应出现的通知")
    services.transition(admin, withdrawn, "withdraw", reason="内容有误")
    hidden["withdrawn"] = withdrawn
    hidden["scheduled"] = workflow.publish(
        city, title="定时：不应出现的通知", publish_at=timezone.now() + dt.timedelta(days=7)
    )
    on_request = workflow.publish(city, title="依申请：不应出现的通知")
    type(on_request).objects.filter(pk=on_request.pk).update(disclosure_mode="on_request")
    hidden["on_request"] = on_request
    return {
        "policy": policy,
        "old": old,
        "reading": reading,
        "district": district_doc,
        "other": other_doc,
        "hidden": hidden,
        "agencies": agency_tree,
    }
