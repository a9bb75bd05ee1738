"""The import streams: what it keeps in memory while reading a site does not grow with the pages'
size or number (each page's record goes to a spool on disk as it arrives). Measured with
tracemalloc (allocations, not time): 4× the pages may not cost more than a small fraction of one
page set's size. The figures for large sites are in bench/siteimport_memory.py."""

from __future__ import annotations

import tracemalloc

import pytest

from gongkai.siteimport import services
from gongkai.testing.site import LocalSite

from . import site as generated

pytestmark = pytest.mark.django_db

KB = 60


def _peak(agency, n: int, **kw) -> tuple[int, object]:
    with LocalSite(generated.many_documents(n, KB)) as site:
        run = services.start(agency, site.base + "/", **kw)
        tracemalloc.start()
        try:
            services.execute(run, rate=0, max_pages=10 * n)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return peak, run


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
def test_memory_does_not_grow_with_the_number_of_pages(agency_tree, dry_run, settings):
    settings.DEBUG = False  # no query log (it grows with every query by design)
    city = agency_tree["city"]
    small, run_small = _peak(city, 10, dry_run=dry_run)
    large, run_large = _peak(city, 40, dry_run=dry_run)
    assert run_large.items.count() >= 40  # every page was read (and found or imported)
    # Keeping the pages would add 30 × 60 KB ≈ 1.8 MB of bodies (several times that as text and
    # parsed records); streaming adds only a small index entry per page.
    assert large - small < 30 * KB * 1024 / 4, (small, large)


def test_the_crawl_keeps_neither_pages_nor_their_analysis():
    from gongkai.siteimport import crawl

    seen = []
    with LocalSite(generated.many_documents(5, 2)) as site:
        crawler, gathered = crawl.gather(
            crawl.site_config(site.base + "/", rate=0), lambda url, body, ct: seen.append((url, len(body)))
        )
    assert len([u for u, _ in seen if "/doc/" in u]) == 5  # every page was handed over as it came
    assert crawler.result.links == []
    assert all(f.analysis is None for f in crawler.result.fetches.values())
    assert not hasattr(gathered, "pages")


def test_the_spool_gives_back_what_it_was_given_and_leaves_no_file(tmp_path):
    from gongkai.siteimport.crawl import Files, Spool

    with Spool(str(tmp_path)) as spool:
        a, b = spool.put({"标题": "通知"}), spool.put_bytes(b"%PDF-1.7")
        files = Files(spool)
        files.put("http://x/a.pdf", b"%PDF-a")
        files.put("http://x/b.pdf", "无法下载（HTTP 404）")
        assert spool.get(a) == {"标题": "通知"} and spool.get_bytes(b) == b"%PDF-1.7"
        assert (
            files.get("http://x/a.pdf") == b"%PDF-a" and files.get("http://x/b.pdf") == "无法下载（HTTP 404）"
        )
        assert files.get("http://x/c.pdf", "未下载") == "未下载"
    assert list(tmp_path.iterdir()) == []  # unlinked at creation: nothing left behind


def test_a_page_the_spool_cannot_take_is_one_failure_not_a_stuck_crawl():
    import errno

    from gongkai.siteimport.stream import Reader

    class FullDisk:
        def put(self, obj):
            raise OSError(errno.ENOSPC, "No space left on device")

    reader = Reader(FullDisk())
    _status, headers, body = generated.META_PAGE
    reader.page("http://x/tzgg/t1.html", body, headers["Content-Type"])
    assert len(reader) == 0 and reader.columns == {}
    assert reader.failures == [("http://x/tzgg/t1.html", "页面无法暂存到临时文件（磁盘空间不足）")]
