"""A small government-style website served on 127.0.0.1 for the inspection tests.

``demo_site(ext)`` returns the routes of 示例市民政局's site as of ``TODAY``, with one planted
fault of every kind; ``ext`` is the base URL of a second local server that plays "another site".
"""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

TODAY = date(2026, 11, 20)


class LocalSite:
    """A threaded HTTP server on 127.0.0.1 serving ``routes``: path → (status, headers, body)."""

    def __init__(self, routes: dict | None = None):
        self.routes = routes or {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, head: bool):
                site.hits.append(self.path)
                route = site.routes.get(self.path)
                if callable(route):
                    route = route()
                if route is None:
                    route = (404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>404</h1>")
                status, headers, body = route
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    # the crawler may have given up waiting (timeout test)
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(body)

            def do_GET(self):
                self._serve(False)

            def do_HEAD(self):
                self._serve(True)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc):
        RELEASE.set()
        self.server.shutdown()
        self.server.server_close()


def html(body: str, title: str = "示例市民政局", charset: str = "utf-8", header_charset: bool = True):
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body>{body}</body></html>"
    )
    ctype = f"text/html; charset={charset}" if header_charset else "text/html"
    return 200, {"Content-Type": ctype}, page.encode(charset)


def redirect(location: str, status: int = 301):
    return status, {"Location": location}, b""


RELEASE = threading.Event()  # set at teardown so a slow handler does not outlive the test


def slow(seconds: float = 10.0):
    def route():
        RELEASE.wait(seconds)
        return 200, {"Content-Type": "text/html"}, b"<p>late</p>"

    return route


NAV = (
    '<div class="nav"><a href="/">首页</a> <a href="/gzdt/index.html">工作动态</a> '
    '<a href="/tzgg/">通知公告</a> <a href="/zcwj/index.html">政策文件</a> <a href="/ldhd/">领导活动</a> '
    '<a href="/xxgk/">政府信息公开</a> <a href="javascript:void(0)">收藏本站</a> <a href="#top">顶部</a> '
    '<a href="mailto:mzj@example.gov.cn">信箱</a></div>'
)
LEAVE = "return confirm('您即将离开本网站，是否继续？')"


def article(title: str, body: str, published: str | None = "2026-11-18", index: str | None = None):
    meta = ""
    if index:
        meta += f"<span>索 引 号：{index}</span> "
    if published:
        meta += f"<span>发布日期：{published}</span>"
    return html(
        f"{NAV}<h1>{title}</h1><div class='info'>{meta} 来源：示例市民政局</div>"
        f"<div class='content'><p>{body}</p></div>",
        title=f"{title}_示例市民政局",
    )


def listing(
    name: str,
    items: list[tuple[str, str, str]],
    extra: str = "",
    charset: str = "utf-8",
    header_charset: bool = True,
):
    lis = "".join(
        f'<li><a href="{href}">{text}</a><span class="date">{day}</span></li>' for href, text, day in items
    )
    body = f"{NAV}<div class='crumb'>当前位置：首页 &gt; {name}</div><ul class='list'>{lis}</ul>{extra}"
    return html(body, title=f"{name}-示例市民政局", charset=charset, header_charset=header_charset)


def demo_site(ext: str) -> dict:
    """Routes of the demo site. Planted faults are listed in ``PLANTED`` below."""
    home = (
        f"{NAV}<div class='news'><h2>工作动态</h2><ul>"
        '<li><a href="/gzdt/202611/t1.html">市民政局召开社会救助工作会议</a><span>2026-11-18</span></li>'
        '<li><a href="/gzdt/202611/t2.html">开展养老服务质量检查</a><span>2026-11-10</span></li>'
        "</ul></div>"
        '<a href="/old-news">旧版新闻</a> <a href="/private/secret.html">内部</a> '
        '<a href="/gone.html">已删除的页面</a> <a href="/error.html">出错的页面</a> '
        '<a href="/slow.html">很慢的页面</a> <a href="/files/guide.pdf">办事指南下载</a> '
        f'<a href="{ext}/ok" onclick="{LEAVE}">中国政府网</a> '
        f'<a href="{ext}/missing" onclick="{LEAVE}">已失效的外部网站</a> '
        f'<a href="{ext}/nonotice">无提示的外部网站</a> '
        '<a href="http://nosuch.invalid/" class="outlink">不存在的域名</a> '
        '<img src="/logo.png" alt="logo"> <iframe src="/video.html"></iframe>'
        "<p>王建国局长主持召开会议。王建图局长强调要做好政务公开工作。</p>"
    )
    gzdt = listing(
        "工作动态",
        [
            ("202611/t1.html", "市民政局召开社会救助工作会议", "2026-11-18"),
            ("202611/t2.html", "开展养老服务质量检查", "2026-11-10"),
            ("../gzdt/202610/t3.html", "十月工作情况", "2026-10-08"),
        ],
        extra='<div class="page"><a href="index_1.html">下一页</a> <a href="index_1.html">尾页</a></div>',
    )
    gzdt_2 = listing("工作动态", [("202301/t9.html", "旧闻", "2023-01-05")])
    tzgg = listing(
        "通知公告",
        [
            ("t100.html", "关于开展年度检查的通知", "2026-03-01"),
            ("t101.html", "关于假期安排的公告", "2026-02-01"),
        ],
    )
    zcwj = listing(
        "政策文件",
        [
            ("t200.html", "示例市最低生活保障办法", "2026-10-30"),
            ("t201.html", "示例市临时救助实施细则", "2026-09-30"),
        ],
        charset="gbk",
    )
    ldhd = html(
        f"{NAV}<div class='crumb'>当前位置：首页 &gt; 领导活动</div><ul></ul><p>暂无信息</p>",
        title="领导活动-示例市民政局",
    )
    frames = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        '<html><head><title>政府信息公开</title></head><frameset cols="20%,*">'
        '<frame src="left.html"><frame src="list.html"></frameset></html>'.encode(),
    )
    xxgk_list = listing(
        "政府信息公开目录",
        [
            ("a1.html", "2026年部门预算", "2026-11-02"),
            ("a2.html", "2026年社会救助资金分配情况", "2026-11-03"),
        ],
    )
    gb2312 = listing(
        "政策文件",
        [("t200.html", "示例市最低生活保障办法", "2026-10-30")],
        charset="gb2312",
        header_charset=False,
    )[2]
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/": html(home),
        "/gzdt/index.html": gzdt,
        "/gzdt/index_1.html": gzdt_2,
        "/gzdt/202611/t1.html": article(
            "市民政局召开社会救助工作会议", "会议要求着力推进政政府信息公开，人人参与，常常检查。"
        ),
        "/gzdt/202611/t2.html": article("开展养老服务质量检查", "检查组逐一查看了养老机构。", published=None),
        "/gzdt/202610/t3.html": article("十月工作情况", "十月完成各项工作。", published="2026-10-08"),
        "/gzdt/202301/t9.html": article("旧闻", "旧闻内容。", published="2023-01-05"),
        "/tzgg/": tzgg,
        "/tzgg/t100.html": article(
            "关于开展年度检查的通知", "请各单位认真开展检查。", published="2026-03-01"
        ),
        "/tzgg/t101.html": article("关于假期安排的公告", "假期安排如下。", published="2026-02-01"),
        "/zcwj/index.html": zcwj,
        "/zcwj/t200.html": article(
            "示例市最低生活保障办法",
            "为保障困难群众基本生活，制定本办法。含测试敏感词。",
            published="2026-10-30",
        ),
        "/zcwj/t201.html": article("示例市临时救助实施细则", "王建国副局长出席。", published="2026-09-30"),
        "/zcwj/gb2312.html": (200, {"Content-Type": "text/html"}, gb2312),
        "/ldhd/": ldhd,
        "/xxgk/": frames,
        "/xxgk/left.html": html(
            '<a href="list.html">目录</a> <a href="/zcwj/gb2312.html">政策文件（旧版）</a>'
        ),
        "/xxgk/list.html": xxgk_list,
        "/xxgk/a1.html": article(
            "2026年部门预算", "部门预算公开如下。", published="2026-11-02", index="011330001/2026-00012"
        ),
        "/xxgk/a2.html": article("2026年社会救助资金分配情况", "资金分配如下。", published="2026-11-03"),
        "/old-news": redirect("/gzdt/index.html"),
        "/moved-home": redirect(f"{ext}/ok", 302),
        "/private/secret.html": html("<p>内部资料</p>"),
        "/error.html": (500, {"Content-Type": "text/html"}, b"<h1>500</h1>"),
        "/slow.html": slow(2.0),
        "/files/guide.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 test"),
        "/logo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n"),
        "/video.html": html('<a href="/gone-video.html">视频</a>'),
        # A second, neglected site on the same server: its homepage's newest item is 7 weeks old.
        "/stale/index.html": html(
            "<h2>工作动态</h2><ul>"
            '<li><a href="a.html">十月的会议</a><span>2026-10-01</span></li>'
            '<li><a href="b.html">九月的会议</a><span>2026-09-15</span></li></ul>'
        ),
        "/stale/a.html": article("十月的会议", "会议内容。", published="2026-10-01"),
        "/stale/b.html": article("九月的会议", "会议内容。", published="2026-09-15"),
    }


EXTERNAL = {
    "/ok": html("<p>外部网站</p>"),
    "/nonotice": html("<p>外部网站</p>"),
}


class FakeDNS(httpx.AsyncBaseTransport):
    """Real HTTP to 127.0.0.1; hosts under ``.invalid`` (RFC 6761) fail as the resolver reports it,
    without sending a DNS query."""

    def __init__(self):
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request):
        if request.url.host.endswith(".invalid"):
            raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self):
        await self.inner.aclose()
