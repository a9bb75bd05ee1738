"""Key figures of an annual report, for comparing agencies and years (pure; blanks count as 0
when adding, as the spec says, but a figure whose every part is blank stays ``None``)."""

from __future__ import annotations

from typing import Any

from .model import TOTAL, get_row, result_rows

FIGURES: tuple[tuple[str, str], ...] = (
    ("new_received", "本年新收申请"),
    ("carried_over", "上年结转"),
    ("total_handled", "本年办结"),
    ("granted", "予以公开"),
    ("partially_granted", "部分公开"),
    ("withheld", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
    ("carried_forward", "结转下年度"),
    ("disclosed_share", "公开率（予以公开+部分公开）/办结"),
    ("reconsideration", "行政复议"),
    ("reconsideration_corrected", "复议纠正"),
    ("litigation", "行政诉讼"),
    ("litigation_corrected", "诉讼纠正"),
    ("normative_issued", "本年制发规范性文件"),
    ("normative_in_force", "现行有效规范性文件"),
)


def _sum(values: list[Any]) -> int | float | None:
    known = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return sum(known) if known else None


def _total(applications: dict[str, Any] | None, key: str) -> int | None:
    cells = get_row(applications, key)
    return cells.get(TOTAL) if cells else None


def key_figures(report: dict[str, Any]) -> dict[str, Any]:
    """The figures of :data:`FIGURES` from a report in the interchange JSON form."""
    fmt = report.get("format") or "2021"
    apps = report.get("applications")
    out: dict[str, Any] = {k: None for k, _ in FIGURES}
    if apps:
        for key in (
            "new_received",
            "carried_over",
            "total_handled",
            "granted",
            "partially_granted",
            "carried_forward",
        ):
            out[key] = _total(apps, key)
        for group in ("withheld", "unavailable", "not_processed", "other"):
            out[group] = _sum([_total(apps, r.key) for r in result_rows(fmt) if r.key.split(".")[0] == group])
        handled = out["total_handled"]
        disclosed = _sum([out["granted"], out["partially_granted"]])
        if handled and disclosed is not None:
            out["disclosed_share"] = round(disclosed / handled, 4)
    appeals = report.get("appeals") or {}
    rec = appeals.get("reconsideration") or {}
    lit = [appeals.get("litigation_direct") or {}, appeals.get("litigation_after_reconsideration") or {}]
    out["reconsideration"] = rec.get("total")
    out["reconsideration_corrected"] = rec.get("corrected")
    out["litigation"] = _sum([x.get("total") for x in lit])
    out["litigation_corrected"] = _sum([x.get("corrected") for x in lit])
    normative = (report.get("active_disclosure") or {}).get("normative_documents") or {}
    out["normative_issued"] = normative.get("issued", normative.get("new_made"))
    out["normative_in_force"] = normative.get("in_force", normative.get("total_disclosed"))
    return out
