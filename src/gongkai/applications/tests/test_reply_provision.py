"""Giving the information (issue 17 items 3–4): the form given (Art. 40) and, for information already
published, the catalogue's documents linked in the reply and on the applicant's status page (Art. 36(一))."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import ReplyLetter
from gongkai.audit.models import AuditEntry
from gongkai.testing.opened import pdf_text

from .test_outcomes_end_to_end import act, letter_step, submit

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(case_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.GONGKAI_PUBLIC_URL = "https://gk.example.gov.cn"
    clients = {}
    for role in ("handler", "leader", "outsider"):
        clients[role] = Client()
        clients[role].force_login(case_staff[role])
    return clients


@pytest.fixture
def received(agency_tree, people, form_data, on):
    """An application to 随州市民政局 asking for paper by post, received on 2025-03-03."""
    on(D(2025, 3, 3))
    applicant, app, code = submit(agency_tree["city"], form_data | {"medium": "paper", "delivery": "post"})
    act(people["handler"], app, "receipt", received_on="2025-03-03", how="电话确认")
    on(D(2025, 3, 10))
    return applicant, app


def _letter(app) -> ReplyLetter:
    return ReplyLetter.objects.get(application=app)


# -- Art. 40 ---------------------------------------------------------------------------------


def test_granted_in_the_form_asked_for_says_so_and_records_it(received, people):
    _, app = received
    letter_step(people["handler"], app, "draft", outcome="granted", provided="低保资金发放表")
    row = _letter(app)
    assert "本机关按照您要求的形式，以纸质形式通过邮寄方式向您提供。" in row.body
    assert (row.given_medium, row.given_delivery, row.form_ground) == ("paper", "post", "")
    page = people["handler"].get(reverse("staff:application", args=[app.pk])).content.decode()
    assert re.search(r'id="given-form">提供形式（第四十条）：纸质 · 邮寄\s*（按申请人要求）', page)


def test_another_form_without_a_ground_is_refused_and_nothing_drafted(received, people):
    _, app = received
    page = letter_step(
        people["handler"],
        app,
        "draft",
        outcome="granted",
        provided="表",
        given_medium="electronic",
        given_delivery="email",
    )
    assert "须依照《中华人民共和国政府信息公开条例》第四十条选择理由" in page
    assert not ReplyLetter.objects.filter(application=app).exists()


def test_another_form_on_an_article_40_ground_is_explained_in_the_letter(received, people):
    _, app = received
    letter_step(
        people["handler"],
        app,
        "draft",
        outcome="granted",
        provided="2024年低保档案",
        given_medium="electronic",
        given_delivery="email",
        form_ground="cost",
        form_reason="所申请信息共约1.2万页",
    )
    row = _letter(app)
    assert (
        "您要求以纸质形式通过邮寄方式获取该政府信息。因所申请信息共约1.2万页，按照您要求的形式提供该政府信息，公开成本过高。"
        in row.body
    )
    assert "本机关改为以电子形式通过电子邮件方式向您提供。" in row.body
    assert row.form_differs and row.form_ground == "cost"
    page = people["handler"].get(reverse("staff:application", args=[app.pk])).content.decode()
    assert "与申请要求不同" in page and "按照申请人要求的形式提供公开成本过高，所申请信息共约1.2万页" in page
    draft = AuditEntry.objects.filter(action="draft_reply").latest("pk")
    assert draft.data["form"] == {"medium": "electronic", "delivery": "email", "ground": "cost"}


def test_changing_to_email_needs_the_applicants_email(received, people):
    _, app = received
    type(app).objects.filter(pk=app.pk).update(email="")
    page = letter_step(
        people["handler"],
        app,
        "draft",
        outcome="granted",
        provided="表",
        given_medium="electronic",
        given_delivery="email",
        form_ground="cost",
        form_reason="共约1.2万页",
    )
    assert "申请人未留电子邮箱，不能改为通过电子邮件提供" in page
    assert not ReplyLetter.objects.filter(application=app).exists()


def test_reading_in_place_without_time_and_place_cannot_be_signed(received, people):
    _, app = received
    letter_step(
        people["handler"],
        app,
        "draft",
        outcome="partially_granted",
        provided="原始档案",
        given_delivery="inspect",
        form_ground="carrier_safety",
        form_reason="档案为手写原件，纸张老化",
    )
    row = _letter(app)
    assert "安排您当面查阅、抄录。【请填写：查阅、抄录的时间和地点】" in row.body
    page = letter_step(people["leader"], app, "sign")
    assert "查阅、抄录的时间和地点" in page and _letter(app).state == "draft"


def test_a_withholding_reply_has_no_form_paragraph(received, people):
    _, app = received
    letter_step(people["handler"], app, "draft", outcome="withheld.internal_affairs")
    row = _letter(app)
    assert "第四十条" not in row.body and row.given_medium == ""


# -- Art. 36(一) ------------------------------------------------------------------------------


@pytest.fixture
def published(agency_tree, workflow):
    city = agency_tree["city"]
    mine = workflow.publish(
        city, title="2024年度城乡最低生活保障资金发放情况", doc_number="随民发〔2025〕3号"
    )
    other = workflow.publish(city, title="关于殡葬服务收费标准的通知")
    foreign = workflow.publish(agency_tree["other"], title="2024年度城乡最低生活保障资金发放情况")
    draft = workflow.draft(city, title="2024年度城乡最低生活保障资金发放情况（草稿）")
    return {"mine": mine, "other": other, "foreign": foreign, "draft": draft}


def test_the_chooser_lists_the_agencys_published_documents_most_like_the_request_first(
    received, people, published
):
    _, app = received
    url = reverse("staff:application_published", args=[app.pk])
    page = people["handler"].get(url).content.decode()
    table = page[page.index('id="published-candidates"') :]
    assert table.index("2024年度城乡最低生活保障资金发放情况") < table.index("关于殡葬服务收费标准的通知")
    assert f'value="{published["foreign"].pk}"' not in page  # another agency's
    assert f'value="{published["draft"].pk}"' not in page  # not published
    found = people["handler"].get(url, {"q": "随民发[2025]3号"}).content.decode()  # 文号 typed with []
    assert f'value="{published["mine"].pk}"' in found and f'value="{published["other"].pk}"' not in found
    assert not ReplyLetter.objects.filter(application=app).exists()  # a GET writes nothing


def test_the_reply_links_the_chosen_document_and_the_applicant_sees_the_link(received, people, published):
    applicant, app = received
    doc = published["mine"]
    people["handler"].post(reverse("staff:application_published", args=[app.pk]), {"doc": [doc.pk]})
    row = _letter(app)
    url = f"https://gk.example.gov.cn/{app.agency.slug}/"
    assert row.outcome == "granted"
    assert (
        "根据《条例》第三十六条第（一）项“所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式和途径”的规定"
        in row.body
    )
    link = "https://gk.example.gov.cn" + reverse("portal:document", args=[app.agency.slug, doc.pk])
    assert link.startswith(url)
    assert (
        "《2024年度城乡最低生活保障资金发放情况》（随民发〔2025〕3号" in row.body
        and f"网址：{link}" in row.body
    )
    assert "第四十条" not in row.body  # nothing is provided: no form paragraph
    assert list(row.published_documents.all()) == [doc]
    letter_step(people["leader"], app, "sign")
    letter_step(people["handler"], app, "send", on="2025-03-10")
    status = applicant.get(
        reverse("applications_portal:status", args=[app.agency.slug, app.pk])
    ).content.decode()
    assert re.search(
        rf'id="published-links"><li><a href="{re.escape(reverse("portal:document", args=[app.agency.slug, doc.pk]))}">'
        r"2024年度城乡最低生活保障资金发放情况</a>",
        status,
    )
    pdf = b"".join(
        applicant.get(
            reverse("applications_portal:letter", args=[app.agency.slug, app.pk, "pdf"])
        ).streaming_content
    )
    assert link in pdf_text(pdf).replace("\n", "")


@pytest.mark.parametrize("which", ["foreign", "draft"])
def test_a_document_not_published_by_the_agency_is_refused(received, people, published, which):
    _, app = received
    page = (
        people["handler"]
        .post(
            reverse("staff:application_published", args=[app.pk]), {"doc": [published[which].pk]}, follow=True
        )
        .content.decode()
    )
    assert "所选信息不是本机关已主动公开的信息" in page
    assert not ReplyLetter.objects.filter(application=app).exists()


def test_choosing_nothing_is_refused(received, people, published):
    _, app = received
    page = people["handler"].post(reverse("staff:application_published", args=[app.pk]), {}, follow=True)
    assert "请从本机关已主动公开的信息中选择至少一篇" in page.content.decode()


def test_another_agencys_staff_cannot_open_or_post_the_chooser(received, people, published):
    _, app = received
    url = reverse("staff:application_published", args=[app.pk])
    assert people["outsider"].get(url).status_code == 404
    assert people["outsider"].post(url, {"doc": [published["mine"].pk]}).status_code == 404
    assert not ReplyLetter.objects.filter(application=app).exists()


def test_a_leader_cannot_draft_through_the_chooser(received, people, published):
    _, app = received
    url = reverse("staff:application_published", args=[app.pk])
    assert people["leader"].post(url, {"doc": [published["mine"].pk]}).status_code == 403


def test_a_withdrawn_document_leaves_the_applicants_page(received, people, published, workflow):
    from gongkai.disclosure import services as disclosure

    applicant, app = received
    doc = published["mine"]
    people["handler"].post(reverse("staff:application_published", args=[app.pk]), {"doc": [doc.pk]})
    letter_step(people["leader"], app, "sign")
    letter_step(people["handler"], app, "send", on="2025-03-10")
    reviewer = workflow.staff_for(app.agency)[1]
    disclosure.transition(reviewer, doc, "withdraw", reason="内容有误")
    status = applicant.get(
        reverse("applications_portal:status", args=[app.agency.slug, app.pk])
    ).content.decode()
    assert 'id="published-links"' not in status
