"""Isolation inside the agency tree (issue 12 item 7). The per-app isolation tests probe with an
unrelated agency only, so a guard that let ordinary staff read their whole subtree passed them all.
Here every role, at the parent, the child and a sibling of the agency holding the records, tries
every staff URL that takes an id (a completeness check keeps the list whole): refused (see REFUSED),
nothing listed, nothing changed. A supervisor reads its subtree
(parent → child) and changes nothing; nothing upward or sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.testing import factories, files

pytestmark = pytest.mark.django_db

# Staff URLs with an id that are not one agency's records: published reports read in (every member of
# staff may read them), the roll-up file of one's own subtree, the national holiday calendar.
# A login lock-out (the security administrator's unlock, scoped and tested in gongkai/security).
NOT_AGENCY_RECORDS = {"collected_report", "reports_rollup_sum", "calendar_edit", "unlock"}
LISTS = [
    "documents",
    "applications",
    "appeals",
    "reports",
    "sitecheck",
    "siteimport",
    "interaction",
    "interaction_boxes",
    "interaction_proposals",
    "dashboard",
]
MESSAGE = {
    "name": "李四",
    "phone": "13912345678",
    "email": "",
    "kind": "consult",
    "title": "低保申请条件咨询",
    "content": "请问低保申请需要哪些材料？",
    "public_ok": True,
}


def staff_url_names_with_ids() -> set[str]:
    names: set[str] = set()

    def walk(patterns, route: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route + str(p.pattern), p.namespace or namespace)
            elif namespace == "staff" and "<" in route + str(p.pattern):
                names.add(p.name)

    walk(get_resolver().url_patterns, "", "")
    return names


def make_records(agency: Agency, make_staff) -> dict:
    """One record of every kind in ``agency``, made as its own staff would."""
    from gongkai.appeals import services as appeals
    from gongkai.applications.services import refresh
    from gongkai.disclosure import services as disclosure
    from gongkai.interaction import proposals
    from gongkai.interaction import services as interaction
    from gongkai.interaction.models import Box
    from gongkai.interaction.proposal_models import Body, Session
    from gongkai.reports import services as reports
    from gongkai.sitecheck.models import InspectedSite, InspectionRun

    own = make_staff(
        agency, "editor", "handler", "office_head", "agency_admin", username=f"{agency.slug}-own"
    )
    doc = factories.draft_document(own, agency, title="目标机关内部草稿")
    attachment = disclosure.add_attachment(own, doc, "图.png", files.png())
    received = dt.date(2025, 3, 3)
    app = factories.recorded_application(agency, "natural_person", received)
    refresh(app)  # the cached status as the case page keeps it
    from gongkai.applications.models import Notice

    notice = Notice.objects.create(
        application=app,
        kind="supplement_requested",
        title="政府信息公开申请补正告知书",
        body="政府信息公开申请补正告知书\n申请人：\n请补正。\n特此告知。\n目标机关\n2025年3月3日",
        sent_on=received,
    )
    appeal = appeals.create_case(
        own,
        app,
        {
            "number": "随府复〔2025〕7号",
            "body": "随州市人民政府",
            "kind": "reconsideration",
            "filed_on": dt.date(2025, 4, 1),
        },
    )
    report = reports.create_report(own, agency, 2025)
    site = InspectedSite.objects.create(agency=agency, name="目标机关网站", start_url="http://127.0.0.1:9/")
    run = InspectionRun.objects.create(
        site=site, started_at=timezone.now(), finished_at=timezone.now(), pages=1
    )
    box = Box.objects.create(agency=agency, name="目标机关信箱", kinds=["consult"])
    message, _code = interaction.submit(box, dict(MESSAGE), [("证明.pdf", files.pdf())])
    session = Session.objects.create(name="市七届人大四次会议", body=Body.NPC, year=2025)
    proposal = proposals.register(
        own,
        session=session,
        number="0012",
        title="关于发展社区养老的建议",
        authors="王某某",
        lead=agency,
        received_on=dt.date(2025, 3, 10),
        assigned_on=dt.date(2025, 3, 20),
    )
    from gongkai.siteimport.models import ImportRun
    from gongkai.siteimport.models import RunStatus as ImportStatus

    import_run = ImportRun.objects.create(
        agency=agency, start_url="http://127.0.0.1:9/", status=ImportStatus.DONE
    )
    import_dry = ImportRun.objects.create(
        agency=agency, start_url="http://127.0.0.1:9/", status=ImportStatus.DONE, dry_run=True
    )
    import_stopped = ImportRun.objects.create(
        agency=agency, start_url="http://127.0.0.1:9/", status=ImportStatus.INTERRUPTED
    )
    from gongkai.api.tokens import create_token
    from gongkai.delivery import services as delivery

    reply_file = delivery.attach(own, app, "救助名单.pdf", files.pdf(), "")
    token, _plain = create_token(own, "公文交换系统", ["editor"], 30)
    return {
        "reply_file": reply_file,
        "api_token": token,
        "import_run": import_run,
        "import_dry": import_dry,
        "import_stopped": import_stopped,
        "proposal": proposal,
        "doc": doc,
        "attachment": attachment,
        "app": app,
        "notice": notice,
        "appeal": appeal,
        "report": report,
        "site": site,
        "run": run,
        "box": box,
        "message": message,
        "message_file": message.attachments.first(),
    }


def probes(r: dict) -> dict[str, list[str]]:
    """Every staff URL with an id, for the records ``r``; every action of every action URL."""
    from gongkai.applications.staff_views import ACTIONS as APPLICATION_ACTIONS
    from gongkai.disclosure.workflow import TRANSITIONS
    from gongkai.interaction.staff_views import ACTIONS as MESSAGE_ACTIONS

    doc, app, report, msg = r["doc"].pk, r["app"].pk, r["report"].pk, r["message"].pk
    rf = r["reply_file"].pk
    return {
        "document": [reverse("staff:document", args=[doc])],
        "document_edit": [reverse("staff:document_edit", args=[doc])],
        "document_attach": [reverse("staff:document_attach", args=[doc])],
        "document_validity": [reverse("staff:document_validity", args=[doc])],
        "document_attachment": [reverse("staff:document_attachment", args=[doc, r["attachment"].pk])],
        "document_attachment_view": [
            reverse("staff:document_attachment_view", args=[doc, r["attachment"].pk])
        ],
        "document_transition": [reverse("staff:document_transition", args=[doc, a]) for a in TRANSITIONS],
        "application": [reverse("staff:application", args=[app])],
        "application_letter": [
            reverse("staff:application_letter", args=[app, s]) for s in ("draft", "edit", "sign", "send")
        ],
        "application_letter_file": [
            reverse("staff:application_letter_file", args=[app, k]) for k in ("docx", "pdf")
        ],
        "application_notice_file": [
            reverse("staff:application_notice_file", args=[app, r["notice"].pk, k]) for k in ("docx", "pdf")
        ],
        "application_published": [reverse("staff:application_published", args=[app])],
        "application_slip": [reverse("staff:application_slip", args=[app])],
        "application_slip_pdf": [reverse("staff:application_slip_pdf", args=[app])],
        "application_slip_done": [reverse("staff:application_slip_done", args=[app])],
        "application_act": [reverse("staff:application_act", args=[app, a]) for a in APPLICATION_ACTIONS],
        "appeal": [reverse("staff:appeal", args=[r["appeal"].pk])],
        "appeal_create": [reverse("staff:appeal_create", args=[app])],
        "report": [reverse("staff:report", args=[report])],
        "report_file": [reverse("staff:report_file", args=[report, f]) for f in ("html", "docx", "xlsx")],
        "report_act": [
            reverse("staff:report_act", args=[report, a])
            for a in ("figures", "carried_over", "prose", "rebuild", "finalise", "publish", "reopen")
        ],
        "sitecheck_site": [reverse("staff:sitecheck_site", args=[r["site"].pk])],
        "sitecheck_run_now": [reverse("staff:sitecheck_run_now", args=[r["site"].pk])],
        "sitecheck_run": [reverse("staff:sitecheck_run", args=[r["run"].pk])],
        "sitecheck_run_progress": [reverse("staff:sitecheck_run_progress", args=[r["run"].pk])],
        "sitecheck_export": [reverse("staff:sitecheck_export", args=[r["run"].pk, "xlsx"])],
        "siteimport_run": [reverse("staff:siteimport_run", args=[r["import_run"].pk])],
        "siteimport_progress": [reverse("staff:siteimport_progress", args=[r["import_run"].pk])],
        "siteimport_import": [reverse("staff:siteimport_import", args=[r["import_dry"].pk])],
        "siteimport_undo": [reverse("staff:siteimport_undo", args=[r["import_run"].pk])],
        "siteimport_restart": [reverse("staff:siteimport_restart", args=[r["import_stopped"].pk])],
        "interaction_box_edit": [reverse("staff:interaction_box_edit", args=[r["box"].pk])],
        "interaction_case": [reverse("staff:interaction_case", args=[msg])],
        "interaction_attachment": [reverse("staff:interaction_attachment", args=[msg, r["message_file"].pk])],
        "interaction_act": [reverse("staff:interaction_act", args=[msg, a]) for a in MESSAGE_ACTIONS],
        "interaction_proposal": [reverse("staff:interaction_proposal", args=[r["proposal"].pk])],
        "delivery_attach": [reverse("staff:delivery_attach", args=[app])],
        "delivery_file": [reverse("staff:delivery_file", args=[app, rf])],
        "delivery_page": [reverse("staff:delivery_page", args=[app, rf, 1])],
        "delivery_redact": [reverse("staff:delivery_redact", args=[app, rf])],
        "delivery_redact_action": [
            reverse("staff:delivery_redact_action", args=[app, rf, a])
            for a in ("search", "box", "unmark", "clear", "apply")
        ],
        "delivery_file_action": [
            reverse("staff:delivery_file_action", args=[app, rf, a])
            for a in ("release", "keep", "remove", "convert")
        ],
        "delivery_service": [reverse("staff:delivery_service", args=[app])],
        "delivery_service_slip": [reverse("staff:delivery_service_slip", args=[app])],
        "api_token_revoke": [reverse("staff:api_token_revoke", args=[r["api_token"].pk])],
        "interaction_proposal_act": [
            reverse("staff:interaction_proposal_act", args=[r["proposal"].pk, a])
            for a in ("return", "extend", "draft", "sign", "send", "feedback", "publish", "reassign")
        ],
    }


# 404 (the record is not there for them); 405 where the URL takes only the other method; 403 where a
# role check refuses before any record is looked up (the same answer for every id, so it reveals nothing).
REFUSED = (403, 404, 405)
# What a supervisor of the parent reads of its child's records.
SUPERVISOR_READS = [
    "document",
    "application",
    "appeal",
    "report",
    "sitecheck_site",
    "sitecheck_run",
    "interaction_case",
    "interaction_proposal",
]


def snapshot(r: dict) -> tuple:
    from gongkai.audit.models import AuditEntry
    from gongkai.delivery.models import ReplyFile
    from gongkai.disclosure.models import Attachment
    from gongkai.sitecheck.models import InspectionRun
    from gongkai.siteimport.models import ImportRun

    fresh = {k: type(v).objects.get(pk=v.pk) for k, v in r.items() if k not in ("message_file",)}
    # Security events (logins, the refusals themselves, a supervisor's download of a letter as an
    # export of personal data) are audited too; they change no record.
    from gongkai.security.events import PERSONAL_DATA_EXPORTED

    audited = AuditEntry.objects.exclude(object_type="security.event").exclude(action=PERSONAL_DATA_EXPORTED)
    return (
        audited.count(),
        Attachment.objects.count(),
        InspectionRun.objects.count(),
        fresh["doc"].state,
        fresh["app"].status,
        fresh["app"].received_on,
        fresh["app"].handler_id,
        fresh["appeal"].result,
        fresh["report"].state,
        fresh["message"].state,
        fresh["box"].name,
        fresh["proposal"].state,
        fresh["proposal"].lead_id,
        fresh["import_run"].status,
        ImportRun.objects.count(),
        (fresh["reply_file"].release, fresh["reply_file"].marks, fresh["reply_file"].released_at),
        ReplyFile.objects.count(),
        (fresh["api_token"].revoked_at, fresh["api_token"].roles),
    )


@pytest.fixture
def tree(agency_tree):
    sibling = Agency.objects.create(
        name="随州市广水市民政局",
        short_name="广水民政局",
        code="011330102",
        slug="gsmzj",
        parent=agency_tree["city"],
    )
    return agency_tree | {"sibling": sibling}


RELATIONS = {  # relation → (where the records are, where the member of staff works)
    "parent→child": ("district", "city"),
    "child→parent": ("city", "district"),
    "sibling": ("district", "sibling"),
}


def test_the_probe_list_covers_every_staff_url_with_an_id(tree, make_staff):
    r = make_records(tree["district"], make_staff)
    assert set(probes(r)) == staff_url_names_with_ids() - NOT_AGENCY_RECORDS


@pytest.mark.parametrize("relation", list(RELATIONS))
def test_every_role_up_down_and_sideways_gets_404_and_changes_nothing(client, tree, make_staff, relation):
    held_by, works_at = (tree[k] for k in RELATIONS[relation])
    r = make_records(held_by, make_staff)
    urls = probes(r)
    details = [u for name in urls for u in urls[name]]
    before = snapshot(r)
    for role in Role.values:
        client.force_login(make_staff(works_at, role, username=f"{works_at.slug}-{role}"))
        reads = role == Role.SUPERVISOR and relation == "parent→child"
        for name, group in urls.items():
            for url in group:
                got = client.get(url).status_code
                if reads and name in SUPERVISOR_READS:
                    assert got == 200, (role, url, got)
                elif not reads:
                    assert got in REFUSED, (relation, role, url, got)
                posted = client.post(
                    url,
                    {
                        "reason": "x",
                        "note": "x",
                        "on": "2025-04-01",
                        "received_on": "2025-03-03",
                        "result": "upheld",
                        "closed_on": "2025-05-05",
                        "name": "改名",
                    },
                ).status_code
                if reads:
                    assert posted < 500, (role, url, posted)
                else:
                    assert posted in REFUSED, (relation, role, url, posted)
        if not reads:
            for name in LISTS:
                page = client.get(reverse(f"staff:{name}")).content.decode()
                leaked = [u for u in details if f'"{u}"' in page]
                assert not leaked, (relation, role, name, leaked)
        assert snapshot(r) == before, (relation, role)
