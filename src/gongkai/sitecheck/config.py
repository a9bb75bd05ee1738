"""Per-site configuration of the website self-inspection (网站自查配置).

Everything the inspection rules leave to the site is configurable here and loadable from JSON:
the hosts that belong to the site, CSS selectors for columns (栏目) on unusual layouts, the
update limits per kind of column, the leaders' names and titles to check and a sensitive-word list.

The default limits follow the single-veto indicators of 国办秘函〔2019〕19号 (政府网站与政务新媒体
检查指标): 动态/要闻 columns not updated within **2 weeks**, 通知公告/政策文件 within **6 months**.
No Django import here: the crawler and the rules run without the platform.

A JSON file for ``gongkai sitecheck URL --config site.json`` (every key optional but start_url,
which the command line supplies)::

    {"hosts": ["www.example.gov.cn", "xxgk.example.gov.cn"],
     "column_limits": {"动态": "2w", "通知公告": "6m", "专题": "3m"},
     "column_selectors": [{"url_contains": "/col/", "items": "ul.list > li", "date": "span.date"}],
     "leaders": [{"name": "王建国", "titles": ["局长"]}],
     "sensitive_words": ["……"], "ignore_params": ["lang"], "index_number_paths": ["xxgk"],
     "scope_paths": ["/szmzj/"]}

The crawl stays inside the site: its hosts, and on them the paths under ``scope_paths`` — by
default the folder of the start URL, so ``http://platform/szmzj/`` (one agency's pages on a shared
portal) crawls ``/szmzj/…`` only; links elsewhere on the same host (another agency, the search page)
are checked, not followed. Query parameters that only change the view (``?lang=``, ``?mode=``,
``?fs=``: 简/繁, 适老 and font-size versions of the same page) are dropped by default
(``ignore_params``); links marked ``rel="nofollow"`` (a catalogue's filters and sort orders) are
checked, not crawled.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(ValueError):
    """A site configuration that cannot be used; the message is for users (Chinese)."""


_LIMIT = re.compile(r"^\s*(\d+)\s*([dwmy天周月年])\s*$")
_UNIT = {"d": "d", "天": "d", "w": "w", "周": "w", "m": "m", "月": "m", "y": "y", "年": "y"}


@dataclass(frozen=True)
class Limit:
    """An update limit: ``amount`` of ``unit`` (d days, w weeks, m calendar months, y years)."""

    amount: int
    unit: str

    @classmethod
    def parse(cls, text: str | int) -> Limit:
        if isinstance(text, int):
            return cls(text, "d")
        m = _LIMIT.match(str(text))
        if not m:
            raise ConfigError(f"更新时限“{text}”格式不正确，应形如 14d、2w、6m（天、周、月）")
        return cls(int(m[1]), _UNIT[m[2]])

    def cutoff(self, today: date) -> date:
        """The earliest date still within the limit, counted back from ``today``."""
        if self.unit in ("d", "w"):
            return today - timedelta(days=self.amount * (7 if self.unit == "w" else 1))
        months = self.amount * (12 if self.unit == "y" else 1)
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        month += 1
        day = min(today.day, calendar.monthrange(year, month)[1])
        return date(year, month, day)

    def label(self) -> str:
        return f"{self.amount}{ {'d': '天', 'w': '周', 'm': '个月', 'y': '年'}[self.unit] }"


# Column kind keyword → update limit. The first keyword found in the column's name wins, so the
# more specific words come first. 国办秘函〔2019〕19号: 动态、要闻 2 weeks; 通知公告、政策文件 6 months.
DEFAULT_COLUMN_LIMITS: dict[str, str] = {
    "动态": "2w",
    "要闻": "2w",
    "新闻": "2w",
    "通知公告": "6m",
    "通知": "6m",
    "公告": "6m",
    "政策文件": "6m",
    "文件": "6m",
    "政策": "6m",
}

DEFAULT_EMPTY_MARKERS = (
    "暂无信息",
    "暂无数据",
    "暂无内容",
    "暂无记录",
    "暂无相关信息",
    "没有相关信息",
    "没有记录",
    "无相关信息",
    "共0条",
    "共 0 条",
    "信息正在更新中",
    "栏目建设中",
    "正在建设中",
)

# Words in a script, an onclick handler or a link's class that show a leave-site notice.
DEFAULT_NOTICE_MARKERS = (
    "即将离开",
    "您将离开",
    "离开本网站",
    "离开本站",
    "离开政府网站",
    "跳转到外部",
    "第三方网站",
    "外部网站",
    "leave_site",
    "leavesite",
    "outlink",
    "waibulianjie",
)


DEFAULT_VIEW_PARAMS = ("lang", "mode", "fs")


@dataclass(frozen=True)
class ColumnSelector:
    """CSS selectors overriding column detection on pages whose URL contains ``url_contains``.

    ``items`` selects one element per list item; ``date`` (inside the item) holds its date, and
    ``name`` (on the page) the column's name. An empty ``items`` match means an empty column.
    """

    url_contains: str
    items: str
    date: str = ""
    name: str = ""


@dataclass(frozen=True)
class Leader:
    """A leader (领导) whose name and titles pages must get right."""

    name: str
    titles: tuple[str, ...]


@dataclass
class SiteConfig:
    """How to inspect one site."""

    start_url: str
    hosts: list[str] = field(default_factory=list)
    max_pages: int = 2000
    concurrency: int = 4
    rate: float = 8.0  # requests per second per host; 0 = unlimited
    timeout: float = 15.0  # 国办秘函〔2019〕19号 counts a page not open within 15 s as unreachable
    retries: int = 2
    user_agent: str = "gongkai-sitecheck/0.1 (government website self-inspection)"
    obey_robots: bool = True
    check_external: bool = True
    check_images: bool = True
    column_limits: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMN_LIMITS))
    default_column_limit: str | None = None  # limit for columns of no known kind; None = not checked
    column_selectors: list[ColumnSelector] = field(default_factory=list)
    empty_markers: tuple[str, ...] = DEFAULT_EMPTY_MARKERS
    notice_markers: tuple[str, ...] = DEFAULT_NOTICE_MARKERS
    notice_exempt_hosts: list[str] = field(default_factory=lambda: ["*.gov.cn"])
    # Query parameters that only change the view of a page (简/繁, 适老 mode): not separate pages.
    ignore_params: list[str] = field(default_factory=lambda: list(DEFAULT_VIEW_PARAMS))
    scope_paths: list[str] | None = None  # path prefixes crawled on the hosts; None = the start URL's folder
    homepage_limit: str = "2w"
    index_number_paths: list[str] = field(default_factory=lambda: ["xxgk", "zfxxgk", "gkml", "govinfo"])
    leaders: list[Leader] = field(default_factory=list)
    sensitive_words: list[str] = field(default_factory=list)
    parse_workers: int | None = None  # processes parsing HTML; None = 1 for crawls of 500+ pages on 2+ cores
    external_failures_needed: int = 3
    external_window_hours: float = 36.0

    def __post_init__(self) -> None:
        self._internal_cache: dict[str, bool] = {}
        parts = urlsplit(self.start_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"网址“{self.start_url}”无效，应以 http:// 或 https:// 开头")
        if not self.hosts:
            self.hosts = [parts.netloc.lower()]
        if self.scope_paths is None:
            path = parts.path or "/"
            self.scope_paths = [path[: path.rfind("/") + 1] or "/"]
        if not all(isinstance(p, str) and p.startswith("/") for p in self.scope_paths):
            raise ConfigError("scope_paths 中的每一项都应是以 / 开头的路径，如 /szmzj/")
        if self.max_pages < 1:
            raise ConfigError("最大页面数必须大于0")
        if self.concurrency < 1:
            raise ConfigError("并发数必须大于0")
        for value in [*self.column_limits.values(), self.homepage_limit, self.default_column_limit]:
            if value is not None:
                Limit.parse(value)

    def limit_for(self, column_name: str) -> tuple[str | None, Limit | None]:
        """The kind keyword and limit applying to a column called ``column_name``."""
        for keyword, limit in self.column_limits.items():
            if keyword in column_name:
                return keyword, Limit.parse(limit)
        if self.default_column_limit:
            return None, Limit.parse(self.default_column_limit)
        return None, None

    def is_internal(self, url: str) -> bool:
        """Whether ``url`` is on the site's own hosts. A host without a port matches any port."""
        head, sep, rest = url.partition("://")
        netloc = rest.split("/", 1)[0].split("?", 1)[0] if sep else ""
        known = self._internal_cache.get(netloc)
        if known is None:
            known = self._internal_cache[netloc] = self._netloc_internal(url)
        return known

    def in_scope(self, url: str) -> bool:
        """Whether an internal ``url`` lies under one of :attr:`scope_paths` (is crawled as a page)."""
        path = urlsplit(url).path or "/"
        return any(path.startswith(prefix) or path + "/" == prefix for prefix in self.scope_paths)

    def _netloc_internal(self, url: str) -> bool:
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        netloc = f"{host}:{port}" if port else host
        for entry in self.hosts:
            entry = entry.lower()
            if ":" in entry:
                if entry == netloc:
                    return True
            elif _host_match(entry, host):
                return True
        return False

    def add_host(self, netloc: str) -> None:
        """Count ``netloc`` as one of the site's own hosts from now on."""
        if netloc.lower() not in self.hosts:
            self.hosts.append(netloc.lower())
            self._internal_cache.clear()

    def notice_exempt(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(_host_match(p.lower(), host) for p in self.notice_exempt_hosts)

    @classmethod
    def from_dict(cls, data: dict, **overrides) -> SiteConfig:
        data = {**data, **{k: v for k, v in overrides.items() if v is not None}}
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"配置中有未知的项：{'、'.join(sorted(unknown))}")
        if "start_url" not in data:
            raise ConfigError("配置缺少 start_url（要检查的网站首页）")
        try:
            data["column_selectors"] = [ColumnSelector(**s) for s in data.get("column_selectors", [])]
            data["leaders"] = [Leader(x["name"], tuple(x.get("titles", ()))) for x in data.get("leaders", [])]
        except (TypeError, KeyError) as exc:
            raise ConfigError(f"配置中的栏目选择器或领导名单格式不正确：{exc}") from exc
        for key in ("empty_markers", "notice_markers"):
            if key in data:
                data[key] = tuple(data[key])
        return cls(**data)

    @classmethod
    def load(cls, path: str | Path, **overrides) -> SiteConfig:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"找不到配置文件 {path}") from exc
        except json.JSONDecodeError as exc:
            raise ConfigError(f"配置文件 {path} 不是有效的 JSON：第{exc.lineno}行 {exc.msg}") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"配置文件 {path} 应是一个 JSON 对象")
        return cls.from_dict(data, **overrides)


def _host_match(pattern: str, host: str) -> bool:
    if pattern.startswith("*."):
        return host == pattern[2:] or host.endswith(pattern[1:])
    return host == pattern
