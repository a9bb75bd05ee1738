"""Use cases of the annual report (年度报告, Art. 49–50), each one audited transaction that checks
permissions: create, enter figures and prose, rebuild, finalise (定稿), send for publication.

Editors, office heads and agency admins of the agency prepare the report; office heads and agency
admins finalise it; an editor sends it to the catalogue, where it goes through the ordinary
保密审查 workflow (Art. 17) and becomes published with the Document (see :func:`mark_published`).
Supervisors read the subtree's reports and change nothing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.scoping import require_own_agency
from gongkai.audit.services import record
from gongkai.core.times import local_iso
from gongkai.core.workflow import require
from gongkai.rules.annual.checks import Finding, check_report
from gongkai.rules.annual.model import APPLICANT_COLUMNS

from . import workflow
from .build import build_report
from .models import ENTERED_FIGURES, AnnualReport, ReportState

PREPARERS, FINALISERS = workflow.PREPARERS, workflow.FINALISERS
PROSE_FIELDS = ("overview", "problems", "other_matters")


def _lock(user, report: AnnualReport, action: str) -> AnnualReport:
    """Lock the report; refuse another agency's (404) and what :data:`.workflow.STEPS` does not allow."""
    report = AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
    require_own_agency(user, report.agency_id, *workflow.STEPS[action].roles)
    require(workflow.STEPS, action, report.state, user, state_labels=workflow.STATE_LABELS)
    return report


def _rebuild(report: AnnualReport) -> None:
    report.data = build_report(report.agency, report.year, report)
    report.built_at = timezone.now()


def _stamp(user, value: Any) -> dict[str, Any]:
    return {"value": value, "by": user.display_name, "by_id": user.pk, "at": local_iso()}


@transaction.atomic
def create_report(user, agency, year: int) -> AnnualReport:
    require_own_agency(user, agency, *PREPARERS)
    today = timezone.localdate()
    if not 2021 <= year <= today.year:
        raise ValidationError(f"年度应在2021年至{today.year}年之间（2021年及以后的报告使用2021年格式）")
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ValidationError(f"{agency.name}{year}年度报告已经存在")
    report = AnnualReport(agency=agency, year=year)
    _rebuild(report)
    report.save()
    record(report, "create", actor=user, to_state=report.state, data={"year": year})
    return report


def _clean_figure(key: str, raw: Any) -> str | None:
    text = str(raw if raw is not None else "").strip().replace(",", "").replace("，", "")
    if text == "":
        return None
    label, _cell, unit = ENTERED_FIGURES[key]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError({key: f"{label}应为数字（{unit}），收到“{text}”"}) from None
    if value < 0:
        raise ValidationError({key: f"{label}不能为负数"})
    if key != "fees":
        if value != value.to_integral_value():
            raise ValidationError({key: f"{label}应为整数"})
        return str(int(value))
    if value.as_tuple().exponent < -4:
        raise ValidationError({key: f"{label}以万元为单位，最多保留四位小数（即精确到元）"})
    return str(value)


@transaction.atomic
def enter_figures(user, report: AnnualReport, figures: dict[str, Any]) -> AnnualReport:
    """Enter the figures of section 二 the system cannot know (marked with who entered them, when).
    An empty value removes the entry (the cell is then blank)."""
    report = _lock(user, report, "figures")
    changed = {}
    for key in ENTERED_FIGURES:
        if key not in figures:
            continue
        value = _clean_figure(key, figures[key])
        before = (report.entered.get(key) or {}).get("value")
        if value == before:
            continue
        if value is None:
            report.entered.pop(key, None)
        else:
            report.entered[key] = _stamp(user, value)
        changed[key] = {"from": before, "to": value}
    if changed:
        _rebuild(report)
        report.save()
        record(
            report, "enter_figures", actor=user, from_state=report.state, to_state=report.state, data=changed
        )
    return report


@transaction.atomic
def enter_carried_over(user, report: AnnualReport, cells: dict[str, Any] | None) -> AnnualReport:
    """First year only: 上年结转 per applicant column (cases from before the system). ``None``
    removes the entry (the row is then counted from the cases)."""
    report = _lock(user, report, "carried_over")
    if AnnualReport.objects.filter(agency=report.agency, year=report.year - 1).exists():
        raise ValidationError("已有上一年度报告：上年结转取自上一年度的结转下年度，不能填报")
    if cells is None:
        value = None
    else:
        value = {}
        for key, label in APPLICANT_COLUMNS:
            raw = str(cells.get(key) if cells.get(key) is not None else "0").strip() or "0"
            if not raw.isdigit():
                raise ValidationError({key: f"上年结转（{label}）应为非负整数，收到“{raw}”"})
            value[key] = int(raw)
    before = report.carried_over["value"] if report.carried_over else None
    report.carried_over = _stamp(user, value) if value is not None else None
    _rebuild(report)
    report.save()
    record(
        report,
        "enter_carried_over",
        actor=user,
        from_state=report.state,
        to_state=report.state,
        data={"from": before, "to": value},
    )
    return report


@transaction.atomic
def save_prose(user, report: AnnualReport, prose: dict[str, str]) -> AnnualReport:
    """Sections 一, 五, 六 as written by staff."""
    report = _lock(user, report, "prose")
    changed = [f for f in PROSE_FIELDS if f in prose and (prose[f] or "").strip() != getattr(report, f)]
    for field in changed:
        setattr(report, field, (prose[field] or "").strip())
    if changed:
        report.save()
        record(
            report,
            "edit_prose",
            actor=user,
            from_state=report.state,
            to_state=report.state,
            data={"fields": changed},
        )
    return report


@transaction.atomic
def rebuild(user, report: AnnualReport) -> AnnualReport:
    """Recount the tables from the records (a draft only: a final report keeps its figures)."""
    report = _lock(user, report, "rebuild")
    _rebuild(report)
    report.save()
    record(report, "rebuild", actor=user, from_state=report.state, to_state=report.state)
    return report


def findings(report: AnnualReport) -> list[Finding]:
    """Rules 1–4 on the stored figures, rule 6 on the prose, rule 5 against last year's stored report."""
    data = report.data or build_report(report.agency, report.year, report)
    previous = (
        AnnualReport.objects.filter(agency_id=report.agency_id, year=report.year - 1)
        .exclude(data=None)
        .values_list("data", flat=True)
        .first()
    )
    text = "\n".join(v for v in report.prose.values() if v)
    return check_report(data, text=text or None, previous=previous)


@transaction.atomic
def finalise(user, report: AnnualReport, override_reason: str = "") -> AnnualReport:
    """定稿: recount, check, and freeze the figures. With findings it is refused unless a reason
    for finalising anyway is recorded (kept on the report and in the audit trail)."""
    report = _lock(user, report, "finalise")
    _rebuild(report)
    found = findings(report)
    reason = (override_reason or "").strip()
    if found and not reason:
        raise ValidationError(f"报告有{len(found)}处勾稽问题，不能定稿；如确需定稿，请填写理由")
    missing = [ENTERED_FIGURES[k][0] for k in ENTERED_FIGURES if k not in report.entered]
    report.state = ReportState.FINAL
    report.override_reason = reason if found else ""
    report.finalised_by, report.finalised_at = user, timezone.now()
    report.save()
    record(
        report,
        "finalise",
        actor=user,
        from_state=ReportState.DRAFT,
        to_state=report.state,
        reason=report.override_reason,
        data={"findings": [str(f) for f in found], "not_entered": missing},
    )
    return report


@transaction.atomic
def reopen(user, report: AnnualReport, reason: str) -> AnnualReport:
    """退回草稿: a final report not in review (never sent, returned by 保密审查, or withdrawn after
    publication) goes back to draft to be corrected."""
    report = _lock(user, report, "reopen")
    if not (reason or "").strip():
        raise ValidationError("退回草稿须填写理由")
    before = report.state
    report.state = ReportState.DRAFT
    report.save()
    record(report, "reopen", actor=user, from_state=before, to_state=report.state, reason=reason.strip())
    return report


def mark_returned(document, reason: str) -> None:
    """保密审查 returned the report's Document to its editor: the report is final again, to be
    corrected (退回草稿) or sent again; the reviewer's reason is kept in its history."""
    report = AnnualReport.objects.filter(document=document, state=ReportState.IN_REVIEW).first()
    if report is None:
        return
    report.state = ReportState.FINAL
    report.save(update_fields=["state", "updated_at"])
    record(
        report,
        "review_returned",
        actor_label="保密审查",
        from_state=ReportState.IN_REVIEW,
        to_state=report.state,
        reason=reason,
        data={"document": document.pk},
    )


def mark_withdrawn(document) -> None:
    """The report's published Document was withdrawn: the report no longer counts as published
    (Art. 49 deadline) until it is corrected and published again."""
    report = AnnualReport.objects.filter(document=document, state=ReportState.PUBLISHED).first()
    if report is None:
        return
    report.state = ReportState.WITHDRAWN
    report.save(update_fields=["state", "updated_at"])
    record(
        report,
        "withdrawn",
        actor_label="系统",
        from_state=ReportState.PUBLISHED,
        to_state=report.state,
        reason=document.withdrawn_reason,
        data={"document": document.pk},
    )


def mark_published(document) -> None:
    """The report's Document was published: the report is published (called from the signal)."""
    report = AnnualReport.objects.filter(document=document).select_related("agency").first()
    if report is None or report.state == ReportState.PUBLISHED:
        return
    before = report.state
    report.state = ReportState.PUBLISHED
    report.published_on = (
        timezone.localdate(document.published_at) if document.published_at else timezone.localdate()
    )
    report.save(update_fields=["state", "published_on", "updated_at"])
    record(
        report,
        "published",
        actor_label="系统",
        from_state=before,
        to_state=report.state,
        data={"document": document.pk, "index_number": document.index_number},
    )
