"""Giving the applicant the information, clicked through in Debian's chromium (issue 17): the handler
attaches a PDF to the reply, opens the 区分处理 page, marks by search (a name and the ID-number
preset, keyboard only) and by a box drawn with the mouse, each with its ground, applies; drafts,
signs and sends the 部分公开 letter (its 区分处理 paragraph names the grounds); the applicant, with
the number and 查询码, downloads the redacted copy from the status page — and never the original."""

import re
import subprocess

import pytest

from gongkai.delivery.tests import pdfs

from .kit import new_page, shot

NAME, ID_NUMBER, PHONE, KEPT = pdfs.NAME, pdfs.ID_NUMBER, pdfs.PHONE, pdfs.KEPT


@pytest.fixture
def desk(transactional_db, agency_tree, make_staff, settings, tmp_path):
    """An online application to 随州市民政局, received today, its handler (who may also sign), and a
    PDF naming a person (made before Playwright starts its event loop)."""
    from gongkai.applications import services

    settings.MEDIA_ROOT = tmp_path
    city = agency_tree["city"]
    handler = make_staff(city, "handler", "leader", username="dl-handler")
    app, code = services.submit(
        city,
        {
            "applicant_kind": "natural_person",
            "applicant_name": "李四",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13912345678",
            "email": "li.si@example.cn",
            "description": "2026年临时救助对象名单及救助金额",
            "medium": "electronic",
            "delivery": "online",
        },
    )
    services.confirm_receipt(handler, app, services.today(), "网上申请系统与申请人确认")
    pdf = tmp_path / "救助对象名单.pdf"
    pdf.write_bytes(pdfs.weasyprint_pdf())
    return {"app": app, "code": code, "pdf": pdf, "city": city}


def _flash(page) -> str:
    return page.locator(".messages").inner_text()


def _text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return "".join(out.stdout.decode().split())


def test_redact_send_and_the_applicant_downloads_the_redacted_copy(live_server, desk, browser, staff_login):
    base, app, code = live_server.url, desk["app"], desk["code"]
    case_url = f"{base}/staff/applications/{app.pk}/"
    handler = staff_login(base, "dl-handler")
    handler.goto(case_url)
    files = handler.locator("section#reply-files")
    files.get_by_label("文件（PDF、图片、Word、Excel、OFD）").set_input_files(str(desk["pdf"]))
    files.get_by_role("button", name="添加文件").click()
    handler.wait_for_load_state()
    assert "已添加“救助对象名单.pdf”" in _flash(handler)
    shot(handler, "delivery-01-attached")

    handler.locator("section#reply-files").get_by_role("link", name="区分处理").click()
    handler.wait_for_load_state()
    assert handler.locator("h1").inner_text() == "区分处理：救助对象名单.pdf"
    handler.wait_for_function("document.querySelector('.redact-page img').complete")
    assert handler.locator(".redact-page img").first.evaluate("img => img.naturalWidth") > 800

    # The keyboard path: a listed name and the ID-number preset, one ground, every hit marked.
    search = handler.locator("#search-form")
    search.get_by_label("不予公开的依据").select_option(label="第十五条、第三十二条（保护第三方合法权益）")
    search.get_by_label("文字（每行一项，如承办人列出的姓名）").fill(NAME)
    search.get_by_label("身份证号码").check()
    search.get_by_role("button", name="查找并全部标记").press("Enter")
    handler.wait_for_load_state()
    assert re.search(r"已标记[1-9]\d*处", _flash(handler)), _flash(handler)
    marked = handler.locator(".redact-mark").count()
    assert marked >= 2

    # The mouse: a box over the phone number's row, drawn on the page image; the form fills itself.
    handler.locator(".redact-page").first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page_box = handler.locator(".redact-page").first.bounding_box()
    import pymupdf

    with pymupdf.open(desk["pdf"]) as doc:
        phone = doc[0].search_for(PHONE)[0]
        width, height = doc[0].rect.width, doc[0].rect.height
    scale_x, scale_y = page_box["width"] / width, page_box["height"] / height
    x0, y0 = page_box["x"] + (phone.x0 - 3) * scale_x, page_box["y"] + (phone.y0 - 3) * scale_y
    x1, y1 = page_box["x"] + (phone.x1 + 3) * scale_x, page_box["y"] + (phone.y1 + 3) * scale_y
    handler.mouse.move(x0, y0)
    handler.mouse.down()
    handler.mouse.move((x0 + x1) / 2, (y0 + y1) / 2)
    handler.mouse.move(x1, y1)
    handler.mouse.up()
    box = handler.locator("#box-form")
    assert box.get_by_label("页码").input_value() == "1"
    assert abs(float(box.get_by_label("左").input_value()) - (phone.x0 - 3)) < 3
    box.get_by_label("不予公开的依据").select_option(label="第十六条第一款（属于三类内部事务信息）")
    shot(handler, "delivery-02-box-drawn")
    box.get_by_role("button", name="添加区域").click()
    handler.wait_for_load_state()
    assert "已添加框选区域（第1页）" in _flash(handler)
    assert handler.locator(".redact-mark").count() == marked + 1
    shot(handler, "delivery-03-marked")

    handler.get_by_role("button", name="生成区分处理后的文件").click()
    handler.wait_for_load_state()
    assert "已生成“救助对象名单（区分处理后）”" in _flash(handler)
    files = handler.locator("section#reply-files").inner_text()
    assert "留存案卷，不提供" in files and "随答复提供" in files
    shot(handler, "delivery-04-redacted")

    # The 部分公开 letter: its 区分处理 paragraph comes from the marks' grounds.
    reply = handler.locator("section[aria-labelledby=reply]")
    reply.get_by_label("答复结果").select_option("partially_granted")
    reply.get_by_role("button", name="生成草稿").click()
    handler.wait_for_load_state()
    body = handler.locator("section[aria-labelledby=reply]").get_by_label("告知书正文").input_value()
    assert "第十五条、第三十二条" in body and "第十六条第一款" in body and "以黑框删除的" in body, body
    assert "【请填写" not in body, body
    handler.locator("section[aria-labelledby=reply]").get_by_role("button", name="签发").click()
    handler.wait_for_load_state()
    handler.locator("section[aria-labelledby=reply]").get_by_role("button", name="送达并存档").click()
    handler.wait_for_load_state()
    assert "答复已送达" in _flash(handler)
    assert "已提供（" in handler.locator("section#reply-files").inner_text()
    shot(handler, "delivery-05-sent")

    # The applicant: number and 查询码, the status page lists the redacted copy only.
    applicant = new_page(browser, 1100, 1000)
    applicant.goto(f"{base}/{desk['city'].slug}/apply/status/")
    applicant.get_by_label("申请编号").fill(app.number)
    applicant.get_by_label("查询码").fill(code)
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    section = applicant.locator("#reply-files")
    assert "提供的政府信息" in section.inner_text()
    links = section.get_by_role("link")
    assert links.count() == 1 and links.first.inner_text() == "救助对象名单（区分处理后）"
    shot(applicant, "delivery-06-applicant-status")
    with applicant.expect_download() as download:
        links.first.click()
    saved = download.value.path()
    text = _text(saved)
    assert download.value.suggested_filename == "救助对象名单（区分处理后）.pdf"
    for secret in (NAME, ID_NUMBER, PHONE):
        assert secret not in text
    assert KEPT in text
    # The original's number, tried by hand: not served.
    href = links.first.get_attribute("href")
    original = int(href.rstrip("/").split("/")[-1]) - 1
    response = applicant.request.get(f"{base}/{desk['city'].slug}/apply/{app.pk}/files/{original}/")
    assert response.status == 404 and "没有这个文件" in response.text()
