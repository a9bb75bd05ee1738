"""A whole page of an existing site read for import: metadata, title, body, attachments, GBK."""

from datetime import datetime

from gongkai.siteimport.page import read_document_page

PAGE = """<html><head><meta charset="gbk"><title>关于做好城乡低保工作的通知 - 随州市民政局</title>
<meta name="ColumnName" content="通知公告"><meta name="SiteIDCode" content="4213000001"></head><body>
<div class="nav">首页 机构概况 政务公开</div>
<table class="xxgk"><tr><td>索 引 号：</td><td>011330001/2025-00012</td><td>分     类：</td><td>社会救助</td></tr>
<tr><td>发布机构：</td><td>随州市民政局</td><td>发文日期：</td><td>2025-03-01</td></tr>
<tr><td>文   号：</td><td>随民发[2025]3号</td><td>效力状态：</td><td>有效</td></tr></table>
<h1>关于做好城乡低保工作的通知</h1>
<div class="TRS_Editor"><p>各县市区民政局：</p><p>现就做好2025年城乡低保工作通知如下。</p>
<p>附件：<a href="/files/2025/低保标准.xlsx">低保标准表</a> <a href="../files/申请表.doc">申请表</a>
<a href="http://other.example.cn/x.pdf">外站文件</a></p></div>
<div class="footer">主办单位：随州市民政局</div></body></html>"""


def test_a_gbk_page_in_the_table_layout_gives_every_field():
    rec = read_document_page("http://mzj.suizhou.test/xxgk/tzgg/t1.html", PAGE.encode("gbk"), "text/html")
    m = rec.metadata
    assert rec.title == "关于做好城乡低保工作的通知" and m.found["title"] == "页面标题"  # from <h1>
    assert m.index_number == "011330001/2025-00012" and m.category == "社会救助"
    assert m.publisher == "随州市民政局" and m.doc_number == "随民发〔2025〕3号"
    assert m.validity == "valid" and m.written_on == datetime(2025, 3, 1).date()
    assert m.column == "通知公告" and m.site_id == "4213000001"
    assert "现就做好2025年城乡低保工作通知如下。" in rec.main.text and "主办单位" not in rec.main.text
    assert rec.attachments == [
        ("http://mzj.suizhou.test/files/2025/低保标准.xlsx", "低保标准表"),
        ("http://mzj.suizhou.test/xxgk/files/申请表.doc", "申请表"),
    ]  # the other host's file is not the agency's attachment
