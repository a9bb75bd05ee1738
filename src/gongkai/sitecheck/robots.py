"""robots.txt (Robots Exclusion Protocol, RFC 9309) for the self-inspection crawler.

The group for the most specific matching user agent applies (else ``*``); within it the longest
matching ``Allow``/``Disallow`` path wins, ``Allow`` on a tie; ``*`` and a final ``$`` work as in
RFC 9309. ``Crawl-delay`` (not in the RFC, common on Chinese CMS sites) slows the crawler down.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit


@dataclass
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[tuple[bool, str, re.Pattern[str]]] = field(default_factory=list)
    crawl_delay: float | None = None


def _compile(path: str) -> re.Pattern[str]:
    anchored = path.endswith("$")
    if anchored:
        path = path[:-1]
    body = ".*".join(re.escape(part) for part in path.split("*"))
    return re.compile(body + ("$" if anchored else ""))


@dataclass
class Robots:
    """Parsed rules; ``Robots.allow_all()`` when there is no robots.txt."""

    groups: list[_Group] = field(default_factory=list)

    @classmethod
    def allow_all(cls) -> Robots:
        return cls()

    @classmethod
    def disallow_all(cls) -> Robots:
        return cls.parse("User-agent: *\nDisallow: /\n")

    @classmethod
    def parse(cls, text: str) -> Robots:
        groups: list[_Group] = []
        current: _Group | None = None
        last_was_agent = False
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, value = (s.strip() for s in line.split(":", 1))
            key = key.lower()
            if key == "user-agent":
                if current is None or not last_was_agent:
                    current = _Group()
                    groups.append(current)
                current.agents.append(value.lower())
                last_was_agent = True
                continue
            last_was_agent = False
            if current is None:
                continue
            if key in ("allow", "disallow"):
                if value:
                    current.rules.append((key == "allow", value, _compile(unquote(value))))
            elif key == "crawl-delay":
                with contextlib.suppress(ValueError):
                    current.crawl_delay = float(value)
        return cls(groups)

    def _group(self, user_agent: str) -> _Group | None:
        token = user_agent.split("/", 1)[0].lower()
        best, best_len = None, -1
        for group in self.groups:
            for agent in group.agents:
                if agent != "*" and agent in token and len(agent) > best_len:
                    best, best_len = group, len(agent)
        if best is None:
            best = next((g for g in self.groups if "*" in g.agents), None)
        return best

    def can_fetch(self, user_agent: str, url: str) -> bool:
        group = self._group(user_agent)
        if group is None:
            return True
        if urlsplit(url).path == "/robots.txt":
            return True
        parts = urlsplit(url)
        target = unquote(parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        verdict, length = True, -1
        for allow, raw, pattern in group.rules:
            if pattern.match(target) and (len(raw) > length or (len(raw) == length and allow)):
                verdict, length = allow, len(raw)
        return verdict

    def crawl_delay(self, user_agent: str) -> float | None:
        group = self._group(user_agent)
        return group.crawl_delay if group else None
