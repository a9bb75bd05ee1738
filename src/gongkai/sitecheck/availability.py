"""Home-page availability over a week (站点无法访问), the first single-veto indicator.

国办秘函〔2019〕19号 (政府网站与政务新媒体检查指标): the site is watched for one week and visited at
intervals, more than 20 times a day; when the visits whose home page does not open within 15
seconds reach 5 % of all visits, the site fails (单项否决). One crawl cannot measure that, so
:func:`probe` visits the home page on a schedule of its own (every hour, beat entry
``probe-sites``) and :func:`assess` applies the rule to the last seven days of probes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

WINDOW = timedelta(days=7)
VISITS_PER_DAY = 20  # "每天间隔性访问20次以上"
TIMEOUT = 15.0  # seconds: "超过（含）15秒网站仍打不开"
VETO_SHARE = 0.05  # "次数累计占比超过（含）5%"
INDICATOR = (
    "单项否决·站点无法访问（监测1周，每天访问20次以上，15秒仍打不开的次数占比≥5%，国办秘函〔2019〕19号）"
)


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    seconds: float
    detail: str  # "200", "超时", "HTTP 503", …


def probe(url: str, *, user_agent: str, transport: httpx.BaseTransport | None = None) -> ProbeResult:
    """Visit ``url`` once: open means a final response below 400 within 15 seconds."""
    started = time.perf_counter()
    try:
        with httpx.Client(
            transport=transport, follow_redirects=True, timeout=TIMEOUT, headers={"User-Agent": user_agent}
        ) as client:
            response = client.get(url)
    except httpx.TimeoutException:
        return ProbeResult(False, time.perf_counter() - started, "超时（15秒未打开）")
    except httpx.HTTPError as exc:
        return ProbeResult(False, time.perf_counter() - started, f"无法连接：{type(exc).__name__}")
    seconds = time.perf_counter() - started
    if response.status_code >= 400:
        return ProbeResult(False, seconds, f"HTTP {response.status_code}")
    if seconds >= TIMEOUT:
        return ProbeResult(False, seconds, "超时（15秒未打开）")
    return ProbeResult(True, seconds, str(response.status_code))


@dataclass(frozen=True)
class Availability:
    visits: int
    failures: int
    days_covered: int  # days of the week with 20 visits or more
    since: datetime
    until: datetime

    @property
    def share(self) -> float:
        return self.failures / self.visits if self.visits else 0.0

    @property
    def complete(self) -> bool:
        """Whether the week was watched as the indicator says (every day 20 visits or more)."""
        return self.days_covered >= WINDOW.days

    @property
    def veto(self) -> bool:
        return self.complete and self.share >= VETO_SHARE

    def summary(self) -> str:
        if not self.visits:
            return "近7天尚无可用性监测记录"
        text = f"近7天访问首页{self.visits}次，{self.failures}次15秒内未能打开（{self.share:.1%}）"
        if not self.complete:
            return text + f"；监测不足（每天20次以上的只有{self.days_covered}天，需满7天），暂不判定"
        return text + ("：单项否决" if self.veto else "：合格")


def assess(probes: list[tuple[datetime, bool]], now: datetime) -> Availability:
    """The indicator over the week before ``now``; ``probes`` are (time, opened) pairs."""
    since = now - WINDOW
    week = [(at, ok) for at, ok in probes if since < at <= now]
    per_day: dict[int, int] = {}
    for at, _ok in week:
        day = int((now - at) / timedelta(days=1))  # 0: the last 24 hours … 6
        per_day[day] = per_day.get(day, 0) + 1
    covered = sum(1 for n in per_day.values() if n >= VISITS_PER_DAY)  # 以上 includes the number
    return Availability(len(week), sum(1 for _at, ok in week if not ok), covered, since, now)
