"""Peak memory of a site import against the number of pages (网站迁移, issue 16 item 2).

    nice -n 10 .venv/bin/python bench/siteimport_memory.py --pages 1000 4000 [--kb 40] [--dry-run]

For each N, a generated old site of N document pages of about ``--kb`` KB each (meta tags, a
publication date, a long body unique to the page; 100 to a list page: the site of
``siteimport/tests/test_memory.py``) is served from memory by a separate process on 127.0.0.1
(bench/sitesim.py's server). A fresh child process migrates a temporary SQLite database, creates
the test agencies (background work inline: no other thread), then resets its peak RSS (``/proc/self/clear_refs``) and runs ``gongkai.siteimport.services.execute``
(no pause between requests) as ``gongkai import-site`` does; it prints the peak RSS of the import
alone (``VmHWM``), the RSS before it, the time (wall and CPU) and pages/s. Run it on the code before a change by
copying this file into that tree's bench/. The last line is ``key=value`` pairs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def _status(field: str) -> int:
    """A ``/proc/self/status`` figure in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(base: str, pages: int, dry_run: bool) -> None:
    import tempfile

    home = tempfile.mkdtemp(prefix="gk-siteimport-mem-")
    os.environ.update(
        {
            "GONGKAI_HOME": home,
            "GONGKAI_DB": "sqlite",
            "GONGKAI_DEBUG": "0",  # no query log, as in production
            "GONGKAI_LOG_LEVEL": "WARNING",
            "GONGKAI_BACKGROUND": "inline",  # no thread of other work beside the import
            "GONGKAI_SECRET_KEY": "bench-only-key-not-secret-" + "b" * 40,
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.siteimport import services
    from gongkai.siteimport.models import Outcome
    from gongkai.testing import factories

    call_command("migrate", verbosity=0, interactive=False)  # the standard 主题分类/体裁 lists too
    agency = factories.agency_tree()["city"]
    run = services.start(agency, base + "/", dry_run=dry_run, actor_label="bench")
    Path("/proc/self/clear_refs").write_text("5")  # peak RSS from here: the import alone
    before = _status("VmRSS")
    t0, cpu0 = time.perf_counter(), time.process_time()
    services.execute(run, rate=0, max_pages=2 * pages + 100)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = _status("VmHWM")
    done = run.items.exclude(outcome=Outcome.FAILED).count()
    print(
        json.dumps(
            {
                "pages": pages,
                "read": run.pages,
                "documents": done,
                "created": run.created,
                "rss_before_mib": round(before / 1024, 1),
                "peak_rss_mib": round(peak / 1024, 1),
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu, 1),
                "pages_per_s": round(run.pages / seconds, 1),
            }
        )
    )
    import shutil

    shutil.rmtree(home, ignore_errors=True)


def measure(pages: int, kb: int, dry_run: bool) -> dict:
    import sitesim

    from gongkai.siteimport.tests.site import many_documents

    table = {path: body for path, (_status_code, _headers, body) in many_documents(pages, kb).items()}
    sock = sitesim.bind()
    server = sitesim.serve([sock], [table])
    del table
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        args = [sys.executable, __file__, "--child", base, "--pages", str(pages)]
        out = subprocess.run(
            args + (["--dry-run"] if dry_run else []), check=True, capture_output=True, text=True
        ).stdout
    finally:
        server.terminate()
        server.join()
        sock.close()
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--kb", type=int, default=40, help="size of a document page (KB)")
    parser.add_argument("--dry-run", action="store_true", help="a dry run instead of an import")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child:
        return child(opts.child, opts.pages[0], opts.dry_run)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    results = []
    for n in opts.pages:
        r = measure(n, opts.kb, opts.dry_run)
        results.append(r)
        print(
            f"{n:>6} pages of {opts.kb} KB ({'dry run' if opts.dry_run else 'import'}): read {r['read']}, "
            f"{r['documents']} documents; RSS before {r['rss_before_mib']} MiB, "
            f"peak during the import {r['peak_rss_mib']} MiB; {r['seconds']} s ({r['cpu_seconds']} s CPU), "
            f"{r['pages_per_s']} pages/s"
        )
    first, last = results[0], results[-1]
    growth = last["peak_rss_mib"] - first["peak_rss_mib"]
    print(
        " ".join(
            [f"pages={'/'.join(str(r['pages']) for r in results)}", f"kb={opts.kb}"]
            + [f"peak_rss_mib_{r['pages']}={r['peak_rss_mib']}" for r in results]
            + [f"growth_mib={growth:.1f}"]
        )
    )


if __name__ == "__main__":
    main()
