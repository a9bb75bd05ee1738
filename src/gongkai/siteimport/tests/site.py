"""A generated old site of 随州市民政局 (code 011330001), served on 127.0.0.1 for the import tests.

One document page in each layout the import reads (meta tags; a text block with empty values; a
spaced-label table, GBK-encoded; a 发布日期/来源 line), plus what real sites also have: list pages
and a home page (not documents), a page answering 500, a document without a publication date, the
same document at a second address, a page robots.txt forbids, a link to another site, a real PDF
and a file that only pretends to be one.
"""

from __future__ import annotations

import functools

import pymupdf

CODE = "011330001"


@functools.cache
def pdf_bytes(text: str = "Attachment") -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), text)
    return doc.tobytes()


def page(body: str, *, head: str = "", title: str = "随州市民政局", charset: str = "utf-8"):
    html = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{head}</head>'
        f'<body><div class="nav"><a href="/">首页</a> <a href="/tzgg/index.html">通知公告</a> '
        f'<a href="/zcjd/index.html">政策解读</a> <a href="/xxgk/index.html">信息公开</a></div>'
        f'{body}<div class="footer">主办单位：随州市民政局 网站标识码：4213000001</div></body></html>'
    )
    return 200, {"Content-Type": f"text/html; charset={charset}"}, html.encode(charset)


LONG = "为进一步做好全市城乡最低生活保障工作，切实保障困难群众基本生活，现将有关事项通知如下。"

# 1. 网页元数据 meta tags only (ArticleTitle, PubDate, ColumnName, Keywords, ContentSource).
META_PAGE = page(
    f'<h1>关于调整城乡最低生活保障标准的通知</h1><div class="TRS_Editor"><p>各县市区民政局：</p><p>{LONG}</p>'
    "<table><tr><td>地区</td><td>标准（元/月）</td></tr><tr><td>曾都区</td><td>750</td></tr></table>"
    '<p>附件：<a href="/files/2025/biaozhun.pdf">低保标准表</a> <a href="/files/fake.pdf">申请须知</a> '
    '<a href="/files/missing.doc">旧表格</a></p></div>',
    head=(
        '<meta name="ArticleTitle" content="关于调整城乡最低生活保障标准的通知">'
        '<meta name="PubDate" content="2025-03-05 10:30">'
        '<meta name="ColumnName" content="通知公告">'
        '<meta name="Keywords" content="低保;标准">'
        '<meta name="ContentSource" content="随州市民政局">'
        '<meta name="SiteIDCode" content="4213000001">'
    ),
    title="关于调整城乡最低生活保障标准的通知_随州市民政局",
)

# 2. A metadata block as text with empty values (seed 002): 索引号 and 文号 empty.
TEXT_BLOCK_PAGE = page(
    "<div class='xxgk-meta'><p>索引号: 发布机构: 随州市民政局</p>"
    "<p>信息名称: 《随州市困难群众救助办法》政策解读 主题分类: 民政、扶贫、救灾</p>"
    "<p>发布日期: 2018-03-09 成文日期: 2018-03-08</p><p>废止日期: 文 号:</p><p>关键词:</p></div>"
    f"<div id='zoom'><p>一、出台背景</p><p>{LONG}</p><p>二、主要内容</p><p>救助对象、标准和程序。</p></div>",
    head='<meta name="ColumnName" content="政策解读">',
)

# 3. A table with spaced labels (seed 004), the page in GBK.
TABLE_PAGE = page(
    "<table class='xxgk'><tr><td>索 引 号：</td><td>011330001/2017-00021</td><td>分     类：</td><td>社会救助</td></tr>"
    "<tr><td>发布机构：</td><td>随州市民政局</td><td>发文日期：</td><td>2017-06-19</td></tr>"
    "<tr><td>名   称：</td><td>随州市民政局关于印发临时救助实施细则的通知</td><td>发布日期：</td><td>2017-06-21</td></tr>"
    "<tr><td>文   号：</td><td>随民发[2017]8号</td><td>效力状态：</td><td>失效</td></tr>"
    "<tr><td>废止日期：</td><td>2022-12-31</td><td>关键词：</td><td>临时救助</td></tr></table>"
    f"<div class='article-content'><p>各县市区民政局：</p><p>{LONG}</p><p>临时救助实施细则见附件。</p>"
    '<p><a href="/files/xize.pdf">临时救助实施细则</a></p></div>',
    charset="gbk",
    title="随州市民政局关于印发临时救助实施细则的通知",
)

# 4. A 发布日期/来源 line above the body (seeds 000 and 001).
LINE_PAGE = page(
    "<h1>市民政局开展养老机构安全检查</h1><div class='info'>发布日期:2018-12-10 09:15   来源:随州民政   浏览次数:12</div>"
    f"<div class='content'><p>12月上旬，市民政局组织对全市养老机构开展安全检查。{LONG}</p></div>",
    head='<meta name="ColumnName" content="工作动态">',
    title="市民政局开展养老机构安全检查_随州市民政局",
)

# A document without a publication date (a 文号 marks it as one): listed as a failure.
NO_DATE_PAGE = page(
    "<div class='meta'><p>文   号：随民函〔2019〕2号</p></div><h1>关于报送救助数据的函</h1>"
    f"<div class='content'><p>{LONG}</p></div>",
)


def listing(name: str, links: list[tuple[str, str]]):
    items = "".join(f'<li><a href="{u}">{t}</a><span>2025-03-05</span></li>' for u, t in links)
    return page(
        f"<h2>{name}</h2><ul class='list'>{items}</ul>", head=f'<meta name="ColumnName" content="{name}">'
    )


def routes(ext: str) -> dict:
    """The site's routes; ``ext`` is another server's base URL (it must never be requested)."""
    home = page(
        "<div class='news'><ul>"
        '<li><a href="/tzgg/index.html">通知公告</a></li><li><a href="/zcjd/index.html">政策解读</a></li>'
        '<li><a href="/xxgk/index.html">信息公开目录</a></li><li><a href="/private/secret.html">内部</a></li>'
        f'<li><a href="{ext}/other.html">其他网站</a></li></ul></div>'
    )
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/": home,
        "/tzgg/index.html": listing(
            "通知公告",
            [
                ("/tzgg/t1.html", "关于调整城乡最低生活保障标准的通知"),
                ("/tzgg/t1.html", "关于调整城乡最低生活保障标准的通知（重复链接）"),
                ("/tzgg/copy/t1.html", "关于调整城乡最低生活保障标准的通知（转载）"),
                ("/tzgg/t4.html", "市民政局开展养老机构安全检查"),
                ("/tzgg/t5.html", "服务器出错的页面"),
                ("/tzgg/t6.html", "关于报送救助数据的函"),
            ],
        ),
        "/zcjd/index.html": listing("政策解读", [("/zcjd/t2.html", "《随州市困难群众救助办法》政策解读")]),
        "/xxgk/index.html": listing("信息公开目录", [("/xxgk/t3.html", "关于印发临时救助实施细则的通知")]),
        "/tzgg/t1.html": META_PAGE,
        "/tzgg/copy/t1.html": META_PAGE,
        "/zcjd/t2.html": TEXT_BLOCK_PAGE,
        "/xxgk/t3.html": TABLE_PAGE,
        "/tzgg/t4.html": LINE_PAGE,
        "/tzgg/t5.html": (500, {"Content-Type": "text/html"}, b"<h1>500</h1>"),
        "/tzgg/t6.html": NO_DATE_PAGE,
        "/private/secret.html": page("<h1>内部文件</h1><p>发布日期：2025-01-01</p>"),
        "/files/2025/biaozhun.pdf": (200, {"Content-Type": "application/pdf"}, pdf_bytes("biaozhun")),
        "/files/xize.pdf": (200, {"Content-Type": "application/pdf"}, pdf_bytes("xize")),
        "/files/fake.pdf": (200, {"Content-Type": "application/pdf"}, b"<html>not a pdf</html>"),
    }


def many_documents(n: int, kilobytes: int = 60) -> dict:
    """A site of ``n`` document pages of about ``kilobytes`` each (meta tags, a 发布日期, a long
    body unique to the page), listed 100 to a list page: the memory test's site."""
    per_list = 100
    lists = [f"/list/{k}.html" for k in range((n + per_list - 1) // per_list)]
    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\n"),
        "/": page("".join(f'<a href="{u}">列表{k}</a> ' for k, u in enumerate(lists))),
    }
    paragraph = "为进一步做好全市城乡最低生活保障工作，切实保障困难群众基本生活，现将有关事项通知如下。"
    repeat = max(1, kilobytes * 1024 // (len(paragraph.encode()) + 7))
    for k, list_url in enumerate(lists):
        docs = range(k * per_list, min(n, (k + 1) * per_list))
        routes[list_url] = listing("通知公告", [(f"/doc/{i}.html", f"第{i}号通知") for i in docs])
        for i in docs:
            body = "".join(f"<p>{i}-{j}{paragraph}</p>" for j in range(repeat))
            routes[f"/doc/{i}.html"] = page(
                f'<h1>关于第{i}项工作的通知</h1><div class="TRS_Editor">{body}</div>',
                head=(
                    f'<meta name="ArticleTitle" content="关于第{i}项工作的通知">'
                    f'<meta name="PubDate" content="2024-{1 + i % 12:02d}-{1 + i % 28:02d} 09:00">'
                    '<meta name="ColumnName" content="通知公告">'
                ),
            )
    return routes
