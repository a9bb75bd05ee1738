"""Incremental search on the embedded index (检索增量更新延迟): how soon after its commit is a
published document found, a withdrawn one gone, and does a bulk import slow searches down?

    python bench/search_latency.py [--docs 30] [--bulk 500]

Loads the demo into a temporary SQLite database with GONGKAI_BACKGROUND=thread (the single-machine
mode: the writer queue of gongkai.search.writer). Then (1) publishes ``--docs`` documents one by one
through the workflow and times from the publishing commit until ``search()`` finds each (polled every
2 ms); (2) withdraws them and times until each is gone; (3) imports ``--bulk`` documents in one file
(``import_documents``) and times until all are found, counting the index commits, while another
thread searches continuously (p50/p95 of those searches). The last line is ``key=value`` pairs.
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import demo_database, pct  # noqa: E402


def wait_for(predicate, timeout: float = 10.0) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise SystemExit("timed out waiting for the index")
        time.sleep(0.002)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=30)
    parser.add_argument("--bulk", type=int, default=500)
    args = parser.parse_args()
    os.environ["GONGKAI_BACKGROUND"] = "thread"
    with demo_database("gongkai-latency-", "sqlite", "unused"):
        from django.db import connection

        from gongkai.agencies.models import Agency, User
        from gongkai.disclosure import services
        from gongkai.disclosure.importing import import_documents
        from gongkai.disclosure.models import Category
        from gongkai.search.services import index_dir, search
        from gongkai.search.writer import queue_for

        queue = queue_for(index_dir())
        queue.flush(60)
        agency = (
            Agency.objects.get(slug="szmzj")
            if Agency.objects.filter(slug="szmzj").exists()
            else Agency.objects.first()
        )
        editor = User.objects.get(username=f"{agency.slug}-editor")
        reviewer = User.objects.get(username=f"{agency.slug}-reviewer")
        category = Category.objects.get(code="16")

        def ids(q: str) -> set[int]:
            return {h.id for h in search(q, page_size=50).hits}

        publish, withdraw, docs = [], [], []
        for n in range(args.docs):
            word = f"延迟测试词{n:03d}号"
            doc = services.create_document(
                editor, agency, {"title": f"关于{word}的通知", "category": category, "body": f"<p>{word}</p>"}
            )
            doc = services.transition(editor, doc, "submit")
            doc = services.transition(reviewer, doc, "approve")
            doc = services.transition(editor, doc, "publish")  # committed on return (autocommit)
            publish.append(wait_for(lambda d=doc, w=word: d.pk in ids(w)))
            docs.append((doc, word))
        for doc, word in docs:
            services.transition(reviewer, doc, "withdraw", reason="测试")
            withdraw.append(wait_for(lambda d=doc, w=word: d.pk not in ids(w)))
        queue.flush(60)

        rows = [
            {
                "信息名称": f"批量导入测试第{n}号通知",
                "主题分类": category.name,
                "发布日期": "2025-03-05",
                "正文": "批量导入测试正文",
            }
            for n in range(args.bulk)
        ]
        searching, during = True, []

        def searcher() -> None:
            while searching:
                t = time.perf_counter()
                search("低保")
                during.append(time.perf_counter() - t)
            connection.close()

        commits_before = queue.commits
        worker = threading.Thread(target=searcher)
        worker.start()
        t0 = time.perf_counter()
        import_documents(agency, rows)
        committed = time.perf_counter() - t0
        queue.flush(120)
        all_found = time.perf_counter() - t0
        searching = False
        worker.join()
        found = search("批量导入测试", page_size=10).result.total
        print(
            f"publish_p50_ms={pct(publish, 50) * 1000:.0f} publish_p95_ms={pct(publish, 95) * 1000:.0f} "
            f"publish_max_ms={max(publish) * 1000:.0f} withdraw_max_ms={max(withdraw) * 1000:.0f} "
            f"bulk_docs={args.bulk} bulk_commit_s={committed:.2f} bulk_searchable_s={all_found:.2f} "
            f"bulk_found={found} bulk_index_commits={queue.commits - commits_before} "
            f"search_during_bulk_p50_ms={pct(during, 50) * 1000:.1f} search_during_bulk_p95_ms={pct(during, 95) * 1000:.1f} "
            f"searches_during_bulk={len(during)}"
        )


if __name__ == "__main__":
    main()
