"""Main text of a government page: the body's paragraphs and tables, none of the site chrome."""

import pytest

from gongkai.siteimport.extract import extract_main

CHROME_TOP = """<div class="header"><a href="/">首页</a> 中国政府网|湖北政府网|繁体|无障碍阅读|长者模式</div>
<div class="nav"><ul><li>机构概况</li><li>政务公开</li><li>政民互动</li></ul></div>
<div class="position">当前位置：首页 > 政务公开 > 通知公告</div>"""
CHROME_BOTTOM = """<div class="share">分享到：微信 微博</div><div class="xgwz">相关文章：关于做好春节期间工作的通知</div>
<div class="footer">主办单位：湖北省民政厅 网站标识码：4200000034 鄂ICP备05003305号</div>"""
BODY = """<p>厅机关各处室、所属事业单位：</p>
<p>现将《湖北省民政厅2017年政务公开工作实施方案》印发给你们，请认真贯彻执行。</p>
<table><tr><td>项目</td><td>责任单位</td></tr><tr><td>决策公开</td><td>文件起草处室</td></tr></table>
<p>湖北省民政厅办公室</p><p>2017年6月19日</p>"""


def _page(container: str) -> str:
    return (
        f"<html><head><title>通知</title><script>var x='首页';</script></head><body>{CHROME_TOP}"
        f"<h1>省民政厅办公室关于印发方案的通知</h1>{container}{CHROME_BOTTOM}</body></html>"
    )


@pytest.mark.parametrize(
    ("container", "method"),
    [
        (f'<div class="TRS_Editor">{BODY}</div>', "div.TRS_Editor"),
        (f'<div id="zoom">{BODY}</div>', "#zoom"),
        (f'<div class="article-content">{BODY}</div>', "div.article-content"),
        (f'<div class="wrap"><div class="m">{BODY}</div></div>', "readability"),
    ],
)
def test_the_body_keeps_paragraphs_and_tables_and_drops_the_chrome(container, method):
    got = extract_main(_page(container))
    assert got.method == method
    assert "现将《湖北省民政厅2017年政务公开工作实施方案》印发给你们，请认真贯彻执行。" in got.text
    assert "<table>" in got.body_html and "<td>决策公开</td>" in got.body_html
    assert got.body_html.count("<p>") >= 4
    for chrome in ("首页", "政民互动", "当前位置", "分享到", "相关文章", "主办单位", "网站标识码", "var x"):
        assert chrome not in got.text and chrome not in got.body_html


def test_a_page_without_a_body_gives_an_empty_body():
    assert extract_main("").body_html == ""
    assert extract_main("<html><body><div class='nav'>首页</div></body></html>").text in ("", "首页")
