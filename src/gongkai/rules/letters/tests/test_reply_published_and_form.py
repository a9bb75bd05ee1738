"""The reply's Art. 36(一) paragraph (published documents named with their addresses, linked in the
PDF) and its Art. 40 paragraph (the form given)."""

import datetime as dt

from gongkai.rules.letters.render import letter_html
from gongkai.rules.letters.reply import PublishedRef, compose_reply, published_text
from gongkai.rules.provision import Form, Ground, Medium, Route, decide_form

from .conftest import make_facts

ONE = PublishedRef(
    "2024年度城乡最低生活保障资金发放情况",
    "https://gk.example.gov.cn/szmzj/documents/12/",
    "随民发〔2025〕3号",
    "011330001/2025-00012",
    dt.date(2025, 3, 1),
)
TWO = PublishedRef("《关于调整低保标准的通知》", "https://gk.example.gov.cn/szmzj/documents/15/")


def test_one_published_document_is_named_dated_and_addressed():
    assert published_text([ONE]) == (
        "《2024年度城乡最低生活保障资金发放情况》（随民发〔2025〕3号，索引号：011330001/2025-00012），"
        "已于2025年3月1日在本机关政府信息公开平台发布，网址：https://gk.example.gov.cn/szmzj/documents/12/"
    )


def test_several_are_numbered_and_a_title_keeps_its_own_book_marks():
    text = published_text([ONE, TWO])
    assert text.startswith("1.《2024年度")
    assert (
        "；2.《关于调整低保标准的通知》，已在本机关政府信息公开平台发布，网址：https://gk.example.gov.cn/szmzj/documents/15/"
        in text
    )


def test_the_art_36_1_reply_quotes_the_article_and_links_each_page():
    letter = compose_reply("granted", make_facts(), published=[ONE, TWO])
    body = "\n".join(letter.paragraphs)
    assert (
        "第三十六条第（一）项“所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式和途径”的规定"
        in body
    )
    assert "第四十条" not in body
    html = letter_html(letter)
    for ref in (ONE, TWO):
        assert f'<a href="{ref.url}">{ref.url}</a>' in html


def test_only_web_addresses_become_links_and_text_stays_escaped():
    letter = compose_reply(
        "granted",
        make_facts(),
        published=[PublishedRef("<script>x</script>", 'https://gk.example.gov.cn/a/1/"onmouseover=1')],
    )
    html = letter_html(letter)
    assert "<script>x" not in html and "&lt;script&gt;" in html
    assert 'href="https://gk.example.gov.cn/a/1/"' in html and 'onmouseover=1"' not in html.split("</a>")[0]


def test_the_form_paragraph_follows_the_grant():
    decision = decide_form(
        Form(Medium.PAPER, Route.POST), Form(Medium.ELECTRONIC, Route.ONLINE), Ground.COST, "共约1.2万页"
    )
    letter = compose_reply("granted", make_facts(), provided=["低保档案"], form=decision)
    assert letter.paragraphs[1].endswith("本机关予以公开，向您提供：《低保档案》。")
    assert letter.paragraphs[2].endswith("本机关改为以电子形式通过网上获取方式向您提供。")
    assert "按照您申请的要求" not in "".join(letter.paragraphs)  # the old default wording is replaced
