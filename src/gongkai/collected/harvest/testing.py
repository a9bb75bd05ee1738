"""A generated region of agency websites served on loopback, for the harvest's tests and benchmark.

``Region.generate(n, year)`` builds ``n`` small sites (``/s0001/`` …, one host: like agencies on a
shared portal) — home page, 信息公开 home, a 年报 column with earlier years' reports and, for most
agencies, the report on ``year`` in one of the layouts (tables in the page; a PDF, DOCX, DOC or WPS
attachment; a PDF linked straight from the list; a scanned PDF), under one of the usual titles,
dated on time, late or not at all, some pages in GBK, some on the list's second page, some behind
robots.txt. ``serve()`` starts a ``ThreadingHTTPServer`` on 127.0.0.1 in a thread. Each site's
``expected`` says what the harvest must find. Never touches the internet.
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from gongkai.rules.annual.model import require_row, zero_report
from gongkai.rules.annual.render import render
from gongkai.rules.annual.timeliness import publication_deadline

LAYOUTS = ("html", "pdf", "docx", "doc", "wps", "direct-pdf", "scanned")
TITLES = (
    "{name}{year}年政府信息公开工作年度报告",
    "{year}年政府信息公开年度报告",
    "{name}{year}年度政府信息公开年报",
)
MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
}


@dataclass
class SiteSpec:
    slug: str
    name: str
    kind: str  # 部门 or 政府
    layout: str | None  # None: no report on the year
    published: date | None
    dated: bool  # the page shows 发布日期
    entry: str  # "home" or "column"
    gbk: bool
    paged: bool  # the report is on the list's second page
    robots_blocked: bool
    faulty: bool  # its table breaks rule 1

    year: int = 0
    variants: int = 2

    @property
    def found(self) -> bool:
        return self.layout is not None and not self.robots_blocked

    def truth(self) -> dict[str, Any] | None:
        """The report as its files print it (a faulty one with its broken 总计): what a reader must give."""
        if self.layout is None:
            return None
        return _report(self.year, 20 + 7 * (int(self.slug[1:]) % self.variants), self.faulty)

    @property
    def late(self) -> bool | None:
        """Art. 49, as the harvest must see it: unknown (None) when the page shows no date."""
        if not self.found or self.published is None or not (self.dated or self.layout == "direct-pdf"):
            return None
        return self.published > publication_deadline(self.kind, self.year)


def _report(year: int, n: int, faulty: bool, fmt: str = "2021") -> dict[str, Any]:
    report = zero_report(fmt, year, None)
    apps = report["applications"]
    for key, value in (
        ("new_received", n),
        ("total_handled", n),
        ("granted", n - n // 3),
        ("partially_granted", n // 3),
    ):
        cells = require_row(apps, key)
        cells["natural_person"] = value
        cells["total"] = value + (1 if faulty and key == "new_received" else 0)
    report["active_disclosure"]["normative_documents"].update(issued=3, repealed=1, in_force=12)
    report["active_disclosure"]["normative_documents"]["in_force"] = 12
    return report


def _to_doc(docx: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "r.docx").write_bytes(docx)
        subprocess.run(  # noqa: S603 (fixed tools on our own temporary files)
            ["/usr/bin/soffice", f"-env:UserInstallation={Path(tmp, 'p').as_uri()}", "--headless", "--convert-to", "doc",
             "--outdir", tmp, str(Path(tmp, "r.docx"))],
            check=True, capture_output=True, timeout=180, env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        return Path(tmp, "r.doc").read_bytes()


def _scan(pdf: bytes) -> bytes:
    """A PDF of page images only (no text layer), as a scanner makes it."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "r.pdf").write_bytes(pdf)
        subprocess.run(  # noqa: S603 (fixed tools on our own temporary files)
            ["/usr/bin/pdftoppm", "-r", "100", "-png", str(Path(tmp, "r.pdf")), str(Path(tmp, "p"))],
            check=True,
        )
        images = [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("p*.png"))]
        out = io.BytesIO()
        images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=100)
        return out.getvalue()


@dataclass
class Files:
    """The report files of the region, rendered once per variant and shared by the sites."""

    year: int
    variants: int = 2
    cache: Path | None = None
    _files: dict[tuple[str, int, bool], bytes] = field(default_factory=dict)

    def get(self, kind: str, variant: int, faulty: bool) -> bytes:
        key = (kind, variant % self.variants, faulty)
        if key not in self._files:
            path = self.cache / f"{self.year}-{kind}-{key[1]}-{int(faulty)}.bin" if self.cache else None
            if path is not None and path.exists():
                self._files[key] = path.read_bytes()
            else:
                self._files[key] = self._make(kind, key[1], faulty)
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(self._files[key])
        return self._files[key]

    def _make(self, kind: str, variant: int, faulty: bool) -> bytes:
        report = _report(self.year, 20 + 7 * variant, faulty)
        prose = {
            "overview": f"本年度共收到政府信息公开申请{20 + 7 * variant}件。",
            "problems": "无。",
            "other_matters": "无。",
        }
        if kind in ("html", "pdf", "docx"):
            return render(report, kind, prose=prose)
        if kind in ("doc", "wps"):
            return _to_doc(self.get("docx", variant, faulty))
        if kind == "scanned":
            return _scan(self.get("pdf", variant, faulty))
        raise ValueError(kind)


def _shares(mix: dict[str, float], n: int, seed: int) -> list[str]:
    """``n`` layouts in the proportions of ``mix`` (largest remainder), in a seeded random order."""
    total = sum(mix.values())
    exact = {k: n * w / total for k, w in mix.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[: n - sum(counts.values())]:
        counts[k] += 1
    out = [k for k, c in counts.items() for _ in range(c)]
    random.Random(seed + 1).shuffle(out)  # noqa: S311 (test data, not secrets)
    return out


def _page(title: str, body: str, *, pubdate: date | None = None, dated: bool = False) -> str:
    meta = f'<meta name="PubDate" content="{pubdate:%Y-%m-%d} 09:30">' if pubdate and dated else ""
    shown = f'<div class="info">发布日期：{pubdate:%Y-%m-%d}</div>' if pubdate and dated else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="{{charset}}"><title>{title}</title>{meta}</head>'
        f"<body><h1>{title}</h1>{shown}{body}</body></html>"
    )


@dataclass
class Region:
    year: int
    sites: list[SiteSpec]
    files: Files
    routes: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    base: str = ""
    requested: list[str] = field(default_factory=list)  # paths asked for, in order

    @classmethod
    def generate(
        cls,
        n: int,
        year: int,
        *,
        seed: int = 15,
        variants: int = 2,
        cache: Path | None = None,
        layouts: tuple[str, ...] = LAYOUTS,
        mix: dict[str, float] | None = None,
    ) -> Region:
        """``layouts`` in turn (equal shares), or ``mix`` (layout → weight): each layout gets its share
        of the sites with a report (largest remainder), placed at random (seeded)."""
        rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
        with_report = [i for i in range(1, n + 1) if i % 10 != 7]
        chosen = {i: layouts[i % len(layouts)] for i in with_report}
        if mix:
            chosen = dict(zip(with_report, _shares(mix, len(with_report), seed), strict=True))
        deadline_days = (date(year + 1, 3, 31) - date(year + 1, 1, 1)).days
        sites = []
        for i in range(1, n + 1):
            kind = "政府" if i % 3 == 0 else "部门"
            name = (
                f"示例{'县' if kind == '政府' else '县民政局'}{i:04d}"
                if kind == "部门"
                else f"示例县{i:04d}人民政府"
            )
            if kind == "部门":
                name = f"示例县{i:04d}民政局"
            missing = i % 10 == 7
            layout = None if missing else chosen[i]
            published = date(year + 1, 1, 1) + timedelta(days=rng.randrange(0, deadline_days + 40))
            sites.append(
                SiteSpec(
                    slug=f"s{i:04d}",
                    name=name,
                    kind=kind,
                    layout=layout,
                    published=published,
                    dated=i % 11 != 5,
                    entry="column" if i % 4 == 1 else "home",
                    gbk=i % 5 == 2,
                    paged=i % 6 == 4,
                    robots_blocked=i % 50 == 13,
                    faulty=i % 8 == 3,
                    year=year,
                    variants=variants,
                )
            )
        region = cls(year, sites, Files(year, variants, cache))
        for spec in sites:
            region._build(spec)
        blocked = "".join(f"Disallow: /{s.slug}/\n" for s in sites if s.robots_blocked)
        region.routes["/robots.txt"] = ("text/plain", f"User-agent: *\n{blocked}".encode())
        return region

    def _put(self, path: str, html: str, gbk: bool) -> None:
        charset = "gbk" if gbk else "utf-8"
        self.routes[path] = (
            f"text/html; charset={charset}",
            html.replace("{charset}", charset).encode(charset),
        )

    def _build(self, s: SiteSpec) -> None:
        y = self.year
        root = f"/{s.slug}/"
        column = f"{root}zfxxgk/ndbg/"
        nav = (
            f'<ul class="nav"><li><a href="{root}">首页</a></li><li><a href="{root}xwdt/">新闻动态</a></li>'
            f'<li><a href="{root}zfxxgk/">政府信息公开</a></li></ul>'
        )
        self._put(root, _page(s.name, nav + "<p>欢迎访问。</p>"), s.gbk)
        self._put(
            f"{root}xwdt/",
            _page(
                "新闻动态",
                nav
                + f'<ul><li><a href="{root}xwdt/1.html">{y + 1}年工作会议召开</a> {y + 1}-01-05</li></ul>',
            ),
            s.gbk,
        )
        self._put(f"{root}xwdt/1.html", _page("工作会议", "<p>会议召开。</p>"), s.gbk)
        self._put(
            f"{root}zfxxgk/",
            _page(
                "政府信息公开",
                nav + f'<ul><li><a href="{root}zfxxgk/zn/">政府信息公开指南</a></li>'
                f'<li><a href="{column}">政府信息公开年报</a></li></ul>',
            ),
            s.gbk,
        )
        self._put(f"{root}zfxxgk/zn/", _page("政府信息公开指南", "<p>指南。</p>"), s.gbk)
        items = []
        for back in (2, 1):
            old = y - back
            url = f"{column}{old + 1}01/t{old}_1.html"
            items.append(
                f'<li><a href="{url}" title="{s.name}{old}年政府信息公开工作年度报告">{s.name}{old}年政府信息公开工作年度报告</a><span>{old + 1}-01-20</span></li>'
            )
            self._put(
                url,
                _page(
                    f"{s.name}{old}年政府信息公开工作年度报告",
                    "<p>（往年报告）</p>",
                    pubdate=date(old + 1, 1, 20),
                    dated=True,
                ),
                s.gbk,
            )
        mine = ""
        if s.layout is not None:
            n = int(s.slug[1:])
            title = TITLES[n % len(TITLES)].format(name=s.name, year=y)
            listed = f"<span>{s.published:%Y-%m-%d}</span>" if s.published else ""
            if s.layout == "direct-pdf":
                href = f"{column}P0{n}.pdf"
                self.routes[href] = (MEDIA["pdf"], self.files.get("pdf", n, s.faulty))
            else:
                href = f"{column}{y + 1}01/t{y}_{n}.html"
                if s.layout == "html":
                    body = self.files.get("html", n, s.faulty).decode("utf-8")
                    body = body[body.find("<body") :].split(">", 1)[1].rsplit("</body>", 1)[0]
                else:
                    ext = "pdf" if s.layout == "scanned" else s.layout
                    file = f"{column}{y + 1}01/P0{n}.{ext}"
                    self.routes[file] = (MEDIA[ext], self.files.get(s.layout, n, s.faulty))
                    body = f'<p>{title}全文见附件。</p><p>附件：<a href="{file}">{title}.{ext}</a></p>'
                self._put(href, _page(title, body, pubdate=s.published, dated=s.dated), s.gbk)
            mine = f'<li><a href="{href}" title="{title}">{title}</a>{listed if s.dated or s.layout == "direct-pdf" else ""}</li>'
        first = items if s.paged else [mine, *items]
        pager = f'<div class="page"><a href="{column}index_1.html">下一页</a></div>'
        self._put(
            column,
            _page("政府信息公开年报", nav + "<ul>" + "".join(reversed(first)) + "</ul>" + pager),
            s.gbk,
        )
        self._put(
            f"{column}index_1.html",
            _page("政府信息公开年报", nav + "<ul>" + (mine if s.paged else "") + "</ul>"),
            s.gbk,
        )

    def url(self, spec: SiteSpec) -> str:
        return f"{self.base}/{spec.slug}/" + ("zfxxgk/ndbg/" if spec.entry == "column" else "")

    def csv(self) -> str:
        lines = ["机关名称,机关类型,网址"] + [f"{s.name},{s.kind},{self.url(s)}" for s in self.sites]
        return "\n".join(lines) + "\n"

    @contextmanager
    def serve(self) -> Iterator[Region]:
        routes, requested = self.routes, self.requested

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                requested.append(self.path)
                found = routes.get(self.path.split("?", 1)[0])
                if found is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                media, body = found
                self.send_response(200)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()
