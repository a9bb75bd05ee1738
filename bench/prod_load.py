"""Load on the production profile (gunicorn + PostgreSQL + Redis, `make prod`), loopback only.

    .venv/bin/python bench/prod_load.py --base http://127.0.0.1:8080 --db gongkai [--levels 4,8,16,32]
                                        [--seconds 10] [--submissions 200]

Needs the demo loaded into that database (``gongkai demo`` with the same environment). Steps:
(1) warm-up: 20 applications through the form, keeping their numbers and 查询码 for the lookups;
(2) for each concurrency level, ``--seconds`` of closed-loop virtual users, each request drawn from the
mix — public pages 40 % (home, an agency's home, catalogue, guide, a document), search 25 %, the apply
form 15 % (GET), a status lookup 15 % (POST number + code, then the status page), a submission 5 %
(GET the form, POST it) — with latency per request; the level "holds" when p95 < 500 ms and no request
failed (status ≥ 400 or a transport error); (3) ``--submissions`` applicants all POST at once
(bench/submissions.py's driver) and the database is checked: none lost, none duplicated.

Bounded: at most ``len(levels) × seconds`` of load plus the burst; the base URL must be on the loopback.
The last line is ``key=value`` pairs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import time
from urllib.parse import urlparse

from benchlib import pct
from submissions import TOKEN, fire, form_for

NUMBER = re.compile(r'id="number">([^<]+)<')
CODE = re.compile(r'id="code">([^<]+)<')
SLUG = "szmzj"
PAGES = ["/", f"/{SLUG}/", f"/{SLUG}/catalogue/", f"/{SLUG}/guide/", "/hbmzt/", "/hbmzt/catalogue/"]
QUERIES = ["最低生活保障", "社会救助", "养老服务", "民政", "婚姻登记", "慈善", "殡葬管理", "通知"]
MIX = [("page", 40), ("search", 25), ("form", 15), ("lookup", 15), ("submit", 5)]


def loopback_only(base: str) -> None:
    host = urlparse(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"只对本机（127.0.0.1）测压，拒绝：{base}")


async def submit_one(client, base: str, i: int, rng: random.Random) -> tuple[int, str, str]:
    url = f"{base}/{SLUG}/apply/"
    page = await client.get(url)
    data = form_for(i, rng) | {
        "token": TOKEN.search(page.text).group(1),
        "csrfmiddlewaretoken": client.cookies["csrftoken"],
    }
    r = await client.post(url, data=data, headers={"Referer": url}, follow_redirects=True)
    number, code = NUMBER.search(r.text), CODE.search(r.text)
    return r.status_code, number.group(1) if number else "", code.group(1) if code else ""


async def warm_up(base: str, n: int) -> tuple[list[tuple[str, str]], list[str]]:
    import httpx

    rng, cases = random.Random(7), []
    for i in range(n):
        async with httpx.AsyncClient(timeout=60) as client:
            status, number, code = await submit_one(client, base, 50_000 + i, rng)
            if status != 200 or not code:
                raise SystemExit(f"warm-up submission failed: {status}")
            cases.append((number, code))
    async with httpx.AsyncClient(timeout=60) as client:
        page = (await client.get(f"{base}/{SLUG}/catalogue/")).text
    docs = sorted(set(re.findall(rf'href="(/{SLUG}/doc/\d+/)"', page)))[:20]
    return cases, docs


async def one_request(client, base: str, kind: str, rng: random.Random, cases, docs, counter) -> int:
    if kind == "page":
        path = rng.choice(PAGES + docs)
        return (await client.get(base + path)).status_code
    if kind == "search":
        return (await client.get(f"{base}/search/", params={"q": rng.choice(QUERIES)})).status_code
    if kind == "form":
        return (await client.get(f"{base}/{SLUG}/apply/")).status_code
    if kind == "lookup":
        url = f"{base}/{SLUG}/apply/status/"
        await client.get(url)
        number, code = rng.choice(cases)
        r = await client.post(
            url,
            data={"number": number, "code": code, "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")},
            headers={"Referer": url},
            follow_redirects=True,
        )
        return r.status_code if "办理进度" in r.text or r.status_code >= 400 else 599
    counter[0] += 1
    status, _number, code = await submit_one(client, base, 60_000 + counter[0], rng)
    return status if code else 598


async def level(base: str, users: int, seconds: float, cases, docs, seed: int) -> dict:
    import httpx

    kinds = [k for k, w in MIX for _ in range(w)]
    lat: dict[str, list[float]] = {k: [] for k, _ in MIX}
    errors: list[str] = []
    deadline = time.perf_counter() + seconds
    counter = [seed * 1000]

    async def user(u: int) -> None:
        rng = random.Random(seed * 100 + u)
        async with httpx.AsyncClient(timeout=30) as client:
            while time.perf_counter() < deadline:
                kind = rng.choice(kinds)
                t0 = time.perf_counter()
                try:
                    status = await one_request(client, base, kind, rng, cases, docs, counter)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                lat[kind].append((time.perf_counter() - t0) * 1000)
                if not isinstance(status, int) or status >= 400:
                    errors.append(f"{kind}:{status}")

    t0 = time.perf_counter()
    await asyncio.gather(*(user(u) for u in range(users)))
    elapsed = time.perf_counter() - t0
    every = [v for vs in lat.values() for v in vs]
    return {
        "users": users,
        "requests": len(every),
        "rps": len(every) / elapsed,
        "p50": pct(every, 50),
        "p95": pct(every, 95),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "p95_by_kind": {k: round(pct(v, 95)) for k, v in lat.items() if v},
    }


def check_burst(db: str, results: list) -> dict:
    import psycopg
    from benchlib import PG

    tokens = {r["token"] for r in results}
    with psycopg.connect(dbname=db, **PG) as conn:
        rows = conn.execute(
            "SELECT idempotency_key, count(*) FROM applications_application "
            "WHERE idempotency_key = ANY(%s) GROUP BY idempotency_key",
            [list(tokens)],
        ).fetchall()
    found = dict(rows)
    refused = [r for r in results if r["pk"] is None]
    statuses: dict[str, int] = {}
    for r in refused:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    return {
        "accepted": len(results) - len(refused),
        "refused": len(refused),
        "refused_status": statuses,
        "lost": sum(1 for r in results if r["pk"] is not None and r["token"] not in found),
        "refused_written": sum(1 for r in refused if r["token"] in found),
        "duplicated": sum(c - 1 for c in found.values()),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="http://127.0.0.1:8080")
    ap.add_argument(
        "--db", default="gongkai", help="the PostgreSQL database the server uses (for the checks)"
    )
    ap.add_argument("--levels", default="4,8,16,32")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--submissions", type=int, default=200)
    args = ap.parse_args()
    loopback_only(args.base)
    cases, docs = asyncio.run(warm_up(args.base, 20))
    print(f"warm-up: {len(cases)} applications, {len(docs)} documents to visit")
    held = None
    for i, users in enumerate(int(x) for x in args.levels.split(",") if x):
        r = asyncio.run(level(args.base, users, args.seconds, cases, docs, seed=i + 1))
        ok = r["p95"] < 500 and r["errors"] == 0
        print(
            f"{users:>3} users: {r['requests']:>5} requests {r['rps']:6.1f}/s  p50 {r['p50']:5.0f} ms  "
            f"p95 {r['p95']:5.0f} ms  errors {r['errors']} {r['error_kinds']}  by kind p95 {r['p95_by_kind']}"
            f"  {'holds' if ok else 'does not hold'}"
        )
        if ok and (held is None or r["rps"] > held["rps"]):
            held = r
    burst = {}
    if args.submissions:
        results, elapsed = asyncio.run(fire(args.base, args.submissions, 0.0, 0.0, seed=99, first=70_000))
        burst = check_burst(args.db, results) | {
            "seconds": round(elapsed, 1),
            "p95_ms": round(pct([r["ms"] for r in results], 95)),
        }
        print(f"{args.submissions} concurrent submissions: {burst}")
    held = held or {"rps": 0, "p95": 0, "users": 0}
    print(
        f"held_rps={held['rps']:.1f} held_users={held['users']} held_p95_ms={held['p95']:.0f} "
        + " ".join(f"burst_{k}={v}" for k, v in burst.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
