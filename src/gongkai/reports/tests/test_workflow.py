"""The report's workflow through the staff pages: checks, finalise (with override), downloads,
publication into the public catalogue, and who may see and change what."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from gongkai.audit.services import history
from gongkai.disclosure import services as disclosure
from gongkai.disclosure.models import Document
from gongkai.reports import services
from gongkai.reports.models import ReportState
from gongkai.reports.publish import send_for_publication
from gongkai.testing.opened import docx_text, pdf_text, xlsx_cells

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def report(agency_tree, report_staff, make_application):
    city = agency_tree["city"]
    make_application(city, "natural_person", D(2025, 3, 3), D(2025, 3, 20), "granted")
    make_application(city, "commercial_enterprise", D(2025, 4, 1), D(2025, 4, 9), "unavailable.not_held")
    return services.create_report(report_staff["head"], city, 2025)


def test_finalise_with_findings_is_refused_without_an_override_reason(client, report, report_staff):
    head = report_staff["head"]
    client.force_login(head)
    url = reverse("staff:report_act", args=[report.pk, "prose"])
    client.post(
        url, {"overview": "2025年，本机关共收到政府信息公开申请5件。", "problems": "", "other_matters": ""}
    )
    page = client.get(reverse("staff:report", args=[report.pk])).content.decode()
    assert "规则6 · 三、申请情况 · 一、本年新收政府信息公开申请数量 · 总计：正文为 5，表格为 2" in page
    response = client.post(
        reverse("staff:report_act", args=[report.pk, "finalise"]), {"reason": ""}, follow=True
    )
    assert "报告有1处勾稽问题，不能定稿" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    client.post(
        reverse("staff:report_act", args=[report.pk, "finalise"]), {"reason": "正文含上年结转，经主任同意"}
    )
    report.refresh_from_db()
    assert report.state == ReportState.FINAL and report.override_reason == "正文含上年结转，经主任同意"
    entry = history(report).get(action="finalise")
    assert entry.reason == "正文含上年结转，经主任同意" and "规则6" in entry.data["findings"][0]
    assert set(entry.data["not_entered"]) == {
        "行政许可 本年处理决定数量",
        "行政处罚 本年处理决定数量",
        "行政强制 本年处理决定数量",
        "行政事业性收费 本年收费金额",
    }
    with pytest.raises(ValidationError, match="不能修改"):
        services.save_prose(head, report, {"overview": "改动"})


def test_a_clean_report_finalises_without_a_reason_and_only_heads_finalise(report, report_staff):
    with pytest.raises(Http404):
        services.finalise(report_staff["editor"], report)
    services.finalise(report_staff["head"], report)
    report.refresh_from_db()
    assert report.state == ReportState.FINAL and report.override_reason == ""


def test_downloads_in_every_format(client, report, report_staff):
    client.force_login(report_staff["editor"])
    title = "随州市民政局2025年政府信息公开工作年度报告"
    opened = {
        "html": lambda data: data.decode(),
        "docx": docx_text,
        "pdf": pdf_text,
        "xlsx": lambda data: "\n".join(xlsx_cells(data)),
    }
    for fmt, read in opened.items():
        response = client.get(reverse("staff:report_file", args=[report.pk, fmt]))
        assert response.status_code == 200, fmt
        seen = read(response.content)  # the file opened as its reader would
        assert title in seen and "本年新收政府信息公开申请数量" in seen, fmt


def test_publishing_puts_the_report_in_the_public_catalogue(client, report, report_staff, agency_tree):
    editor, reviewer = report_staff["editor"], report_staff["reviewer"]
    with pytest.raises(ValidationError, match="只有定稿"):
        send_for_publication(editor, report)
    services.finalise(report_staff["head"], report)
    client.force_login(editor)
    client.post(reverse("staff:report_act", args=[report.pk, "publish"]))
    report.refresh_from_db()
    doc = report.document
    assert report.state == ReportState.IN_REVIEW and doc.state == "submitted"
    assert doc.category.code == "91" and doc.genre.name == "年度报告"
    assert [a.kind for a in doc.attachments.all()] == ["pdf"]
    disclosure.transition(reviewer, doc, "approve")
    disclosure.transition(editor, doc, "publish")
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED and report.published_on is not None
    assert Document.objects.public().filter(pk=doc.pk).exists()
    city = agency_tree["city"]
    catalogue = client.get(reverse("portal:catalogue", args=[city.slug]), {"category": "91"}).content.decode()
    assert report.title in catalogue
    page = client.get(reverse("portal:document", args=[city.slug, doc.pk])).content.decode()
    assert "收到和处理政府信息公开申请情况" in page and "予以公开" in page


def _send(report, report_staff):
    services.finalise(report_staff["head"], report)
    send_for_publication(report_staff["editor"], report)
    report.refresh_from_db()
    return report.document


def test_a_report_returned_by_review_is_final_again_and_goes_back_as_the_same_document(report, report_staff):
    editor, reviewer = report_staff["editor"], report_staff["reviewer"]
    doc = _send(report, report_staff)
    disclosure.transition(reviewer, doc, "reject", reason="第五部分写了内部人员姓名")
    report.refresh_from_db()
    assert report.state == ReportState.FINAL  # not stuck "in review" behind a draft document
    assert any(
        e.action == "review_returned" and e.reason == "第五部分写了内部人员姓名" for e in history(report)
    )
    services.reopen(report_staff["head"], report, "按保密审查意见修改")
    services.save_prose(editor, report, {**report.prose, "problems": "政策解读形式仍需丰富。"})
    services.finalise(report_staff["head"], report)
    send_for_publication(editor, report)
    report.refresh_from_db()
    assert report.state == ReportState.IN_REVIEW
    assert report.document.pk == doc.pk and report.document.state == "submitted"
    assert "政策解读形式仍需丰富" in report.document.body
    assert [a.kind for a in report.document.attachments.all()] == ["pdf"]  # the old PDF replaced
    disclosure.transition(reviewer, report.document, "approve")
    disclosure.transition(editor, report.document, "publish")
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED


def test_a_withdrawn_report_no_longer_counts_as_published(report, report_staff, agency_tree):
    from gongkai.reports.rollup import rollup

    editor, reviewer = report_staff["editor"], report_staff["reviewer"]
    doc = _send(report, report_staff)
    disclosure.transition(reviewer, doc, "approve")
    disclosure.transition(editor, doc, "publish")
    disclosure.transition(reviewer, doc, "withdraw", reason="数据有误，更正后重新发布")
    report.refresh_from_db()
    assert report.state == ReportState.WITHDRAWN
    assert any(e.action == "withdrawn" and "数据有误" in e.reason for e in history(report))
    rows, _total = rollup(agency_tree["city"], 2025, D(2026, 4, 1))
    [row] = [r for r in rows if r.agency == agency_tree["city"]]
    assert row.late  # past 31 January and nothing published now
    with pytest.raises(ValidationError, match="只有定稿"):
        send_for_publication(editor, report)
    services.reopen(report_staff["head"], report, "更正数据")
    services.finalise(report_staff["head"], report)
    send_for_publication(editor, report)
    report.refresh_from_db()
    assert report.document.pk != doc.pk  # the withdrawn document stays as it was
    assert Document.objects.get(pk=doc.pk).state == "withdrawn"


def test_other_agencies_get_404_and_supervisors_read_but_change_nothing(client, report, report_staff):
    outsider, supervisor = report_staff["outsider"], report_staff["supervisor"]
    urls = [reverse("staff:report", args=[report.pk])] + [
        reverse("staff:report_file", args=[report.pk, f]) for f in ("html", "xlsx")
    ]
    actions = ["figures", "carried_over", "prose", "rebuild", "finalise", "reopen", "publish"]
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url
    for action in actions:
        assert (
            client.post(reverse("staff:report_act", args=[report.pk, action]), {"reason": "x"}).status_code
            == 404
        )
    assert report.title not in client.get(reverse("staff:reports")).content.decode()
    client.force_login(supervisor)
    assert client.get(urls[0]).status_code == 200 and client.get(urls[2]).status_code == 200
    for action in actions:
        assert (
            client.post(reverse("staff:report_act", args=[report.pk, action]), {"reason": "x"}).status_code
            == 404
        )
    with pytest.raises(Http404):
        services.enter_figures(supervisor, report, {"licensing": "1"})
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.entered == {}
    page = client.get(urls[0]).content.decode()
    assert "保存填报数字" not in page and '<button type="submit">定稿</button>' not in page


def test_figures_entered_through_the_page_are_marked(client, report, report_staff):
    client.force_login(report_staff["editor"])
    client.post(
        reverse("staff:report_act", args=[report.pk, "figures"]),
        {"licensing": "12", "penalty": "", "coercion": "3", "fees": "0.85"},
    )
    report.refresh_from_db()
    assert report.data["active_disclosure"]["licensing"] == {"decisions": 12}
    assert report.data["active_disclosure"]["penalty"] == {"decisions": None}
    assert report.data["active_disclosure"]["fees"] == {"amount_10k_yuan": 0.85}
    page = client.get(reverse("staff:report", args=[report.pk])).content.decode()
    assert "rep-editor 于" in page and "尚未填报" in page
    response = client.post(
        reverse("staff:report_act", args=[report.pk, "figures"]), {"licensing": "-1"}, follow=True
    )
    assert "不能为负数" in response.content.decode()


def test_a_report_is_started_from_the_list_page_once_per_year(client, agency_tree, report_staff):
    client.force_login(report_staff["editor"])
    response = client.post(reverse("staff:report_create"), {"year": 2025})
    report = services.AnnualReport.objects.get(agency=agency_tree["city"], year=2025)
    assert response.status_code == 302 and response["Location"] == reverse("staff:report", args=[report.pk])
    response = client.post(reverse("staff:report_create"), {"year": 2025}, follow=True)
    assert "随州市民政局2025年度报告已经存在" in response.content.decode()
    response = client.post(reverse("staff:report_create"), {"year": 2019}, follow=True)
    assert "请填写有效的年度" in response.content.decode()
    client.force_login(report_staff["supervisor"])
    assert client.post(reverse("staff:report_create"), {"year": 2025}).status_code == 404


def test_the_report_pdf_carries_its_sign_off_the_agency_and_the_day_it_was_finalised(
    client, report, report_staff
):
    import io

    import pdfplumber
    from django.utils import timezone

    services.finalise(report_staff["head"], report)
    report.refresh_from_db()
    day = timezone.localdate(report.finalised_at)
    client.force_login(report_staff["editor"])
    data = client.get(reverse("staff:report_file", args=[report.pk, "pdf"])).content
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = [line for line in pdf.pages[-1].extract_text().splitlines() if line.strip()]
    assert lines[-3:-1] == ["随州市民政局", f"{day.year}年{day.month}月{day.day}日"]


def test_send_for_publication_answers_at_once_and_the_pdf_follows(
    client, report, report_staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """送审发布 no longer typesets the PDF in the request (issue 11 item 17): the report is marked
    正在生成送审 and the task creates, attaches and submits; a failure puts it back to 定稿, saying why."""
    from gongkai.reports.tasks import prepare_publication_task

    settings.GONGKAI_BACKGROUND = "celery"
    queued = []
    monkeypatch.setattr(prepare_publication_task, "delay", lambda *args: queued.append(args))
    services.finalise(report_staff["head"], report)
    editor = report_staff["editor"]
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("staff:report_act", args=[report.pk, "publish"]), follow=True
        ).content.decode()
    report.refresh_from_db()
    assert (
        report.state == ReportState.SENDING and report.document is None and queued == [(report.pk, editor.pk)]
    )
    assert "正在生成报告PDF并送保密审查" in page and "送审发布</button>" not in page

    monkeypatch.setattr(
        "gongkai.reports.publish.render", lambda *a, **k: (_ for _ in ()).throw(OSError("磁盘已满"))
    )
    with pytest.raises(OSError, match="磁盘已满"):
        prepare_publication_task(report.pk, editor.pk)
    report.refresh_from_db()
    assert report.state == ReportState.FINAL and not Document.objects.exists()
    assert history(report).get(action="send_failed").reason == "生成送审失败：OSError: 磁盘已满"

    monkeypatch.undo()
    settings.GONGKAI_BACKGROUND = "inline"
    client.post(reverse("staff:report_act", args=[report.pk, "publish"]))
    report.refresh_from_db()
    doc = report.document
    assert report.state == ReportState.IN_REVIEW and doc.state == "submitted"
    attachment = doc.attachments.get()
    assert attachment.name.endswith(".pdf") and "随州市民政局2025年政府信息公开工作年度报告" in pdf_text(
        attachment.file.read()
    )
