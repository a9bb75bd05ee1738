"""The report of a demo agency whose records are known: every cell of the built JSON."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gongkai.appeals import services as appeals
from gongkai.disclosure import services as disclosure
from gongkai.reports import services
from gongkai.reports.build import build_report, facts
from gongkai.rules.annual import model

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def demo(agency_tree, report_staff, make_application, workflow):
    """随州市民政局 with documents, applications over 2024–2026, appeals and entered figures."""
    city = agency_tree["city"]
    editor = workflow.staff_for(city)[0]
    workflow.publish(city, title="规章甲", regulatory_kind="rule", written_on=D(2024, 5, 6))
    workflow.publish(city, title="规章乙", regulatory_kind="rule", written_on=D(2025, 3, 3))
    workflow.publish(city, title="规范性文件丙", regulatory_kind="normative", written_on=D(2025, 4, 1))
    workflow.publish(city, title="规范性文件丁", regulatory_kind="normative", written_on=D(2025, 2, 2))
    repealed = workflow.publish(
        city, title="规范性文件戊", regulatory_kind="normative", written_on=D(2023, 1, 10)
    )
    disclosure.change_validity(editor, repealed, "repealed", on=D(2025, 6, 30))
    workflow.publish(city, title="一般通知", written_on=D(2025, 7, 7))  # not regulatory
    workflow.publish(
        agency_tree["district"], title="下级的规章", regulatory_kind="rule", written_on=D(2025, 3, 3)
    )

    a = make_application
    a(city, "natural_person", D(2024, 3, 1), D(2024, 3, 20), "granted")  # 2024 only
    p = a(city, "commercial_enterprise", D(2024, 11, 20), D(2025, 1, 10), "partially_granted")  # carried over
    a(city, "natural_person", D(2024, 12, 15), D(2025, 1, 20), "withheld.state_secret")  # carried over
    g = a(city, "natural_person", D(2025, 2, 3), D(2025, 2, 20), "granted", fee=100)
    a(city, "natural_person", D(2025, 3, 3), D(2025, 3, 25), "unavailable.not_held")
    a(city, "natural_person", D(2025, 12, 20))  # open: carried forward
    a(city, "research_institution", D(2025, 5, 5), D(2025, 5, 9), "not_processed.duplicate")
    a(city, "legal_service_org", D(2025, 6, 2), D(2025, 7, 30), "other.fee_unpaid")
    a(
        city, "other_org", D(2025, 12, 1), D(2026, 1, 5), "granted", fee=250
    )  # closed next year: carried forward
    a(city, "social_welfare_org", D(2025, 8, 8), D(2025, 9, 30), "other.no_correction")
    a(
        city,
        "commercial_enterprise",
        D(2025, 9, 1),
        D(2025, 9, 20),
        "withheld.process_information",
        overdue=True,
    )
    a(agency_tree["district"], "natural_person", D(2025, 3, 3), D(2025, 3, 4), "granted")  # another agency

    head = report_staff["head"]
    case = {"number": "随府复〔2025〕1号", "body": "随州市人民政府"}
    appeals.create_case(
        head,
        g,
        case
        | {
            "kind": "reconsideration",
            "filed_on": D(2025, 3, 1),
            "result": "upheld",
            "closed_on": D(2025, 5, 1),
        },
    )
    appeals.create_case(
        head,
        g,
        case
        | {
            "kind": "reconsideration",
            "filed_on": D(2025, 6, 1),
            "result": "corrected",
            "closed_on": D(2026, 1, 15),
        },
    )  # pending in 2025
    appeals.create_case(
        head,
        g,
        case
        | {
            "kind": "litigation",
            "route": "direct",
            "body": "曾都区人民法院",
            "filed_on": D(2025, 4, 1),
            "result": "other",
            "closed_on": D(2025, 9, 1),
        },
    )
    appeals.create_case(
        head,
        g,
        case
        | {
            "kind": "litigation",
            "route": "after_reconsideration",
            "co_defendant": True,
            "body": "曾都区人民法院",
            "filed_on": D(2025, 8, 1),
            "result": "corrected",
            "closed_on": D(2025, 12, 1),
        },
    )
    appeals.create_case(
        head,
        g,
        case
        | {
            "kind": "litigation",
            "route": "after_reconsideration",
            "body": "曾都区人民法院",
            "filed_on": D(2025, 11, 1),
        },
    )  # pending
    appeals.create_case(
        head,
        p,
        case
        | {
            "kind": "reconsideration",
            "filed_on": D(2024, 12, 1),
            "result": "upheld",
            "closed_on": D(2025, 2, 1),
        },
    )  # counts in 2024

    services.create_report(head, city, 2024)
    report = services.create_report(head, city, 2025)
    services.enter_figures(
        head, report, {"licensing": "120", "penalty": "35", "coercion": "0", "fees": "12.5"}
    )
    report.refresh_from_db()
    return city, report


def _expected_2025(city) -> dict:
    r = model.zero_report(model.FORMAT_2021, 2025, city.name)
    r["active_disclosure"].update(
        {
            "rules": {"issued": 1, "repealed": 0, "in_force": 2},
            "normative_documents": {"issued": 2, "repealed": 1, "in_force": 2},
            "licensing": {"decisions": 120},
            "penalty": {"decisions": 35},
            "coercion": {"decisions": 0},
            "fees": {"amount_10k_yuan": 12.5},
        }
    )
    apps = r["applications"]

    def put(row, **cells):
        target = model.get_row(apps, row)
        target.update(cells)
        target["total"] = sum(v for k, v in target.items() if k != "total")

    put(
        "new_received",
        natural_person=3,
        commercial_enterprise=1,
        research_institution=1,
        social_welfare_org=1,
        legal_service_org=1,
        other_org=1,
    )
    put("carried_over", natural_person=1, commercial_enterprise=1)
    put("granted", natural_person=1)
    put("partially_granted", commercial_enterprise=1)
    put("withheld.state_secret", natural_person=1)
    put("withheld.process_information", commercial_enterprise=1)
    put("unavailable.not_held", natural_person=1)
    put("not_processed.duplicate", research_institution=1)
    put("other.no_correction", social_welfare_org=1)
    put("other.fee_unpaid", legal_service_org=1)
    put(
        "total_handled",
        natural_person=3,
        commercial_enterprise=2,
        research_institution=1,
        social_welfare_org=1,
        legal_service_org=1,
    )
    put("carried_forward", natural_person=1, other_org=1)
    r["appeals"]["reconsideration"].update(upheld=1, corrected=0, other=0, pending=1, total=2)
    r["appeals"]["litigation_direct"].update(upheld=0, corrected=0, other=1, pending=0, total=1)
    r["appeals"]["litigation_after_reconsideration"].update(
        upheld=0, corrected=1, other=0, pending=1, total=2
    )
    return r


def test_every_cell_of_the_demo_agency_report(demo):
    city, report = demo
    built = build_report(city, 2025)
    assert built == _expected_2025(city)
    assert report.data == built  # the stored snapshot is the same report
    assert services.findings(report) == []  # rules 1–5 hold, incl. carry-over from the stored 2024 report
    last = build_report(city, 2024)
    assert model.get_row(last["applications"], "carried_forward") == model.get_row(
        built["applications"], "carried_over"
    )
    # Filed in 2024 and closed in 2025: counted in 2024 only, as pending there.
    assert last["appeals"]["reconsideration"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }


def test_figures_not_entered_are_blank_and_entries_record_who(demo, report_staff):
    city, report = demo
    entry = report.entered["fees"]
    assert entry["value"] == "12.5" and entry["by"] == "rep-head" and entry["at"]
    services.enter_figures(report_staff["head"], report, {"penalty": ""})
    assert build_report(city, 2025)["active_disclosure"]["penalty"]["decisions"] is None
    with pytest.raises(ValidationError, match="应为整数"):
        services.enter_figures(report_staff["head"], report, {"licensing": "1.5"})
    with pytest.raises(ValidationError, match="应为数字"):
        services.enter_figures(report_staff["head"], report, {"fees": "十二万"})


def test_facts_offered_for_the_prose(demo):
    city, _report = demo
    offered = facts(city, 2025)
    overview = "".join(offered["overview"])
    assert "本年新收政府信息公开申请8件，上年结转2件；办结8件" in overview
    assert "因政府信息公开被申请行政复议2件、提起行政诉讼3件" in overview
    assert offered["other_matters"] == [
        "本年收取信息处理费1件，共计100元。"
    ]  # the 250 yuan case closed in 2026
    assert offered["problems"][0] == "本年有1件申请逾期答复。"


def test_first_year_carried_over_is_entered_only_without_a_previous_report(demo, report_staff, agency_tree):
    city, report = demo
    head = report_staff["head"]
    with pytest.raises(ValidationError, match="已有上一年度报告"):
        services.enter_carried_over(head, report, {"natural_person": 5})
    first = services.AnnualReport.objects.get(agency=city, year=2024)
    services.enter_carried_over(head, first, {"natural_person": "4", "other_org": "1"})
    row = model.get_row(build_report(city, 2024)["applications"], "carried_over")
    assert row["natural_person"] == 4 and row["other_org"] == 1 and row["total"] == 5
    # The 2024 cases do not account for them: rule 2 says so.
    first.refresh_from_db()
    assert {f.rule for f in services.findings(first)} == {2}


def test_cli_build_prints_the_same_json_and_check_finds_a_planted_carry_over_error(demo, tmp_path):
    city, _report = demo
    out = io.StringIO()
    call_command("annual", "build", "--agency", city.code, "--year", "2025", "--json", stdout=out)
    built = json.loads(out.getvalue())
    assert built == _expected_2025(city)
    previous = build_report(city, 2024)
    previous["applications"]["carried_forward"]["natural_person"] += 1  # rule 5 (and 2 within that year)
    built["appeals"]["litigation_direct"]["total"] = 3  # rule 4
    (tmp_path / "2025.json").write_text(json.dumps(built, ensure_ascii=False), "utf-8")
    (tmp_path / "2024.json").write_text(json.dumps(previous, ensure_ascii=False), "utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "annual",
            "check",
            str(tmp_path / "2025.json"),
            "--previous",
            str(tmp_path / "2024.json"),
            stdout=out,
        )
    assert exit_.value.code == 1
    lines = out.getvalue().strip().splitlines()
    assert "规则4 四、复议诉讼情况 · 行政诉讼·未经复议直接起诉 · 总计 应为 1，实为 3" in lines[0]
    assert any(
        line.startswith("规则5 三、申请情况 · 二、上年结转政府信息公开申请数量 · 自然人 应为 2，实为 1")
        for line in lines
    )
    assert sum(line.startswith("规则5") for line in lines) == 1  # the total column was not touched


def test_cli_build_unknown_agency_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到机构代码为 999 的机关"):
        call_command("annual", "build", "--agency", "999", "--year", "2025", "--json")


def test_a_case_entered_after_last_years_report_shows_as_a_carry_over_finding(
    demo, make_application, report_staff
):
    city, report = demo
    make_application(city, "natural_person", D(2024, 12, 30), D(2025, 1, 6), "granted")  # entered late
    services.rebuild(report_staff["head"], report)
    report.refresh_from_db()
    found = services.findings(report)
    assert [(f.rule, f.row, f.column, f.expected, f.found) for f in found] == [
        (5, "applications.carried_over", "natural_person", 1, 2),
        (5, "applications.carried_over", "total", 2, 3),
    ]


def test_in_force_that_contradicts_last_year_plus_issued_less_repealed_is_a_finding(
    demo, client, workflow, report_staff
):
    """A 行政规范性文件 published in 2025 and then withdrawn still counts as issued but no longer as
    in force: 现行有效 1 ≠ last year's 1 + 制发 2 − 废止 1. The page said "未发现勾稽问题"."""
    from django.urls import reverse

    from gongkai.disclosure.models import Document

    city, report = demo
    client.force_login(report_staff["head"])
    page = client.get(reverse("staff:report", args=[report.pk])).content.decode()
    assert "未发现勾稽问题" in page
    doc = Document.objects.get(title="规范性文件丙")
    disclosure.transition(workflow.staff_for(city)[1], doc, "withdraw", reason="发布有误")
    services.rebuild(report_staff["head"], report)
    page = client.get(reverse("staff:report", args=[report.pk])).content.decode()
    assert "未发现勾稽问题" not in page
    assert "规则7 · 二、主动公开情况 · 行政规范性文件 · 现行有效件数：应为 2，实为 1" in page
    assert "上年现行有效（1）加本年制发（2）减本年废止（1）" in page
