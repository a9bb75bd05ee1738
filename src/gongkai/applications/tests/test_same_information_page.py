"""Art. 44 (issue 17 item 5): the staff page of applications by several applicants for the same
information, and the prompt on a case of such a group to publish the information proactively."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications import letters, services
from gongkai.applications.models import Application
from gongkai.disclosure.models import Document

pytestmark = pytest.mark.django_db
D = dt.date
PAGE = "staff:applications_same_information"
IDS = ["11010519491231002X", "110105194912310038", "110105194912310046", "110105194912310054"]


@pytest.fixture
def asked(agency_tree, case_staff, form_data, on, make_staff):
    """Three applicants ask 随州市民政局 for the 2024 低保 figures in other words; one asks for something else."""
    city, h = agency_tree["city"], case_staff["handler"]
    texts = [
        ("2024年度城乡最低生活保障资金发放情况", ""),
        ("请公开贵局2024年度城乡最低生活保障资金的发放情况", ""),
        ("", "随州市2024年度城乡最低生活保障资金发放情况"),  # the name given instead
        ("2024年部门预算", ""),
    ]
    apps = []
    for i, (description, title) in enumerate(texts):
        on(D(2025, 3, 3) + dt.timedelta(days=i))
        data = form_data | {
            "description": description or "见信息名称",
            "document_title": title,
            "id_number": IDS[i],
        }
        app, _ = services.submit(city, data)
        services.confirm_receipt(h, app, D(2025, 3, 3) + dt.timedelta(days=i), "电话确认")
        apps.append(app)
    on(D(2025, 3, 10))
    return apps


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_page_lists_the_group_and_not_the_other_request(asked, case_staff):
    page = client_for(case_staff["handler"]).get(reverse(PAGE)).content.decode()
    assert "3 件申请，3 位申请人，2025-03-03 至 2025-03-05" in page
    for app in asked[:3]:
        assert f">{app.number}</a>" in page
    assert f">{asked[3].number}</a>" not in page
    assert "尚无予以公开的答复" in page  # nothing answered yet: no button


def test_the_queue_links_the_page(asked, case_staff):
    page = client_for(case_staff["handler"]).get(reverse("staff:applications")).content.decode()
    assert f'id="same-information-link" href="{reverse(PAGE)}"' in page


def test_another_agency_sees_none_of_it(asked, case_staff):
    page = client_for(case_staff["outsider"]).get(reverse(PAGE)).content.decode()
    assert 'id="no-groups"' in page and asked[0].number not in page


def test_two_requests_are_not_a_group(asked, case_staff):
    Application.objects.filter(pk=asked[2].pk).delete()
    page = client_for(case_staff["handler"]).get(reverse(PAGE)).content.decode()
    assert 'id="no-groups"' in page


def test_outside_twelve_months_is_not_counted(asked, case_staff, on):
    on(D(2026, 3, 4))  # 2025-03-03 is now more than 12 months ago
    page = client_for(case_staff["handler"]).get(reverse(PAGE)).content.decode()
    assert 'id="no-groups"' in page


def test_a_disclosable_case_of_the_group_prompts_to_publish_proactively(asked, case_staff, make_staff):
    h = case_staff["handler"]
    case_url = reverse("staff:application", args=[asked[1].pk])
    before = client_for(h).get(case_url).content.decode()
    assert 'id="art44-prompt"' in before and 'id="art44-create"' not in before  # no disclosable reply yet
    letters.draft_reply(h, asked[0], "granted", provided=["低保资金发放表"])
    editor = make_staff(asked[0].agency, "handler", "editor", username="handler-editor")
    page = client_for(editor).get(case_url).content.decode()
    assert "3 位申请人就“2024年度城乡最低生活保障资金发放情况”向本机关提出 3 件申请" in page
    link = re.search(r'id="art44-create" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert parse_qs(urlparse(link).query)["title"] == ["2024年度城乡最低生活保障资金发放情况"]
    # The button leads to a new draft document, its name filled in; nothing is created by following it.
    form = client_for(editor).get(link).content.decode()
    assert 'value="2024年度城乡最低生活保障资金发放情况"' in form
    assert not Document.objects.exists()
    # A handler who is not an editor is told who creates it, and gets no button.
    plain = client_for(h).get(case_url).content.decode()
    assert 'id="art44-create"' not in plain and "新建信息须由本机关编辑办理" in plain


def test_a_case_outside_any_group_has_no_prompt(asked, case_staff):
    page = (
        client_for(case_staff["handler"])
        .get(reverse("staff:application", args=[asked[3].pk]))
        .content.decode()
    )
    assert 'id="art44-prompt"' not in page


def test_a_withheld_group_gets_no_button(asked, case_staff, make_staff):
    letters.draft_reply(case_staff["handler"], asked[0], "withheld.internal_affairs")
    editor = make_staff(asked[0].agency, "editor", username="ed2")
    page = client_for(editor).get(reverse(PAGE)).content.decode()
    assert "纳入主动公开：新建信息草稿" not in page


def test_a_reply_pointing_to_published_documents_is_no_reason_to_publish(
    asked, case_staff, workflow, settings
):
    settings.GONGKAI_PUBLIC_URL = "https://gk.example.gov.cn"
    doc = workflow.publish(asked[0].agency, title="2024年度城乡最低生活保障资金发放情况")
    letters.draft_reply(
        case_staff["handler"], asked[0], "granted", published_ids=[doc.pk], base="https://gk.example.gov.cn"
    )
    page = client_for(case_staff["handler"]).get(reverse(PAGE)).content.decode()
    letters.draft_reply(case_staff["handler"], asked[1], "granted", provided=["低保资金发放表"])
    page = client_for(case_staff["handler"]).get(reverse(PAGE)).content.decode()
    assert "已有答复告知申请人该信息已主动公开" in page and "已有予以公开或部分公开的答复" not in page
    case = client_for(case_staff["handler"]).get(reverse("staff:application", args=[asked[1].pk]))
    assert 'id="art44-prompt"' not in case.content.decode()
