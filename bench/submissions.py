"""Concurrent online applications (依申请公开 网上申请) against PostgreSQL through a real HTTP server.

    .venv/bin/python bench/submissions.py [--n 200] [--workers 2] [--threads 8]

Steps: (1) drop and recreate the database ``gongkai_bench_apps`` (PostgreSQL on 127.0.0.1), migrate,
load the demo; (2) start the server: ``--workers`` processes, each a WSGI server with a pool of
``--threads`` threads, sharing port 127.0.0.1:<port> through SO_REUSEPORT and a deep listen backlog —
the shape of ``gunicorn -k gthread -w 2 --threads 8``, the usual production setup of a Django site on a
two-core machine (gunicorn itself is not a dependency of the project). DEBUG is off, settings otherwise
as shipped (CONN_MAX_AGE 0: one database connection per request); (3) measure a baseline: the form page
and one submission, sequentially, on the idle server; (4) ``--n`` applicants (one httpx client and
cookie jar each) GET the form of ``szmzj`` (CSRF cookie and the hidden ``token``), then all POST at
once; a ``--double`` fraction of them click twice: a second POST with the same token ``--gap-ms``
after the first, while the first is still in flight; (5) check the database: one application per
distinct token (none lost, none duplicated), tracking numbers unique and gap-free (serials 1..n,
counter at n), one audit entry per application, and every double click answered with the same
application as its first click; (6) ``--probe`` more applicants, every one clicking twice ``--probe-gap-ms``
apart, on the then lightly loaded server — where the two clicks really overlap — and the same checks.

The server is stopped and the database dropped at the end, also on error or Ctrl-C
(``--keep`` keeps the database). The last line is ``key=value`` pairs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import BENCH_KEY, PG, pct, pg_admin

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SLUG = "szmzj"


# --- the server (runs in the worker processes) ------------------------------------------------------


def serve(port: int, threads: int) -> None:
    """A WSGI server with a bounded thread pool on a SO_REUSEPORT socket (one pre-forked worker)."""
    from concurrent.futures import ThreadPoolExecutor
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    application = get_wsgi_application()

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args) -> None:  # access log off: 400 lines of noise
            pass

    class PooledServer(WSGIServer):
        request_queue_size = 1024
        allow_reuse_address = True
        pool = ThreadPoolExecutor(threads)

        def server_bind(self) -> None:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            super().server_bind()

        def process_request(self, request, client_address) -> None:
            self.pool.submit(self._work, request, client_address)

        def _work(self, request, client_address) -> None:
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)
                close_old_connections()

    server = PooledServer(("127.0.0.1", port), Quiet)
    server.set_app(application)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


# --- helpers --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(rng: random.Random) -> str:
    """A valid GB 11643 number (random region, birth date and sequence)."""
    body = (
        f"{rng.choice(['110105', '420100', '421303', '440305'])}{rng.randint(1950, 2004)}"
        f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


def form_for(i: int, rng: random.Random) -> dict:
    return {
        "applicant_kind": "natural_person",
        "applicant_name": f"申请人{i:04d}",
        "contact_person": "",
        "id_type": "resident_id",
        "id_number": resident_id(rng),
        "phone": f"13{rng.randint(0, 999999999):09d}",
        "email": f"applicant{i}@example.cn",
        "address": f"湖北省随州市曾都区某路{i}号",
        "postcode": "441300",
        "description": f"{2020 + i % 5}年度城乡最低生活保障资金发放情况（第{i}份申请）",
        "document_title": "",
        "document_number": "",
        "purpose": "",
        "medium": "electronic",
        "delivery": "email",
    }


TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')
DONE = re.compile(rf"/{SLUG}/apply/(\d+)/done/$")


# --- the client -----------------------------------------------------------------------------------


async def applicant(
    base: str,
    i: int,
    rng: random.Random,
    double: bool,
    gap: float,
    go: asyncio.Event,
    ready: list,
    results: list,
) -> None:
    import httpx

    url = f"{base}/{SLUG}/apply/"
    async with httpx.AsyncClient(timeout=120) as client:
        page = await client.get(url)
        token = TOKEN.search(page.text).group(1)
        data = form_for(i, rng) | {"token": token, "csrfmiddlewaretoken": client.cookies["csrftoken"]}
        ready.append(i)
        await go.wait()

        async def post(click: int) -> None:
            if click:
                await asyncio.sleep(gap)
            t0 = time.perf_counter()
            try:
                r = await client.post(url, data=data, headers={"Referer": url})
                status, location = r.status_code, r.headers.get("location", "")
            except httpx.HTTPError as exc:
                status, location = f"{type(exc).__name__}", ""
            m = DONE.search(location)
            results.append(
                {
                    "i": i,
                    "token": token,
                    "click": click,
                    "status": status,
                    "pk": int(m.group(1)) if m else None,
                    "ms": (time.perf_counter() - t0) * 1000,
                }
            )

        await asyncio.gather(*(post(c) for c in range(2 if double else 1)))


async def fire(
    base: str, n: int, double_fraction: float, gap: float, seed: int, first: int = 0
) -> tuple[list, float]:
    """Applicants ``first`` … ``first + n - 1``: all GET the form, then all POST at once."""
    rng = random.Random(seed)
    doubles = set(rng.sample(range(first, first + n), int(n * double_fraction)))
    go, ready, results = asyncio.Event(), [], []
    tasks = [
        asyncio.create_task(
            applicant(base, i, random.Random(seed + i), i in doubles, gap, go, ready, results)
        )
        for i in range(first, first + n)
    ]
    while len(ready) < n:
        failed = [t for t in tasks if t.done() and t.exception()]
        if failed:
            raise failed[0].exception()
        await asyncio.sleep(0.01)
    t0 = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    return results, time.perf_counter() - t0


async def baseline(base: str, rounds: int) -> dict:
    """Sequential, idle server: the form page (GET) and a submission (POST), median ms."""
    import httpx

    url = f"{base}/{SLUG}/apply/"
    gets, posts = [], []
    rng = random.Random(1)
    for i in range(rounds):
        async with httpx.AsyncClient(timeout=60) as client:
            t0 = time.perf_counter()
            page = await client.get(url)
            gets.append((time.perf_counter() - t0) * 1000)
            data = form_for(100_000 + i, rng) | {
                "token": TOKEN.search(page.text).group(1),
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            }
            t0 = time.perf_counter()
            r = await client.post(url, data=data, headers={"Referer": url})
            posts.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 302, r.status_code
    return {"get_ms": statistics.median(gets), "post_ms": statistics.median(posts)}


def check_database(dbname: str, results: list, before: int) -> dict:
    """What the database holds for the tokens of the run (the baseline's applications excluded)."""
    import psycopg

    tokens = {r["token"] for r in results}
    with psycopg.connect(dbname=dbname, **PG) as conn:
        rows = conn.execute(
            "SELECT a.id, a.idempotency_key, a.serial, a.number FROM applications_application a "
            "JOIN agencies_agency g ON g.id = a.agency_id WHERE g.slug = %s ORDER BY a.serial",
            [SLUG],
        ).fetchall()
        counter = conn.execute(
            "SELECT coalesce(max(c.last_serial), 0) FROM applications_applicationcounter c "
            "JOIN agencies_agency g ON g.id = c.agency_id WHERE g.slug = %s",
            [SLUG],
        ).fetchone()[0]
        audit = conn.execute("SELECT count(*) FROM audit_auditentry WHERE action = 'submit'").fetchone()[0]
    run = [r for r in rows if r[1] in tokens]
    per_token: dict[str, list[int]] = {}
    for pk, key, _serial, _number in run:
        per_token.setdefault(key, []).append(pk)
    serials = [r[2] for r in rows]
    numbers = [r[3] for r in rows]
    pk_of = {key: pks[0] for key, pks in per_token.items()}
    answered = [r for r in results if r["pk"] is not None]
    return {
        "tokens": len(tokens),
        "applications": len(run),
        "all_applications": len(rows),
        "lost": len(tokens - set(per_token)),
        "duplicated": sum(len(p) - 1 for p in per_token.values()),
        "serials_gap_free": serials == list(range(1, len(rows) + 1)) and counter == len(rows),
        "numbers_unique": len(set(numbers)) == len(numbers),
        "counter": counter,
        "audit_submit": audit,
        "audit_ok": audit == len(rows),
        "wrong_answer": sum(1 for r in answered if pk_of.get(r["token"]) != r["pk"]),
        "before": before,
    }


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="concurrent applicants (default 200)")
    ap.add_argument("--double", type=float, default=0.5, help="fraction who click twice (default 0.5)")
    ap.add_argument("--gap-ms", type=float, default=100, help="delay of the second click (default 100 ms)")
    ap.add_argument(
        "--probe",
        type=int,
        default=20,
        help="then this many applicants, all clicking twice, on the lightly loaded server (default 20)",
    )
    ap.add_argument(
        "--probe-gap-ms", type=float, default=20, help="their second click's delay (default 20 ms)"
    )
    ap.add_argument("--workers", type=int, default=2, help="server processes (default 2 = cores)")
    ap.add_argument("--threads", type=int, default=8, help="threads per server process (default 8)")
    ap.add_argument("--db", default="gongkai_bench_apps", help="PostgreSQL database (dropped and recreated)")
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.serve:
        serve(args.serve, args.threads)
        return 0

    home = tempfile.mkdtemp(prefix="gongkai-bench-apps-")
    env = os.environ | {
        "GONGKAI_DB": "postgres",
        "GONGKAI_PG_NAME": args.db,
        "GONGKAI_HOME": home,
        "GONGKAI_DEBUG": "0",
        "GONGKAI_LOG_LEVEL": "WARNING",
        "GONGKAI_SECRET_KEY": BENCH_KEY,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    servers: list[subprocess.Popen] = []
    server_log = Path(home) / "server.log"

    def stop_servers() -> None:
        for p in servers:
            if p.poll() is None:
                p.terminate()
        for p in servers:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        servers.clear()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        t0 = time.perf_counter()
        pg_admin(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{args.db}"')
        gongkai = str(VENV_BIN / "gongkai")
        subprocess.run([gongkai, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=home)
        subprocess.run([gongkai, "demo"], env=env, check=True, cwd=home, stdout=subprocess.DEVNULL)
        print(f"database {args.db}: migrated, demo loaded in {time.perf_counter() - t0:.1f} s")

        port = free_port()
        log = server_log.open("w")
        for _ in range(args.workers):
            servers.append(
                subprocess.Popen(
                    [sys.executable, __file__, "--serve", str(port), "--threads", str(args.threads)],
                    env=env,
                    cwd=home,
                    stdout=log,
                    stderr=log,
                )
            )
        base = f"http://127.0.0.1:{port}"
        import httpx

        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(f"{base}/{SLUG}/apply/", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline or any(p.poll() is not None for p in servers):
                raise SystemExit("server did not start:\n" + server_log.read_text()[-3000:])
            time.sleep(0.2)
        time.sleep(1)  # let every worker finish importing
        print(f"server: {args.workers} processes × {args.threads} threads on {base} (DEBUG off)")

        base_line = asyncio.run(baseline(base, 10))
        print(
            f"baseline (idle server, sequential, median of 10): form GET {base_line['get_ms']:.1f} ms, "
            f"submission POST {base_line['post_ms']:.1f} ms"
        )
        before = 10

        results, wall = asyncio.run(fire(base, args.n, args.double, args.gap_ms / 1000, args.seed))
        log_main = server_log.read_text()
        probe: list = []
        if args.probe:
            # Light load: every applicant clicks twice, the second click while the first is in flight.
            probe, _ = asyncio.run(
                fire(base, args.probe, 1.0, args.probe_gap_ms / 1000, args.seed + 1, first=args.n)
            )
        stop_servers()
        check = check_database(args.db, results, before)
        check_all = check_database(args.db, results + probe, before)

        firsts = [r for r in results if r["click"] == 0]
        seconds = [r for r in results if r["click"] == 1]
        ok = [r for r in results if r["status"] == 302]
        bad = [r for r in results if r["status"] != 302]
        lat = [r["ms"] for r in results]
        first_lat = [r["ms"] for r in firsts]
        rate = check["applications"] / wall
        print(
            f"\n{args.n} applicants at once, {len(seconds)} of them clicking twice ({args.gap_ms:.0f} ms apart): "
            f"{len(results)} POSTs in {wall:.2f} s"
        )
        print(
            f"  answered 302 → done page: {len(ok)}; other answers: {len(bad)} "
            f"{sorted({str(r['status']) for r in bad}) if bad else ''}"
        )
        errors = [line for line in log_main.splitlines() if re.match(r"^[\w.]+(Error|Exception): ", line)]
        for line, count in sorted({e: errors.count(e) for e in errors}.items(), key=lambda kv: -kv[1])[:5]:
            print(f"    server log: {count}× {line[:160]}")
        if bad:
            print(
                f"    of which first clicks: {sum(1 for r in bad if r['click'] == 0)}, "
                f"second clicks: {sum(1 for r in bad if r['click'] == 1)}"
            )
        print(
            f"  throughput: {rate:.1f} submissions/s (distinct applications created), "
            f"{len(results) / wall:.1f} POSTs/s"
        )
        print(
            f"  latency of all POSTs: p50 {pct(lat, 50):.0f} ms, p95 {pct(lat, 95):.0f} ms, max {max(lat):.0f} ms; "
            f"first clicks p50 {pct(first_lat, 50):.0f} ms, p95 {pct(first_lat, 95):.0f} ms "
            f"({pct(lat, 50) / base_line['post_ms']:.0f}× the idle POST)"
        )
        print("database:")
        print(
            f"  distinct tokens {check['tokens']}, applications for them {check['applications']}: "
            f"lost {check['lost']}, duplicated {check['duplicated']}"
        )
        print(
            f"  tracking numbers: {check['all_applications']} in all (incl. {before} of the baseline"
            f"{f' and {args.probe} of the probe below' if args.probe else ''}), "
            f"unique {check['numbers_unique']}, serials 1..{check['all_applications']} gap-free "
            f"{check['serials_gap_free']} (counter {check['counter']})"
        )
        print(
            f"  audit 'submit' entries {check['audit_submit']} (one per application: {check['audit_ok']}); "
            f"answers naming another application than the token's: {check['wrong_answer']}"
        )
        probe_bad = [r for r in probe if r["status"] != 302]
        if args.probe:
            print(
                f"\ndouble-click probe on a lightly loaded server: {args.probe} applicants each clicking twice "
                f"{args.probe_gap_ms:.0f} ms apart: {len(probe) - len(probe_bad)} answered 302, "
                f"{len(probe_bad)} not {sorted({str(r['status']) for r in probe_bad}) if probe_bad else ''}"
            )
            later = server_log.read_text()[len(log_main) :]
            errors = [line for line in later.splitlines() if re.match(r"^[\w.]+(Error|Exception): ", line)]
            for line, count in sorted({e: errors.count(e) for e in errors}.items(), key=lambda kv: -kv[1])[
                :3
            ]:
                print(f"    server log: {count}× {line[:160]}")
            print(
                f"  database after both phases: lost {check_all['lost']}, duplicated {check_all['duplicated']}, "
                f"serials gap-free {check_all['serials_gap_free']} ({check_all['all_applications']} in all), "
                f"numbers unique {check_all['numbers_unique']}, audit one per application {check_all['audit_ok']}"
            )
        print(
            f"n={args.n} doubles={len(seconds)} workers={args.workers} threads={args.threads} "
            f"submissions_per_s={rate:.1f} posts_per_s={len(results) / wall:.1f} "
            f"p50_ms={pct(lat, 50):.0f} p95_ms={pct(lat, 95):.0f} first_p50_ms={pct(first_lat, 50):.0f} "
            f"first_p95_ms={pct(first_lat, 95):.0f} baseline_post_ms={base_line['post_ms']:.1f} "
            f"baseline_get_ms={base_line['get_ms']:.1f} applications={check['applications']} "
            f"lost={check['lost']} duplicated={check['duplicated']} gap_free={int(check['serials_gap_free'])} "
            f"numbers_unique={int(check['numbers_unique'])} non_302={len(bad)} "
            f"wrong_answer={check['wrong_answer']} probe={args.probe} probe_non_302={len(probe_bad)} "
            f"probe_lost={check_all['lost']} probe_duplicated={check_all['duplicated']}"
        )
        return (
            0
            if (
                check_all["lost"] == 0
                and check_all["duplicated"] == 0
                and check_all["serials_gap_free"]
                and check_all["numbers_unique"]
            )
            else 1
        )
    finally:
        stop_servers()
        if not args.keep:
            try:
                pg_admin(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
            except Exception as exc:  # report, keep the original error
                print(f"could not drop {args.db}: {exc}", file=sys.stderr)
        import shutil

        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
