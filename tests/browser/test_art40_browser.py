"""Giving the information, clicked through in Debian's chromium (issue 17 items 3–5):

* Art. 44 — from the queue the handler opens “相同信息的申请” and sees three applicants asking for
  the same 低保 figures;
* Art. 40 — on a case of the group the handler offers reading in place instead of paper by post,
  with the ground and the facts; the draft says so and why;
* Art. 44 — the group now has a disclosable reply: another case of it prompts to publish
  proactively, and the button opens a new draft document (its name filled in; 保密审查 follows);
* Art. 36(一) — on another case the handler chooses the published document from the agency's
  catalogue (searching by 文号 typed with []), drafts the reply, a leader signs, the handler sends;
  the applicant, with the number and code, sees the link on the status page and opens it; the
  group page then says the information is already public.

Screenshots: ``art40-*.png`` in test-output/."""

import datetime as dt
import re

import pytest

from .kit import new_page, shot

D = dt.date
IDS = ["11010519491231002X", "110105194912310038", "110105194912310046"]
ASKED = [
    ("2024年度城乡最低生活保障资金发放情况", ""),
    ("请公开贵局2024年度城乡最低生活保障资金的发放情况", ""),
    ("见信息名称", "2024年度城乡最低生活保障资金发放情况"),
]


@pytest.fixture
def desk(transactional_db, agency_tree, make_staff, workflow, settings, tmp_path, monkeypatch):
    """随州市民政局: a handler who is also an editor, a leader, one published document, three
    applications for it by three applicants (received), made before Playwright starts its loop."""
    from django.utils import timezone

    from gongkai.applications import services

    settings.MEDIA_ROOT = tmp_path
    city = agency_tree["city"]
    doc = workflow.publish(city, title="2024年度城乡最低生活保障资金发放情况", doc_number="随民发〔2025〕3号")
    workflow.publish(city, title="关于调整城乡最低生活保障标准的通知")
    clock = {"now": timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))}
    monkeypatch.setattr(services, "now", lambda: clock["now"])
    h = make_staff(city, "handler", "editor", username="b-handler")
    make_staff(city, "leader", username="b-leader")
    apps = []
    for i, (description, title) in enumerate(ASKED):
        data = {
            "applicant_kind": "natural_person",
            "applicant_name": f"申请人{i + 1}",
            "id_type": "resident_id",
            "id_number": IDS[i],
            "phone": "13812345678",
            "email": "a@example.cn",
            "address": "湖北省随州市曾都区某路1号",
            "postcode": "441300",
            "description": description,
            "document_title": title,
            "medium": "paper",
            "delivery": "post",
        }
        clock["now"] = timezone.make_aware(dt.datetime(2026, 3, 2 + i, 10, 0))
        app, code = services.submit(city, data)
        services.confirm_receipt(h, app, D(2026, 3, 2 + i), "电话确认")
        apps.append((app, code))
    clock["now"] = timezone.make_aware(dt.datetime(2026, 3, 10, 10, 0))
    return {"city": city, "doc": doc, "apps": apps}


def _flash(page) -> str:
    return page.locator(".messages, [role=status], [role=alert]").all_inner_texts().__str__()


def test_art44_group_art36_link_and_art40_form(live_server, desk, settings, browser, staff_login):
    base = live_server.url
    settings.GONGKAI_PUBLIC_URL = base  # the letter's links point at this portal
    city, doc = desk["city"], desk["doc"]
    (first, _), (second, code), (third, _) = desk["apps"]

    # -- Art. 44: the queue links the page of groups --------------------------------------------
    handler = staff_login(base, "b-handler")
    handler.goto(f"{base}/staff/applications/")
    handler.locator("#same-information-link").click()
    handler.wait_for_load_state()
    main = handler.locator("main").inner_text()
    assert "3 件申请，3 位申请人" in main and "尚无予以公开的答复" in main
    for app, _ in desk["apps"]:
        assert app.number in main
    shot(handler, "art40-art44-group")

    # -- Art. 40: reading in place instead of paper by post, on the third case ------------------
    handler.get_by_role("link", name=third.number).click()
    handler.wait_for_load_state()
    assert handler.locator("#art44-prompt").is_visible()  # the group, no disclosable reply yet: no button
    assert handler.locator("#art44-create").count() == 0
    form = handler.locator("section[aria-labelledby=reply] form").last
    form.get_by_label("答复结果").select_option("partially_granted")
    form.get_by_label("提供的信息及获取方式/说明").fill("2024年度城乡低保资金发放档案")
    form.get_by_label("提供方式（第四十条）").select_option("inspect")
    form.get_by_label("未按申请人要求的形式提供的理由").select_option("carrier_safety")
    form.get_by_label("具体情况").fill("该档案为手写原件，纸张老化，复印可能造成损坏")
    form.get_by_label("领取或查阅的时间、地点").fill(
        "请于2026年3月16日至20日工作时间到本机关政务公开办公室查阅、抄录"
    )
    form.get_by_role("button", name="生成草稿").click()
    handler.wait_for_load_state()
    body = handler.locator("#id_body").input_value()
    assert (
        "因该档案为手写原件，纸张老化，复印可能造成损坏，按照您要求的形式提供该政府信息，可能危及政府信息载体安全"
        in body
    )
    assert "本机关改为安排您当面查阅、抄录。请于2026年3月16日至20日" in body
    assert re.search(
        r"提供形式（第四十条）：纸质 · 当面查阅\s*与申请要求不同", handler.locator("#given-form").inner_text()
    )
    shot(handler, "art40-form-changed")

    # -- Art. 44: now a case of the group is answered 部分公开: the prompt offers a draft document --
    handler.goto(f"{base}/staff/applications/{first.pk}/")
    prompt = handler.locator("#art44-prompt")
    assert "可以纳入主动公开的范围" in prompt.inner_text()
    shot(handler, "art40-art44-prompt")
    prompt.locator("#art44-create").click()
    handler.wait_for_load_state()
    assert handler.get_by_label("信息名称").input_value() == "2024年度城乡最低生活保障资金发放情况"
    shot(handler, "art40-art44-new-document")

    # -- Art. 36(一): choose the published document for the second case -------------------------
    handler.goto(f"{base}/staff/applications/{second.pk}/")
    handler.locator("#choose-published").click()
    handler.wait_for_load_state()
    shot(handler, "art40-chooser")
    rows = handler.locator("#published-candidates tbody tr")
    assert "2024年度城乡最低生活保障资金发放情况" in rows.first.inner_text()  # most like the request first
    handler.get_by_label("在本机关已发布的信息中检索").fill("随民发[2025]3号")
    handler.get_by_role("button", name="检索").click()
    handler.wait_for_load_state()
    assert handler.locator("#published-candidates tbody tr").count() == 1
    handler.get_by_label("2024年度城乡最低生活保障资金发放情况").check()
    handler.get_by_role("button", name="生成答复告知书草稿（已主动公开）").click()
    handler.wait_for_load_state()
    link = f"{base}/{city.slug}/"
    reply = handler.locator("#id_body").input_value()
    assert "第三十六条第（一）项" in reply and "网址：" + link in reply
    assert (
        handler.locator("#published-chosen").inner_text().startswith("2024年度城乡最低生活保障资金发放情况")
    )
    shot(handler, "art40-art36-draft")

    leader = staff_login(base, "b-leader")
    leader.goto(f"{base}/staff/applications/{second.pk}/")
    leader.get_by_role("button", name="签发").click()
    leader.wait_for_load_state()
    handler.reload()
    section = handler.locator("section[aria-labelledby=reply]")
    section.get_by_label("送达日期").fill("2026-03-10")
    section.get_by_role("button", name="送达并存档").click()
    handler.wait_for_load_state()
    assert "答复已送达" in handler.locator("main").inner_text()

    applicant = new_page(browser, width=1100)
    applicant.goto(f"{base}/{city.slug}/apply/status/")
    applicant.get_by_label("申请编号").fill(second.number)
    applicant.get_by_label("查询码").fill(code)
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    links = applicant.locator("#published-links a")
    assert links.count() == 1 and links.first.inner_text() == "2024年度城乡最低生活保障资金发放情况"
    shot(applicant, "art40-applicant-status")
    links.first.click()
    applicant.wait_for_load_state()
    assert applicant.url.endswith(f"/{city.slug}/") is False and str(doc.pk) in applicant.url
    assert "2024年度城乡最低生活保障资金发放情况" in applicant.locator("h1").first.inner_text()
    shot(applicant, "art40-applicant-opens-document")

    # The group page now says the information is already public: no reason to publish it again.
    handler.goto(f"{base}/staff/applications/same-information/")
    assert "已有答复告知申请人该信息已主动公开" in handler.locator("main").inner_text()
    shot(handler, "art40-art44-group-after")
