"""Workflow as data for the annual report: every action × state × role of
:data:`gongkai.reports.workflow.STEPS` that the table forbids is refused, and nothing changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.disclosure import services as disclosure
from gongkai.reports import services, workflow
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.publish import send_for_publication

pytestmark = pytest.mark.django_db

CALLS = {
    "figures": lambda u, r: services.enter_figures(u, r, {}),
    "carried_over": lambda u, r: services.enter_carried_over(u, r, None),
    "prose": lambda u, r: services.save_prose(u, r, {"overview": "改动"}),
    "rebuild": lambda u, r: services.rebuild(u, r),
    "finalise": lambda u, r: services.finalise(u, r, "测试"),
    "reopen": lambda u, r: services.reopen(u, r, "测试"),
    "publish": lambda u, r: send_for_publication(u, r),
}


@pytest.fixture
def staff_by_role(agency_tree, make_staff):
    return {role: make_staff(agency_tree["city"], role, username=f"r-{role}") for role in Role.values}


@pytest.fixture
def reports_in_every_state(agency_tree, staff_by_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    city, s = agency_tree["city"], staff_by_role
    head, editor, reviewer = s[Role.OFFICE_HEAD], s[Role.EDITOR], s[Role.REVIEWER]
    out = {}
    for year, state in zip(range(2021, 2027), ReportState.values, strict=True):
        report = services.create_report(head, city, year)
        if state != ReportState.DRAFT:
            services.finalise(head, report, "测试")
        if state == ReportState.SENDING:  # sent; its PDF task queued for a worker, not run yet
            settings.GONGKAI_BACKGROUND = "celery"
            send_for_publication(editor, report)
            settings.GONGKAI_BACKGROUND = "inline"
        if state in (ReportState.IN_REVIEW, ReportState.PUBLISHED, ReportState.WITHDRAWN):
            send_for_publication(editor, report)
        if state in (ReportState.PUBLISHED, ReportState.WITHDRAWN):
            report.refresh_from_db()
            disclosure.transition(reviewer, report.document, "approve")
            disclosure.transition(editor, report.document, "publish")
        if state == ReportState.WITHDRAWN:
            disclosure.transition(reviewer, report.document, "withdraw", reason="有误")
        report.refresh_from_db()
        assert report.state == state
        out[state] = report
    return out


def test_every_forbidden_report_action_is_refused(reports_in_every_state, staff_by_role):
    before = dict(AnnualReport.objects.values_list("pk", "state"))
    wrongly_done, allowed = [], 0
    for action, step in workflow.STEPS.items():
        for state, report in reports_in_every_state.items():
            for role, user in staff_by_role.items():
                if state in step.sources and role in step.roles:
                    allowed += 1
                    continue
                with transaction.atomic():
                    try:
                        CALLS[action](user, report)
                    except (PermissionDenied, ValidationError, Http404):
                        pass
                    else:
                        wrongly_done.append(f"{action} / {state} / {role}")
                    finally:
                        transaction.set_rollback(True)
    assert wrongly_done == []
    assert allowed >= 10
    assert dict(AnnualReport.objects.values_list("pk", "state")) == before


def test_a_final_report_says_an_editor_sends_it_for_publication(
    client, reports_in_every_state, staff_by_role
):
    """Item 14: the office head who finalised sees who can take the next step, not nothing."""
    final = reports_in_every_state[ReportState.FINAL]
    client.force_login(staff_by_role[Role.OFFICE_HEAD])
    page = client.get(reverse("staff:report", args=[final.pk])).content.decode()
    assert "“送审发布”须由编辑（r-editor）办理" in page
    assert f'action="/staff/reports/{final.pk}/publish/"' not in page
    client.force_login(staff_by_role[Role.EDITOR])
    page = client.get(reverse("staff:report", args=[final.pk])).content.decode()
    assert "送审发布" in page and "须由编辑" not in page
