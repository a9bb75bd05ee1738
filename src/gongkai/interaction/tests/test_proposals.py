"""人大代表建议 / 政协委员提案: 3 months (+1 once), 会办 within 1 month, wrong assignment back within 10
days, 复文 signed by another leader, classified, published without contact details, the year's sentence."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from gongkai.disclosure.models import Document
from gongkai.interaction import proposals
from gongkai.interaction.proposal_models import Body, Proposal, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(monkeypatch):
    def move(d):
        monkeypatch.setattr(proposals, "today", lambda: d)
        return d

    return move


@pytest.fixture
def item(agency_tree, make_staff, day):
    day(dt.date(2025, 3, 20))
    session = Session.objects.create(name="市七届人大四次会议", body=Body.NPC, year=2025)
    registrar = make_staff(agency_tree["province"], "agency_admin", username="gov-office")
    return proposals.register(
        registrar,
        session=session,
        number="0012",
        title="关于发展社区养老的建议",
        authors="王某某",
        contact="13907221234",
        lead=agency_tree["city"],
        received_on=dt.date(2025, 3, 10),
        assigned_on=dt.date(2025, 3, 20),
        cohandlers=[agency_tree["other"]],
    )


@pytest.fixture
def people(agency_tree, make_staff):
    city = agency_tree["city"]
    return {
        "handler": make_staff(city, "handler", username="p-handler"),
        "leader": make_staff(city, "leader", "reviewer", username="p-leader"),
        "both": make_staff(city, "handler", "leader", username="p-both"),
        "cohandler": make_staff(agency_tree["other"], "handler", username="p-co"),
        "district": make_staff(agency_tree["district"], "handler", "agency_admin", username="p-district"),
    }


def test_deadlines_three_months_and_cohandler_one_month(item):
    assert item.kind == Proposal.Kind.SUGGESTION and item.due_on == dt.date(2025, 6, 20)
    assert item.units.get().due_on == dt.date(2025, 4, 20)


def test_one_extension_of_one_month(item, people, day):
    day(dt.date(2025, 6, 1))
    with pytest.raises(PermissionDenied):
        proposals.extend(people["handler"], item, "需要协调财政")  # only a leader approves
    item = proposals.extend(people["leader"], item, "需要协调财政资金")
    assert item.due_on == dt.date(2025, 7, 20)
    with pytest.raises(ValidationError, match="只能延期一次"):
        proposals.extend(people["leader"], item, "再延")


def test_wrong_assignment_returned_only_within_ten_days(item, people, day):
    day(dt.date(2025, 4, 1))  # 12 days after assignment
    with pytest.raises(ValidationError, match="10日内"):
        proposals.return_wrong(people["handler"], item, "不属本单位职责")
    day(dt.date(2025, 3, 28))
    item = proposals.return_wrong(people["handler"], item, "不属本单位职责")
    assert item.state == Proposal.State.RETURNED


def test_reply_signed_by_another_leader_classified_sent_feedback_and_published_without_contact(
    item, people, client, day
):
    proposals.cohandler_opinion(people["cohandler"], item.units.get(), "同意主办单位意见")
    day(dt.date(2025, 5, 30))
    with pytest.raises(ValidationError, match="分类"):
        proposals.draft(people["handler"], item, reply="复文内容" * 10, classification="D")
    item = proposals.draft(
        people["both"],
        item,
        reply="王某某代表（电话13907221234）：您的建议收悉，现答复如下：已纳入计划。",
        classification="B",
    )
    with pytest.raises(ValidationError, match="起草人以外"):
        proposals.sign(people["both"], item)
    item = proposals.sign(people["leader"], item)
    item = proposals.send(people["handler"], item)
    assert item.state == Proposal.State.SENT and item.on_time
    item = proposals.record_feedback(people["handler"], item, "满意")
    item = proposals.publish(people["leader"], item)
    doc = Document.objects.get(pk=item.document_id_published)
    assert "13907221234" not in doc.body and "B类" in doc.body and doc.genre.name == "建议提案复文"
    page = client.get(reverse("interaction_portal:proposals", args=[item.lead.slug])).content.decode()
    assert "关于发展社区养老的建议" in page and "13907221234" not in page
    assert (
        proposals.summary_sentence(item.lead, 2025)
        == "交办建议提案1件，已办结1件，按时办结率100%，全部公开。"
    )


def test_isolation_lead_cohandler_and_others(item, people, client):
    client.force_login(people["cohandler"])
    page = client.get(reverse("staff:interaction_proposal", args=[item.pk])).content.decode()
    assert "关于发展社区养老的建议" in page and "13907221234" not in page  # contact only for the lead
    with pytest.raises(Http404):
        proposals.draft(
            people["cohandler"], item, reply="会办单位不能起草主办单位的复文内容。", classification="A"
        )
    client.force_login(people["district"])
    assert client.get(reverse("staff:interaction_proposal", args=[item.pk])).status_code == 404


def test_registration_only_above_or_at_the_lead(agency_tree, make_staff):
    session = Session.objects.create(name="政协市五届四次会议", body=Body.CPPCC, year=2025)
    outsider = make_staff(agency_tree["other"], "agency_admin", username="yy-admin")
    with pytest.raises(PermissionDenied):
        proposals.register(
            outsider,
            session=session,
            number="1",
            title="t",
            authors="a",
            lead=agency_tree["city"],
            received_on=dt.date(2025, 3, 1),
            assigned_on=dt.date(2025, 3, 2),
        )
    assert not Proposal.objects.exists()
