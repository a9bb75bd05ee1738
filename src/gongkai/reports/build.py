"""Building the annual report of an agency for a year from records (Art. 50 of the Regulation;
tables of 国办公开办函〔2021〕30号; JSON form of ``shared/spec/annual-report-json.md``).

* Section 二: 规章 and 行政规范性文件 counted from published documents
  (:func:`gongkai.disclosure.stats.regulatory_counts`); 行政许可, 行政处罚, 行政强制 decisions and
  行政事业性收费 (万元) as entered by staff — blank (``null``) while nobody has entered them.
* Section 三: :func:`gongkai.applications.stats.applications_table`. 上年结转 is counted from the
  cases, so it equals last year's 结转下年度 whenever last year's report was built from the same
  records (rule 5 checks it against the stored report). Only for the agency's first report —
  no report for the year before exists — may staff enter 上年结转 for cases from before the system;
  the entered row then replaces the counted one.
* Section 四: :func:`gongkai.appeals.stats.appeals_table`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Sum

from gongkai.appeals.stats import appeals_table
from gongkai.applications.models import Application
from gongkai.applications.stats import applications_table
from gongkai.disclosure.stats import published_by_category, regulatory_counts
from gongkai.interaction.stats import year_facts
from gongkai.rules.annual import model
from gongkai.rules.outcomes import get_outcome

from .models import ENTERED_FIGURES, AnnualReport


def _number(key: str, raw: str) -> int | float:
    if key == "fees":
        try:
            return float(Decimal(raw))
        except InvalidOperation:
            raise ValueError(f"收费金额“{raw}”不是数字") from None
    return int(raw)


def stored(agency, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(agency=agency, year=year).first()


def build_report(agency, year: int, report: AnnualReport | None = None) -> dict[str, Any]:
    """The report of ``agency`` for ``year`` as the spec's JSON (format 2021), every cell computed
    from records or taken from the figures entered on the stored report."""
    if report is None:
        report = stored(agency, year)
    out = model.zero_report(model.FORMAT_2021, year, agency.name)
    active = out["active_disclosure"]
    active.update(regulatory_counts(agency, year))
    entered = report.entered if report is not None else {}
    for key, (_label, cell, _unit) in ENTERED_FIGURES.items():
        item = entered.get(key)
        active[key][cell] = _number(key, item["value"]) if item else None
    out["applications"] = applications_table(agency, year)
    if (
        report is not None
        and report.carried_over
        and not AnnualReport.objects.filter(agency=agency, year=year - 1).exists()
    ):
        cells = {c: int(report.carried_over["value"].get(c, 0)) for c in model.APPLICANT_KEYS}
        cells[model.TOTAL] = sum(cells.values())
        model.set_row(out["applications"], "carried_over", cells)
    out["appeals"] = appeals_table(agency, year)
    return out


def facts(agency, year: int, data: dict[str, Any] | None = None) -> dict[str, list[str]]:
    """Sentences of fact offered to the writer of sections 一, 五 and 六 (staff may use them or not)."""
    data = data or build_report(agency, year)
    apps = data["applications"]
    total = lambda key: (model.get_row(apps, key) or {}).get(model.TOTAL) or 0  # noqa: E731
    overview = []
    published = published_by_category(agency, year)
    if published:
        n = sum(count for _, count in published)
        overview.append(
            f"本年主动公开政府信息{n}条，其中"
            + "，".join(f"{name}{count}条" for name, count in published)
            + "。"
        )
    else:
        overview.append("本年未在本平台主动公开政府信息。")
    reg = data["active_disclosure"]
    overview.append(
        f"本年制发规章{reg['rules']['issued']}件、行政规范性文件{reg['normative_documents']['issued']}件，"
        f"现行有效规章{reg['rules']['in_force']}件、行政规范性文件{reg['normative_documents']['in_force']}件。"
    )
    handled = total("total_handled")
    granted = total("granted") + total("partially_granted")
    overview.append(
        f"本年新收政府信息公开申请{total('new_received')}件，上年结转{total('carried_over')}件；"
        f"办结{handled}件，其中予以公开{total('granted')}件、部分公开{total('partially_granted')}件"
        + (f"（公开比例{granted * 100 / handled:.1f}%）" if handled else "")
        + f"；结转下年度继续办理{total('carried_forward')}件。"
    )
    outcomes = _outcome_counts(agency, year)
    if outcomes:
        overview.append("办理结果：" + "，".join(f"{label}{n}件" for label, n in outcomes) + "。")
    appeals = data["appeals"]
    rec = appeals["reconsideration"]["total"]
    lit = appeals["litigation_direct"]["total"] + appeals["litigation_after_reconsideration"]["total"]
    overview.append(f"因政府信息公开被申请行政复议{rec}件、提起行政诉讼{lit}件。")
    overview += interaction_facts(agency, year)  # 政民互动: 信箱留言, 12345, 建议提案 from the records
    problems = []
    overdue = Application.objects.filter(agency=agency, closed_on__year=year, overdue=True).count()
    if overdue:
        problems.append(f"本年有{overdue}件申请逾期答复。")
    corrected = sum(appeals[line]["corrected"] for line in appeals)
    if corrected:
        problems.append(f"复议、诉讼结果被纠正{corrected}件。")
    fees = Application.objects.filter(
        agency=agency,
        fee_paid=True,
        fee_amount__gt=0,
        closed_on__gte=dt.date(year, 1, 1),
        closed_on__lte=dt.date(year, 12, 31),
    ).aggregate(n=Count("pk"), amount=Sum("fee_amount"))
    other = [
        f"本年收取信息处理费{fees['n']}件，共计{fees['amount'] or 0}元。"
        if fees["n"]
        else "本年未收取信息处理费。"
    ]
    return {"overview": overview, "problems": problems, "other_matters": other}


def interaction_facts(agency, year: int) -> list[str]:
    from django.utils import timezone

    return year_facts(agency, year, timezone.localdate())


def _outcome_counts(agency, year: int) -> list[tuple[str, int]]:
    rows = (
        Application.objects.filter(agency=agency, closed_on__year=year)
        .exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    out = []
    for outcome, n in rows:
        try:
            label = get_outcome(outcome).name
        except ValueError:
            label = outcome
        out.append((label, n))
    return out
