"""PostgreSQL restarted in the middle of 200 online applications (issue 12 item 15), on a private
PostgreSQL cluster so that nobody else's database restarts.

    .venv/bin/python bench/faults.py [--n 200] [--spread 6] [--restart-at 2]

Steps: (1) ``initdb`` a throw-away cluster in a temporary directory (port 5439; as the ``postgres``
user when run by root), migrate, create the agency ``szmzj``; (2) start gunicorn with the production
profile (deploy/gunicorn.conf.py, 2 workers) against it; (3) ``--n`` applicants fetch the form, then
post it at moments spread evenly over ``--spread`` seconds; at ``--restart-at`` seconds the cluster is
restarted (``pg_ctl restart -m fast``: every connection is cut); (4) each answer is classified:
accepted (redirect to the 申请已提交 page), refused clearly (503 with the Chinese 系统暂时不可用 page),
or anything else; (5) the database is checked: every accepted application there once, no refused one
there, one 'submit' audit row per application, tracking numbers gap-free; (6) every refused applicant
submits the same form again (same token) and must now be accepted, once.
Everything is stopped and removed at the end. The last line is ``key=value`` pairs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import BENCH_KEY, pct
from submissions import DONE, TOKEN, form_for

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PORT_PG, SLUG, DB = 5439, "szmzj", "gongkai_fault"
FIELD_KEY = "ZmF1bHQtYmVuY2gtb25seS1maWVsZC1rZXktMDAwMDA="


def as_pg(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(home: str, bind: str) -> dict:
    return os.environ | {
        "GONGKAI_HOME": home,
        "GONGKAI_DB": "postgres",
        "GONGKAI_PG_NAME": DB,
        "GONGKAI_PG_PORT": str(PORT_PG),
        "GONGKAI_PG_HOST": "127.0.0.1",
        "GONGKAI_PROFILE": "production",
        "GONGKAI_SSL_REDIRECT": "0",
        "GONGKAI_SECURE_COOKIES": "0",
        "GONGKAI_HSTS_SECONDS": "0",
        "GONGKAI_SECRET_KEY": BENCH_KEY,
        "GONGKAI_FIELD_KEY": FIELD_KEY,
        "GONGKAI_DEBUG": "0",
        "GONGKAI_BIND": bind,
        "GONGKAI_WORKERS": "2",
        "GONGKAI_LOG_LEVEL": "WARNING",
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
        "GONGKAI_BROKER": "",
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }


async def get_form(client, base: str, i: int) -> dict:
    url = f"{base}/{SLUG}/apply/"
    page = await client.get(url)
    if not TOKEN.search(page.text):
        raise SystemExit(f"the form did not load: {page.status_code} {page.text[:300]}")
    return form_for(i, random.Random(i)) | {
        "token": TOKEN.search(page.text).group(1),
        "csrfmiddlewaretoken": client.cookies["csrftoken"],
    }


async def post(client, url: str, data: dict, i: int) -> dict:
    import httpx

    t = time.perf_counter()
    try:
        r = await client.post(url, data=data, headers={"Referer": url})
        status, text, location = r.status_code, r.text, r.headers.get("location", "")
    except httpx.HTTPError as exc:
        status, text, location = type(exc).__name__, "", ""
    m = DONE.search(location)
    kind = (
        "accepted"
        if m
        else "refused_clearly"
        if status == 503 and "系统暂时不可用" in text and "没有保存" in text
        else "maybe_saved"
        if status == 503 and "可能已经保存" in text
        else "unclear"
    )
    return {
        "i": i,
        "token": data["token"],
        "status": status,
        "kind": kind,
        "data": data,
        "pk": int(m.group(1)) if m else None,
        "ms": (time.perf_counter() - t) * 1000,
    }


async def run_load(base: str, n: int, spread: float, restart_at: float, pgdata: str) -> tuple[list, float]:
    import httpx

    url = f"{base}/{SLUG}/apply/"
    clients = [httpx.AsyncClient(timeout=60) for _ in range(n)]
    try:
        forms = await asyncio.gather(*(get_form(c, base, i) for i, c in enumerate(clients)))  # all before
        t0 = time.perf_counter()

        async def later(i: int) -> dict:
            await asyncio.sleep(spread * i / n)
            return await post(clients[i], url, forms[i], i)

        tasks = [asyncio.create_task(later(i)) for i in range(n)]
        await asyncio.sleep(max(0.0, t0 + restart_at - time.perf_counter()))
        r0 = time.perf_counter()
        await asyncio.to_thread(
            as_pg,
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                pgdata,
                "restart",
                "-m",
                "fast",
                "-w",
                "-o",
                f"-p {PORT_PG} -k /tmp",
                "-l",
                f"{pgdata}/log",
            ],
        )
        restart_s = time.perf_counter() - r0
        return list(await asyncio.gather(*tasks)), restart_s
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


async def retry(base: str, refused: list) -> list:
    import httpx

    out = []
    for r in refused:
        async with httpx.AsyncClient(timeout=60) as client:
            url = f"{base}/{SLUG}/apply/"
            await client.get(url)  # a fresh CSRF cookie, the same form (token) as before
            data = r["data"] | {"csrfmiddlewaretoken": client.cookies["csrftoken"]}
            out.append(await post(client, url, data, r["i"]))
    return out


def check(results: list) -> dict:
    import psycopg

    with psycopg.connect(dbname=DB, host="127.0.0.1", port=PORT_PG, user="postgres") as conn:
        rows = conn.execute(
            "SELECT id, idempotency_key, serial FROM applications_application ORDER BY serial"
        ).fetchall()
        audits = dict(
            conn.execute(
                "SELECT object_id, count(*) FROM audit_auditentry WHERE action = 'submit' GROUP BY object_id"
            ).fetchall()
        )
        counter = conn.execute(
            "SELECT coalesce(max(last_serial), 0) FROM applications_applicationcounter"
        ).fetchone()[0]
    by_token: dict[str, int] = {}
    for _pk, key, _serial in rows:
        by_token[key] = by_token.get(key, 0) + 1
    accepted = [r for r in results if r["kind"] == "accepted"]
    refused = [r for r in results if r["kind"] != "accepted"]
    return {
        "rows": len(rows),
        "accepted_missing": sum(1 for r in accepted if r["token"] not in by_token),
        "duplicated": sum(c - 1 for c in by_token.values()),
        # Told "没有保存" yet written: that would be a lie (and a half-written case).
        "refused_but_written": sum(
            1 for r in refused if r["kind"] == "refused_clearly" and r["token"] in by_token
        ),
        "maybe_saved_written": sum(
            1 for r in refused if r["kind"] == "maybe_saved" and r["token"] in by_token
        ),
        "audit_mismatch": sum(1 for pk, _k, _s in rows if audits.get(str(pk)) != 1),
        "serials_gap_free": [s for _p, _k, s in rows] == list(range(1, len(rows) + 1))
        and counter == len(rows),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--spread", type=float, default=6.0)
    ap.add_argument("--restart-at", type=float, default=2.0)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="gongkai-fault-")
    pgdata, home = f"{tmp}/pg", f"{tmp}/home"
    os.makedirs(home)
    shutil.chown(tmp, "postgres") if os.geteuid() == 0 else None
    server = None
    port = free_port()
    base, env = f"http://127.0.0.1:{port}", env_for(home, f"127.0.0.1:{port}")
    try:
        as_pg([str(PG_BIN / "initdb"), "-D", pgdata, "-A", "trust", "-U", "postgres", "--no-sync"])
        as_pg(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                pgdata,
                "start",
                "-w",
                "-o",
                f"-p {PORT_PG} -k /tmp",
                "-l",
                f"{pgdata}/log",
            ]
        )
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(PORT_PG), "-U", "postgres", DB], check=True)
        gk = [str(VENV_BIN / "gongkai")]
        subprocess.run([*gk, "migrate", "-v", "0"], env=env, check=True)
        subprocess.run([*gk, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run(
            [
                *gk,
                "shell",
                "-c",
                "from gongkai.agencies.models import Agency; Agency.objects.create("
                "name='随州市民政局', short_name='市民政局', code='011330001', slug='szmzj')",
            ],
            env=env,
            check=True,
        )
        server = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "-c",
                str(ROOT / "deploy/gunicorn.conf.py"),
                "--access-logfile",
                "/dev/null",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        import httpx

        for _ in range(120):
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        results, restart_s = asyncio.run(run_load(base, args.n, args.spread, args.restart_at, pgdata))
        counts = {
            k: sum(1 for r in results if r["kind"] == k)
            for k in ("accepted", "refused_clearly", "maybe_saved", "unclear")
        }
        unclear = sorted({str(r["status"]) for r in results if r["kind"] == "unclear"})
        print(
            f"{args.n} submissions over {args.spread} s, PostgreSQL restarted at {args.restart_at} s "
            f"(restart took {restart_s:.1f} s): {counts} {unclear}"
        )
        first = check(results)
        print(f"after the restart: {first}")
        again = asyncio.run(retry(base, [r for r in results if r["kind"] != "accepted"]))
        second = check(results)
        print(
            f"refused applicants submitting again: {sum(1 for r in again if r['kind'] == 'accepted')}/{len(again)} "
            f"accepted; database then: {second}"
        )
        lat = [r["ms"] for r in results]
        print(
            " ".join(
                f"{k}={v}"
                for k, v in (
                    counts
                    | {
                        "p95_ms": round(pct(lat, 95)),
                        "restart_s": round(restart_s, 1),
                        **{f"after_{k}": v for k, v in first.items()},
                        "retried_ok": sum(1 for r in again if r["kind"] == "accepted"),
                        "final_rows": second["rows"],
                        "final_duplicated": second["duplicated"],
                    }
                ).items()
            )
        )
        return 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            as_pg([str(PG_BIN / "pg_ctl"), "-D", pgdata, "stop", "-m", "immediate"])
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
