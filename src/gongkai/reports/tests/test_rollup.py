"""The supervisors' roll-up: every cell summed over the subtree, key figures, Art. 49 deadlines."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.agencies.models import AgencyKind
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.rollup import rollup, sum_reports
from gongkai.rules.annual import model
from gongkai.testing.opened import xlsx_cells

pytestmark = pytest.mark.django_db
D = dt.date


def _leaves(node, prefix=""):
    for key, value in node.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


@pytest.fixture
def subtree(agency_tree, make_staff, make_application):
    city, district = agency_tree["city"], agency_tree["district"]
    district.kind = AgencyKind.GOVERNMENT
    district.save()
    a = make_application
    a(city, "natural_person", D(2025, 2, 3), D(2025, 2, 20), "granted")
    a(city, "natural_person", D(2025, 3, 3), D(2025, 3, 25), "unavailable.not_held", overdue=True)
    a(city, "commercial_enterprise", D(2025, 12, 3))
    a(district, "natural_person", D(2025, 5, 5), D(2025, 5, 9), "partially_granted")
    a(district, "other_org", D(2024, 12, 28), D(2025, 1, 9), "granted")
    a(agency_tree["other"], "natural_person", D(2025, 5, 5), D(2025, 5, 9), "granted")  # outside the subtree
    reports = {}
    for agency, fees in ((city, "1.25"), (district, "0.5")):
        head = make_staff(agency, "office_head", username=f"{agency.slug}-head")
        reports[agency.slug] = services.create_report(head, agency, 2025)
        services.enter_figures(head, reports[agency.slug], {"licensing": "10", "fees": fees})
    AnnualReport.objects.filter(pk=reports[city.slug].pk).update(
        state=ReportState.PUBLISHED, published_on=D(2026, 1, 20)
    )
    other_head = make_staff(agency_tree["other"], "office_head", username="other-head")
    services.create_report(other_head, agency_tree["other"], 2025)
    return reports


def test_every_cell_is_the_sum_over_the_subtree(agency_tree, subtree):
    rows, total = rollup(agency_tree["province"], 2025, D(2026, 2, 15))
    parts = [AnnualReport.objects.get(pk=r.pk).data for r in subtree.values()]
    expected = dict(_leaves(parts[0]))
    for path, value in _leaves(parts[1]):
        if isinstance(value, int | float) and not isinstance(value, bool) and path not in ("year",):
            expected[path] = (expected[path] or 0) + value if expected[path] is not None else value
    got = dict(_leaves(total))
    numeric = [p for p in got if p.split(".")[0] in ("active_disclosure", "applications", "appeals")]
    assert len(numeric) == 10 + len(model.application_rows("2021")) * 7 + 15  # every cell of the 2021 format
    for path in numeric:
        assert got[path] == expected[path], path
    assert total["applications"]["new_received"]["total"] == 4
    assert total["active_disclosure"]["fees"]["amount_10k_yuan"] == 1.75
    assert total["active_disclosure"]["penalty"]["decisions"] is None  # entered nowhere: blank, not 0
    assert model.get_row(total["applications"], "carried_over")["other_org"] == 1


def test_key_figures_and_deadline_flags(agency_tree, subtree):
    rows, _total = rollup(agency_tree["province"], 2025, D(2026, 2, 15))
    by = {r.agency.slug: r for r in rows}
    assert set(by) == {"hbmzt", "szmzj", "zdqmzj"}  # 岳阳 is not in the subtree
    city = by["szmzj"]
    assert (city.received, city.handled, city.disclosed_share, city.overdue) == (3, 2, 50.0, 1)
    assert not city.late  # department, published 20 January
    assert by["hbmzt"].late and by["hbmzt"].status == "未编制"  # department, nothing by 31 January
    assert not by["zdqmzj"].late and by["zdqmzj"].deadline == D(2026, 3, 31)  # government: until 31 March
    rows, _total = rollup(agency_tree["province"], 2025, D(2026, 4, 1))
    assert {r.agency.slug for r in rows if r.late} == {"hbmzt", "zdqmzj"}


def test_rollup_page_table_without_javascript_and_xlsx(client, agency_tree, subtree, make_staff):
    supervisor = make_staff(agency_tree["province"], "supervisor", username="prov-sup")
    client.force_login(supervisor)
    page = client.get(reverse("staff:reports_rollup"), {"year": 2025}).content.decode()
    assert "随州市曾都区民政局" in page and "岳阳市民政局" not in page
    assert "gongkai/echarts.min.js" in page and 'id="rollup-data"' in page
    assert "<td>50.0</td>" in page  # the table itself, readable without the chart
    response = client.get(reverse("staff:reports_rollup_file"), {"year": 2025})
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == ["湖北省民政厅", "随州市民政局", "随州市曾都区民政局"]
    assert rows[1][3] == 3 and rows[1][5] == 50.0
    summed = client.get(reverse("staff:reports_rollup_sum", args=["xlsx"]), {"year": 2025})
    assert summed.status_code == 200
    cells = xlsx_cells(summed.content)  # the 汇总表 as the supervisor opens it
    assert cells[0] == "湖北省民政厅及下级机关2025年度报告汇总"
    new = cells.index("一、本年新收政府信息公开申请数量")
    assert cells[new + 7] == "4"  # 总计: the subtree's four new applications (3 natural persons, 1 business)
    assert cells[cells.index("行政事业性收费") + 1] == "1.75"  # 万元, summed over the subtree
    client.force_login(make_staff(agency_tree["city"], "office_head", username="not-sup"))
    assert client.get(reverse("staff:reports_rollup")).status_code == 403


def test_sum_refuses_other_formats():
    with pytest.raises(ValueError, match="只能汇总2021年格式"):
        sum_reports([model.zero_report(model.FORMAT_2019)])


def test_a_report_read_in_from_outside_counts_where_none_was_built(agency_tree, subtree):
    """Issue 5: reports of agencies that do not run gongkai, read from their published pages, are in
    the roll-up (here the province department itself has built none)."""
    from gongkai.collected.models import CollectedReport

    province = agency_tree["province"]
    outside = model.zero_report("2021", 2025, province.name)
    model.get_row(outside["applications"], "new_received").update(natural_person=7, total=7)
    CollectedReport.objects.create(
        agency_name=province.name,
        agency=province,
        year=2025,
        format="2021",
        data=outside,
        source_name="page.html",
        source_sha256="0",
    )
    rows, total = rollup(province, 2025, D(2026, 2, 1))
    by_name = {r.agency.name: r for r in rows}
    assert by_name[province.name].status == "已导入外部报告" and by_name[province.name].received == 7
    built = [by_name[agency_tree[k].name].received for k in ("city", "district")]
    assert all(built)
    assert model.get_row(total["applications"], "new_received")["total"] == 7 + sum(built)


def test_the_roll_up_takes_the_agencys_own_copy_of_a_report_read_in(agency_tree, subtree):
    """Issue 12 item 1: with copies of the same published report kept by several agencies, the roll-up
    takes the copy the agency itself imported, not another agency's (which might differ)."""
    from gongkai.collected.models import CollectedReport

    province = agency_tree["province"]
    for owner, received in ((province, 7), (agency_tree["other"], 99)):
        data = model.zero_report("2021", 2025, province.name)
        model.get_row(data["applications"], "new_received").update(natural_person=received, total=received)
        CollectedReport.objects.create(
            agency_name=province.name,
            agency=province,
            year=2025,
            format="2021",
            data=data,
            source_name="page.html",
            source_sha256="0",
            owner=owner,
        )
    rows, _ = rollup(province, 2025, D(2026, 2, 1))
    assert {r.agency.name: r for r in rows}[province.name].received == 7
