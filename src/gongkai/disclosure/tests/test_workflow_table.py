"""Issue 12 item 7: the publication workflow as documented (保密审查 before publication; the table is
written out here, not read from workflow.TRANSITIONS, so that a widened table fails). Every action
from every state it does not start from is refused, in Chinese, through the service and the page,
and nothing changes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.disclosure import services
from gongkai.disclosure.models import Document, State

pytestmark = pytest.mark.django_db

# action → the one state it starts from (docs: draft → submitted → approved → published → withdrawn).
DOCUMENTED = {
    "submit": State.DRAFT,
    "approve": State.SUBMITTED,
    "reject": State.SUBMITTED,
    "publish": State.APPROVED,
    "withdraw": State.PUBLISHED,
    "confirm_import": State.IMPORTED,  # a document moved in from the old site (docs/import.md)
}
PATH = {
    State.DRAFT: [],
    State.SUBMITTED: ["submit"],
    State.APPROVED: ["submit", "approve"],
    State.PUBLISHED: ["submit", "approve", "publish"],
    State.WITHDRAWN: ["submit", "approve", "publish", "withdraw"],
    State.IMPORTED: [],  # entered by a site import, not by an action
}


@pytest.fixture
def staff(agency_tree, make_staff):
    city = agency_tree["city"]
    return {
        "editor": make_staff(city, "editor", "agency_admin", username="wf-ed"),
        "reviewer": make_staff(city, "reviewer", "agency_admin", username="wf-rv"),
    }


def document_in(state, staff, agency, category) -> Document:
    doc = services.create_document(
        staff["editor"],
        agency,
        {
            "title": f"关于{state}的通知",
            "category": category,
            "written_on": dt.date(2025, 3, 3),
            "body": "<p>正文</p>",
        },
    )
    for action in PATH[state]:
        actor = staff["reviewer"] if action in ("approve", "withdraw") else staff["editor"]
        doc = services.transition(actor, doc, action, reason="理由")
    if state == State.IMPORTED:
        Document.objects.filter(pk=doc.pk).update(state=State.IMPORTED)
        doc.refresh_from_db()
    assert doc.state == state
    return doc


def test_the_table_is_the_documented_workflow():
    from gongkai.disclosure.workflow import TRANSITIONS

    assert {a: t.sources for a, t in TRANSITIONS.items()} == {a: (s,) for a, s in DOCUMENTED.items()}


@pytest.mark.parametrize("action", list(DOCUMENTED))
def test_every_action_is_refused_from_every_other_state(action, staff, agency_tree, category):
    for state in State:
        if state == DOCUMENTED[action]:
            continue
        doc = document_in(state, staff, agency_tree["city"], category)
        actor = staff["reviewer"] if action in ("approve", "reject", "withdraw") else staff["editor"]
        with pytest.raises(ValidationError, match=f"当前状态为“{state.label}”，不能"):
            services.transition(actor, doc, action, reason="理由")
        doc.refresh_from_db()
        assert doc.state == state


def test_a_document_awaiting_review_cannot_be_published(client, staff, agency_tree, category):
    """The mutation `publish` from SUBMITTED would put unreviewed text on the portal."""
    doc = document_in(State.SUBMITTED, staff, agency_tree["city"], category)
    client.force_login(staff["editor"])
    page = client.post(
        reverse("staff:document_transition", args=[doc.pk, "publish"]), {"publish_at": ""}, follow=True
    ).content.decode()
    assert "当前状态为“待保密审查”，不能发布" in page
    doc.refresh_from_db()
    assert doc.state == State.SUBMITTED and not doc.index_number and doc.published_at is None
    assert client.get(reverse("portal:document", args=[doc.agency.slug, doc.pk])).status_code == 404
