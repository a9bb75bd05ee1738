"""Workflow as data for documents, every role too: each action × state × role of
:data:`gongkai.disclosure.workflow.TRANSITIONS` that the table forbids is refused (the documented
states are pinned in test_workflow_table.py), and the document keeps its state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from gongkai.agencies.models import Role
from gongkai.disclosure import services
from gongkai.disclosure.models import Document, State
from gongkai.disclosure.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db


def test_every_forbidden_document_action_is_refused(agency_tree, make_staff, workflow):
    city = agency_tree["city"]
    staff = {role: make_staff(city, role, username=f"d-{role}") for role in Role.values}
    editor, reviewer = staff[Role.EDITOR], staff[Role.REVIEWER]
    docs = {}
    for state in State.values:
        doc = workflow.draft(city, editor, title=f"通知（{state}）")
        path = {
            State.DRAFT: [],
            State.SUBMITTED: ["submit"],
            State.APPROVED: ["submit", "approve"],
            State.PUBLISHED: ["submit", "approve", "publish"],
            State.WITHDRAWN: ["submit", "approve", "publish", "withdraw"],
            State.IMPORTED: [],  # entered by a site import (gongkai.siteimport), not by an action
        }[state]
        for action in path:
            user = reviewer if action in ("approve", "withdraw") else editor
            doc = services.transition(user, doc, action, reason="测试")
        if state == State.IMPORTED:
            Document.objects.filter(pk=doc.pk).update(state=State.IMPORTED)
            doc.refresh_from_db()
        assert doc.state == state
        docs[state] = doc
    before = dict(Document.objects.values_list("pk", "state"))
    wrongly_done = []
    for action, t in TRANSITIONS.items():
        for state, doc in docs.items():
            for role, user in staff.items():
                if state in t.sources and role in t.roles:
                    continue
                with transaction.atomic():
                    try:
                        services.transition(user, doc, action, reason="测试")
                    except (PermissionDenied, ValidationError, Http404):
                        pass
                    else:
                        wrongly_done.append(f"{action} / {state} / {role}")
                    finally:
                        transaction.set_rollback(True)
    assert wrongly_done == []
    assert dict(Document.objects.values_list("pk", "state")) == before
