"""Crawl result → findings (检查发现), each with the page, the evidence and the indicator.

Indicators are named after 国办秘函〔2019〕19号 (政府网站与政务新媒体检查指标) and
《政府网站发展指引》(国办发〔2017〕47号):

* single veto (单项否决): site unreachable; homepage not updated for 2 weeks (information without a
  publication date counts as not updated); columns not updated (动态/要闻 2 weeks, 通知公告/政策文件
  6 months — at 5 or more such columns — or 10 or more long-stale columns, or 5 or more empty
  columns); serious errors (wrong leader names or titles, prohibited content);
* the rest are what the inspection deducts for: unusable links, external links without a
  leave-site notice, typos, information pages without 发布日期 or (in the disclosure catalogue,
  Art. 12 of the Regulations) 索引号.

Findings are listed one by one; the thresholds apply to the counts (see :func:`veto_summary`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from .columns import is_continuation_url
from .config import Limit, SiteConfig
from .crawler import CrawlResult, Fetch

KINDS = (
    "site_unreachable",
    "homepage_stale",
    "stale_column",
    "empty_column",
    "broken_link",
    "external_link_notice",
    "text_error",
    "missing_metadata",
)

_BASIS = "国办秘函〔2019〕19号"
INDICATORS = {
    "site_unreachable": f"单项否决·站点无法访问（{_BASIS}）",
    "homepage_stale": f"单项否决·首页不更新（监测2周首页无信息更新，{_BASIS}）",
    "stale_column": f"单项否决·栏目不更新（动态、要闻类2周，通知公告、政策文件类6个月，{_BASIS}）",
    "stale_column_other": f"单项否决·栏目不更新（应更新但长期未更新的栏目，{_BASIS}）",
    "empty_column": f"单项否决·栏目不更新（空白栏目，{_BASIS}）",
    "broken_link": "网站可用性·链接可用性（不能正常访问的链接，《政府网站发展指引》）",
    "external_link_notice": "内容保障·外部链接（链接非政府网站须提示用户离开，《政府网站发展指引》）",
    "text_error_doubled": "内容准确性·错别字（《政府网站发展指引》）",
    "text_error_leader": f"单项否决·严重错误（领导姓名、职务错误，{_BASIS}）",
    "text_error_sensitive": f"单项否决·严重错误（违法违规或敏感内容，{_BASIS}）",
    "missing_metadata": "信息发布·要素完整（未注明发布日期视为不更新；公开目录须有索引号，《条例》第十二条）",
}

# What to fix, per kind (for the 自查报告).
FIXES = {
    "site_unreachable": "检查服务器、域名解析和网络，确保首页在15秒内可以打开",
    "homepage_stale": "首页栏目及时更新信息，并注明发布日期",
    "stale_column": "按时限更新栏目内容；确无内容可更新的栏目应整合或撤销",
    "empty_column": "补充栏目内容，或撤销、合并空白栏目",
    "broken_link": "修改或删除不可用链接（含附件、图片、外部链接）",
    "external_link_notice": "为链接非政府网站的外部链接加“即将离开本网站”提示",
    "text_error": "更正错别字、领导姓名职务；删除违规内容",
    "missing_metadata": "在信息页面注明发布日期；政府信息公开目录中的信息注明索引号",
}


@dataclass
class Finding:
    kind: str
    page: str
    target: str | None
    evidence: str
    indicator: str

    def to_dict(self) -> dict:
        return asdict(self)


def _today(now: datetime | date) -> date:
    return now.date() if isinstance(now, datetime) else now


def _info_pages(result: CrawlResult, pages: list[Fetch]) -> set[str]:
    """Information pages: targets of dated column items, and pages showing a publication date
    without being a list themselves."""
    out = set()
    for f in pages:
        a = f.analysis
        if a and a.column and not a.column.empty:
            out.update(a.column.item_links)
    for f in pages:
        a = f.analysis
        if a and a.published and (a.column is None or len(a.column.dates) < 2):
            out.add(f.url)
    out.discard(result.start_url)
    return out


def _homepage_findings(result, start: Fetch | None, pages, config, today) -> list[Finding]:
    if start is None or not start.ok or start.analysis is None:
        reason = start.describe() if start is not None else "未能访问"
        return [
            Finding(
                "site_unreachable",
                result.start_url,
                None,
                f"首页无法访问：{reason}",
                INDICATORS["site_unreachable"],
            )
        ]
    dates = list(start.analysis.item_dates)
    where = "首页"
    if not dates:  # 首页仅为栏目导航入口: look at the second-level pages
        where = "首页及二级页面"
        for f in pages:
            if f.depth == 1 and f.analysis:
                dates += f.analysis.item_dates
    limit = Limit.parse(config.homepage_limit)
    latest = max(dates) if dates else None
    if latest is None:
        return [
            Finding(
                "homepage_stale",
                result.start_url,
                None,
                f"{where}未发现注明发布日期的信息（未注明发布时间的视为不更新）",
                INDICATORS["homepage_stale"],
            )
        ]
    if latest < limit.cutoff(today):
        return [
            Finding(
                "homepage_stale",
                result.start_url,
                None,
                f"{where}最新信息发布于 {latest.isoformat()}，已超过{limit.label()}未更新",
                INDICATORS["homepage_stale"],
            )
        ]
    return []


def _column_findings(result, pages, info, config, today) -> list[Finding]:
    continuation = {t for f in pages if f.analysis for t in f.analysis.pagination}
    out = []
    for f in pages:
        a = f.analysis
        if (
            a is None
            or a.column is None
            or f.url == result.start_url
            or f.url in continuation
            or is_continuation_url(f.url)
            or (f.url in info and not a.column.by_selector)
        ):
            continue
        col = a.column
        name = col.name or a.title or f.url
        if col.empty or not col.dates:
            out.append(
                Finding("empty_column", f.url, f.url, f"栏目“{name}”没有任何信息", INDICATORS["empty_column"])
            )
            continue
        keyword, limit = config.limit_for(name)
        if limit is None and a.title:
            keyword, limit = config.limit_for(a.title)
        if limit is None:
            continue
        if col.latest < limit.cutoff(today):
            kind_label = f"“{keyword}”类栏目" if keyword else "栏目"
            indicator = INDICATORS["stale_column" if keyword else "stale_column_other"]
            out.append(
                Finding(
                    "stale_column",
                    f.url,
                    f.url,
                    f"栏目“{name}”最新信息发布于 {col.latest.isoformat()}，{kind_label}"
                    f"应在{limit.label()}内更新（共{len(col.dates)}条）",
                    indicator,
                )
            )
    return out


def _link_findings(result, config, confirmed_external) -> list[Finding]:
    out = []
    for link in result.links:
        target = result.fetches.get(link.target)
        if target is None or not target.broken:
            continue
        label = (
            f"链接“{link.text}”"
            if link.text
            else {"img": "图片", "frame": "框架", "iframe": "内嵌框架", "refresh": "自动跳转"}.get(
                link.tag, "链接"
            )
        )
        chain = "".join(f"{u} → {s}；" for u, s in target.redirects)
        evidence = f"{label}不可用：{target.describe()}" + (
            f"（重定向：{chain.rstrip('；')}）" if chain else ""
        )
        if not link.internal:
            if confirmed_external is None:
                evidence += "（外部链接，单次检查结果；定期检查中36小时内失败3次方可确认）"
            elif link.target not in confirmed_external:
                continue
            else:
                evidence += (
                    f"（外部链接，{config.external_window_hours:g}小时内已失败"
                    f"{config.external_failures_needed}次以上）"
                )
        out.append(Finding("broken_link", link.source, link.target, evidence, INDICATORS["broken_link"]))
    return out


def _notice_findings(result, config) -> list[Finding]:
    by_target: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for link in result.links:
        if link.internal or link.notice or link.tag not in ("a", "area") or config.notice_exempt(link.target):
            continue
        by_target.setdefault(link.target, []).append(link.source)
        texts.setdefault(link.target, link.text)
    out = []
    for target, sources in by_target.items():
        more = f"；另有{len(sources) - 1}个页面含此链接" if len(sources) > 1 else ""
        out.append(
            Finding(
                "external_link_notice",
                sources[0],
                target,
                f"外部链接“{texts[target]}”没有离开本网站的提示{more}",
                INDICATORS["external_link_notice"],
            )
        )
    return out


def _text_findings(pages) -> list[Finding]:
    seen: dict[tuple[str, str], Finding] = {}
    counts: dict[tuple[str, str], int] = {}
    out = []
    for f in pages:
        if f.analysis is None:
            continue
        for p in f.analysis.problems:
            key = (p.rule, p.context)
            if key in seen:
                counts[key] += 1
                continue
            finding = Finding(
                "text_error", f.url, None, f"{p.message}：“…{p.context}…”", INDICATORS[f"text_error_{p.rule}"]
            )
            seen[key], counts[key] = finding, 0
            out.append(finding)
    for key, n in counts.items():
        if n:
            seen[key].evidence += f"（另有{n}个页面相同）"
    return out


def _metadata_findings(pages, info, config) -> list[Finding]:
    out = []
    for f in pages:
        if f.url not in info or f.analysis is None:
            continue
        a = f.analysis
        missing = []
        if a.published is None:
            missing.append("发布日期")
        path = f.url.lower()
        if a.index_number is None and any(f"/{p.lower()}" in path for p in config.index_number_paths):
            missing.append("索引号")
        if missing:
            out.append(
                Finding(
                    "missing_metadata",
                    f.url,
                    None,
                    f"信息页面“{a.title[:40]}”未注明{'、'.join(missing)}",
                    INDICATORS["missing_metadata"],
                )
            )
    return out


def build_findings(
    result: CrawlResult, config: SiteConfig, now: datetime | date, confirmed_external: set[str] | None = None
) -> list[Finding]:
    """All findings of one crawl. ``confirmed_external``: external URLs the scheduled-run history
    confirms as broken (see :mod:`.history`); ``None`` for a one-off run, where every failing
    external link is reported and marked as a single check."""
    today = _today(now)
    pages = [f for f in result.pages if f.analysis is not None]
    start = result.fetches.get(result.start_url)
    out = _homepage_findings(result, start, pages, config, today)
    if out and out[0].kind == "site_unreachable":
        return out
    info = _info_pages(result, pages)
    out += _column_findings(result, pages, info, config, today)
    out += _link_findings(result, config, confirmed_external)
    out += _notice_findings(result, config)
    out += _text_findings(pages)
    out += _metadata_findings(pages, info, config)
    return out


VETO_THRESHOLDS = {"stale_column": 5, "empty_column": 5}


def veto_summary(findings: list[Finding]) -> list[str]:
    """Chinese lines saying which single-veto thresholds the findings reach."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    lines = []
    if counts.get("site_unreachable"):
        # One visit is not the rule: the veto needs a week of visits (see .availability).
        lines.append("首页本次无法访问：若一周监测中15秒打不开的次数占比≥5%，即单项否决")
    if counts.get("homepage_stale"):
        lines.append("首页不更新：单项否决")
    timed = sum(1 for f in findings if f.kind == "stale_column" and f.indicator == INDICATORS["stale_column"])
    other = counts.get("stale_column", 0) - timed
    if timed >= 5:
        lines.append(f"动态、要闻、通知公告、政策文件类栏目未按时更新 {timed} 个（≥5个）：单项否决")
    if other >= 10:
        lines.append(f"长期未更新栏目 {other} 个（≥10个）：单项否决")
    if counts.get("empty_column", 0) >= 5:
        lines.append(f"空白栏目 {counts['empty_column']} 个（≥5个）：单项否决")
    serious = sum(1 for f in findings if f.kind == "text_error" and f.indicator.startswith("单项否决"))
    if serious:
        lines.append(f"严重错误 {serious} 处：单项否决")
    return lines
