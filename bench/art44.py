"""How fast the Art. 44 groups of an agency are found (:func:`gongkai.rules.same_information.groups`):
the staff page and every case page compute them over the agency's last 12 months of applications.

Generates N applications over a year (subjects written the way applicants write: a topic from a
list of 200, a year, filler words, sometimes a 文号), groups them, prints the time and the groups
found, and the same with the naive all-pairs comparison for the smallest size. Pure Python, no
database. Ends with one ``key=value`` line.

    nice -n 10 python bench/art44.py --sizes 1000 5000 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gongkai.rules.same_information import Request, groups, same_information

TOPICS = [
    "城乡最低生活保障资金发放情况",
    "特困人员救助供养资金发放情况",
    "养老服务设施建设项目批复",
    "殡葬服务收费标准",
    "社会组织年检结果",
    "部门预算",
    "部门决算",
    "临时救助资金使用情况",
    "老年人高龄津贴发放名单",
    "婚姻登记服务收费项目",
]
PLACES = ["曾都区", "广水市", "随县", "高新区", "某某街道", "某某镇", "某某社区", "某某村", "城南", "城北"]
FILLER = ["请公开", "申请公开贵局", "关于", "请提供", "", ""]


def _requests(n: int, seed: int = 1) -> list[Request]:
    rng = random.Random(seed)
    start = dt.date(2026, 1, 1)
    out = []
    for i in range(n):
        topic = f"{rng.choice(PLACES)}{rng.choice(TOPICS)}"  # 100 topics
        year = rng.choice([2023, 2024, 2025])
        subject = f"{rng.choice(FILLER)}{year}年度{topic}"
        number = f"随民发〔{year}〕{rng.randrange(1, 40)}号" if rng.random() < 0.1 else ""
        out.append(
            Request(i, start + dt.timedelta(days=rng.randrange(365)), f"p{rng.randrange(n)}", subject, number)
        )
    return out


def _naive(reqs: list[Request]) -> int:
    pairs = 0
    for i, a in enumerate(reqs):
        for b in reqs[i + 1 :]:
            pairs += same_information(a, b)
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    args = parser.parse_args()
    as_of = dt.date(2026, 12, 31)
    figures = []
    for n in args.sizes:
        reqs = _requests(n)
        t = time.perf_counter()
        found = groups(reqs, as_of)
        seconds = time.perf_counter() - t
        figures.append(f"n{n}={seconds:.3f}s")
        print(
            f"{n:>6} applications: {seconds:.3f} s, {len(found)} groups, largest {len(found[0].requests) if found else 0}"
        )
    n = min(args.sizes)
    t = time.perf_counter()
    _naive(_requests(n))
    naive = time.perf_counter() - t
    print(f"naive all-pairs comparison of {n}: {naive:.3f} s")
    print("art44 " + " ".join(figures) + f" naive{n}={naive:.3f}s")


if __name__ == "__main__":
    main()
