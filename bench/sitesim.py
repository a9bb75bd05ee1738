"""A generated government-style website with planted faults, served from memory on 127.0.0.1.

``generate(pages, today)`` renders every page up front and returns ``(site, external, truth)``:
path → bytes for the site and for a second "external" site, and the set of planted findings as
``(kind, page, target)`` keys (see ``finding_key``). ``serve(...)`` runs both sites in a separate
process with an asyncio HTTP/1.1 server (keep-alive, GET and HEAD), fast enough not to be the
bottleneck. Every response carries a ``LinkChecker`` header so LinkChecker lifts its 10 requests/s
per host limit (linkcheck/checker/httpurl.py). Nothing is sent anywhere but 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import socket
from datetime import date, timedelta

KINDS_LIMITED = [("工作动态", 10), ("要闻", 10), ("通知公告", 60), ("政策文件", 60)]
KINDS_FREE = ["领导活动", "专题专栏", "政策解读", "机构职能"]
CLEAN = [
    "为深入贯彻落实党中央、国务院决策部署，进一步做好社会救助兜底保障工作，现就有关事项通知如下。",
    "各单位要高度重视，明确责任分工，按照时间节点抓好落实，确保各项任务按期完成。",
    "坚持以人民为中心的发展思想，不断提升养老服务质量和水平，切实保障困难群众基本生活。",
    "会议听取了全市民政重点工作进展情况汇报，研究部署了下一阶段重点任务。",
    "进一步规范政府信息公开工作，提高政务公开质量，主动回应社会关切。",
    "本办法自发布之日起施行，由市民政局负责解释。",
    "各县区民政部门要加强监督检查，对发现的问题及时整改，确保资金安全规范使用。",
    "请各单位于本月底前将工作开展情况报送市民政局办公室。",
]
DOUBLED = [
    "政府",
    "信息",
    "社会",
    "民政",
    "服务",
    "工作",
    "保障",
    "监督",
    "办理",
    "财政",
    "预算",
    "规划",
    "审批",
]
LEAVE = "return confirm('您即将离开本网站，是否继续？')"
PER_LIST = 20


def finding_key(kind: str, page: str | None, target: str | None) -> tuple:
    """How a finding is matched against the planted truth: broken links by page and target,
    columns and notices by target, text and metadata problems by page."""
    if kind == "broken_link":
        return (kind, page, target)
    if kind in ("stale_column", "empty_column", "external_link_notice"):
        return (kind, target)
    return (kind, page)


def _is_xxgk(name: str) -> bool:
    """Columns of the disclosure catalogue (under /xxgk/), whose items must carry a 索引号."""
    return name.startswith(("政策文件", "机构职能"))


def _page(title: str, body: str, nav: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}-模拟市人民政府</title></head>'
        f"<body>{nav}{body}<div class='footer'>主办：模拟市人民政府办公室</div></body></html>"
    ).encode()


def generate(pages: int, today: date, site_base: str, ext_base: str, seed: int = 7):
    """Render a site of about ``pages`` HTML pages; returns (site, external, truth)."""
    rng = random.Random(seed)
    n_columns = max(12, pages // 200)
    names = []
    for i in range(n_columns):
        if i % 2 == 0:
            name, _ = KINDS_LIMITED[(i // 2) % len(KINDS_LIMITED)]
        else:
            name = KINDS_FREE[(i // 2) % len(KINDS_FREE)]
        names.append(f"{name}{i + 1:02d}" if i >= 8 else name)
    n_empty = 3
    stale = {1 * 2, 3 * 2, 5 * 2, 7 * 2 + 0}  # limited columns planted stale (indices 2, 6, 10, 14)
    stale = {i for i in stale if i < n_columns - n_empty}
    empty = set(range(n_columns - n_empty, n_columns))
    budget = max(2, (pages - 1 - n_empty) // (n_columns - n_empty))  # HTML pages per non-empty column
    lists_per_column = -(-budget // (PER_LIST + 1))
    articles_per_column = budget - lists_per_column
    site: dict[str, bytes] = {}
    external: dict[str, bytes] = {"/": _page("中国政府网", "<p>外部网站首页</p>", "")}
    truth: set[tuple] = set()
    dirs = [f"/xxgk/c{i}" if _is_xxgk(name) else f"/c{i}" for i, name in enumerate(names)]
    nav = (
        "<div class='nav'><a href='/'>首页</a> "
        + " ".join(f"<a href='{d}/index.html'>{name}</a>" for d, name in zip(dirs, names, strict=True))
        + f" <a href='javascript:void(0)'>收藏</a> <a href='#'>顶部</a> "
        f"<a href='{ext_base}/' onclick=\"{LEAVE}\">中国政府网</a></div>"
    )

    home_items = []
    for c, name in enumerate(names):
        d = dirs[c]
        col_url = f"{site_base}{d}/index.html"
        is_xxgk = _is_xxgk(name)
        if c in empty:
            site[f"{d}/index.html"] = _page(
                name,
                f"<div class='crumb'>当前位置：首页 &gt; {name}</div><ul class='list'></ul><p>暂无信息</p>",
                nav,
            )
            truth.add(finding_key("empty_column", col_url, col_url))
            continue
        newest = today - timedelta(days=rng.randint(0, 3))
        limit = dict(KINDS_LIMITED).get(name.rstrip("0123456789"))
        if c in stale:
            gap = 20 if limit == 10 else 200
            newest = today - timedelta(days=gap + rng.randint(0, 30))
            truth.add(finding_key("stale_column", col_url, col_url))
        items = []
        for k in range(articles_per_column):
            day = newest - timedelta(days=k * (2 if limit == 10 else 5))
            path = f"{d}/{day:%Y%m}/t{c}_{k}.html"
            items.append((path, f"{name}信息第{k + 1}号", day))
        for p in range(lists_per_column):
            chunk = items[p * PER_LIST : (p + 1) * PER_LIST]
            lis = "".join(
                f"<li><a href='{path.rsplit('/', 2)[-2]}/{path.rsplit('/', 1)[-1]}'>{text}</a>"
                f"<span>{day.isoformat()}</span></li>"
                for path, text, day in chunk
            )
            pager = ""
            if p + 1 < lists_per_column:
                pager = (
                    f"<div class='page'><a href='index_{p + 1}.html'>下一页</a> "
                    f"<a href='index_{lists_per_column - 1}.html'>尾页</a></div>"
                )
            fname = "index.html" if p == 0 else f"index_{p}.html"
            site[f"{d}/{fname}"] = _page(
                name,
                f"<div class='crumb'>当前位置：首页 &gt; {name}</div><ul class='list'>{lis}</ul>{pager}",
                nav,
            )
        home_items.append(items[0])
        for k, (path, text, day) in enumerate(items):
            url = site_base + path
            body = [rng.choice(CLEAN) for _ in range(3)]
            extra = ""
            meta_date = f"<span>发布日期：{day.isoformat()}</span>"
            meta_index = f"<span>索引号：000014349/{day.year}-{c:02d}{k:03d}</span>" if is_xxgk else ""
            roll = rng.random()
            if roll < 0.01:
                word = rng.choice(DOUBLED)
                body[1] = f"第{k}项要求：着力推进{word[0]}{word}建设。"
                truth.add(finding_key("text_error", url, None))
            elif roll < 0.02:
                meta_date = ""
                truth.add(finding_key("missing_metadata", url, None))
            elif roll < 0.025 and is_xxgk:
                meta_index = ""
                truth.add(finding_key("missing_metadata", url, None))
            elif roll < 0.035:
                target = f"{site_base}{d}/missing_{k}.html"
                extra = f"<a href='../missing_{k}.html'>相关附件</a>"
                truth.add(finding_key("broken_link", url, target))
            elif roll < 0.040:
                target = f"{ext_base}/dead/{c}_{k}"
                extra = f"<a href='{target}' onclick=\"{LEAVE}\">相关网站</a>"
                truth.add(finding_key("broken_link", url, target))
            elif roll < 0.043:
                target = f"{ext_base}/plain/{c}_{k}"
                external[f"/plain/{c}_{k}"] = _page("外部网站", "<p>外部网站</p>", "")
                extra = f"<a href='{target}'>其他网站</a>"
                truth.add(finding_key("external_link_notice", None, target))
            elif roll < 0.08:
                external[f"/ok/{c}_{k}"] = _page("外部网站", "<p>外部网站</p>", "")
                extra = f"<a href='{ext_base}/ok/{c}_{k}' onclick=\"{LEAVE}\">相关网站</a>"
            site[path] = _page(
                text,
                f"<div class='crumb'>当前位置：首页 &gt; {name}</div><h1>{text}</h1>"
                f"<div class='info'>{meta_index} {meta_date} 来源：模拟市民政局</div>"
                f"<div class='content'>{''.join(f'<p>{s}</p>' for s in body)}{extra}</div>",
                nav,
            )
    lis = "".join(
        f"<li><a href='{path}'>{text}</a><span>{day.isoformat()}</span></li>"
        for path, text, day in sorted(home_items, key=lambda x: x[2], reverse=True)[:10]
    )
    site["/"] = _page("首页", f"<div class='news'><h2>最新信息</h2><ul>{lis}</ul></div>", nav)
    site["/robots.txt"] = b"User-agent: *\nDisallow: /admin/\n"
    return site, external, truth


# -- serving ---------------------------------------------------------------------------------


def _response(status: int, body: bytes, ctype: str, head: bool) -> bytes:
    reason = {200: "OK", 404: "Not Found"}[status]
    header = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
        f"LinkChecker: ok\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    return header if head else header + body


class _Protocol(asyncio.Protocol):
    def __init__(self, pages: dict[str, bytes]):
        self.pages = pages
        self.buffer = b""

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
            method, path = line[0], (line[1] if len(line) > 1 else "/")
            path = path.split("#", 1)[0]
            body = self.pages.get(path)
            if body is None:
                out = _response(404, b"<h1>404 Not Found</h1>", "text/html; charset=utf-8", method == "HEAD")
            else:
                ctype = "text/plain" if path.endswith(".txt") else "text/html; charset=utf-8"
                out = _response(200, body, ctype, method == "HEAD")
            self.transport.write(out)


def _serve_forever(socks, tables):
    async def main():
        loop = asyncio.get_running_loop()
        servers = [
            await loop.create_server(lambda t=t: _Protocol(t), sock=s, backlog=1024)
            for s, t in zip(socks, tables, strict=True)
        ]
        await asyncio.gather(*(s.serve_forever() for s in servers))

    asyncio.run(main())


def bind() -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(1024)
    return s


def serve(socks: list[socket.socket], tables: list[dict[str, bytes]]) -> multiprocessing.Process:
    """Serve each table on its (already bound) socket in a separate process; returns the process."""
    ctx = multiprocessing.get_context("fork")
    proc = ctx.Process(target=_serve_forever, args=(socks, tables), daemon=True)
    proc.start()
    return proc


def main() -> None:
    """Serve a generated site until interrupted, for trying ``gongkai sitecheck`` on it by hand."""
    import argparse
    import json
    import signal
    import sys
    import time

    ap = argparse.ArgumentParser(description="Serve a generated government-style site on 127.0.0.1")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--truth", help="write the planted findings here (JSON list of keys)")
    args = ap.parse_args()
    site_sock, ext_sock = bind(), bind()
    site_base = f"http://127.0.0.1:{site_sock.getsockname()[1]}"
    ext_base = f"http://127.0.0.1:{ext_sock.getsockname()[1]}"
    site, external, truth = generate(args.pages, date.today(), site_base, ext_base)
    if args.truth:
        with open(args.truth, "w", encoding="utf-8") as fh:
            json.dump(sorted(truth, key=str), fh, ensure_ascii=False, indent=1)
    proc = serve([site_sock, ext_sock], [site, external])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops the server process too
    print(
        f"site {site_base}/  external {ext_base}/  {len(site)} paths, {len(truth)} planted faults", flush=True
    )
    try:
        while proc.is_alive():
            time.sleep(1)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        proc.terminate()
        proc.join()


if __name__ == "__main__":
    main()
