import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from gongkai.collected.models import CollectedReport
from gongkai.collected.services import ImportError_, import_report

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "rules" / "annual" / "tests" / "parse_fixtures"


def fixture(name: str) -> Path:
    matches = sorted(FIXTURES.glob(name))
    assert matches, name
    return matches[0]


def test_import_check_and_rule_5_across_years(agency_tree, make_staff):
    sup = make_staff(agency_tree["province"], "supervisor", username="sup")
    y2020 = fixture("001.src.txt")
    y2024 = fixture("005.src.txt")
    first = import_report(sup, y2020.name, y2020.read_bytes())
    assert first.created and first.report.agency_name == "平潭综合实验区" and first.report.year == 2020
    assert {f["rule"] for f in first.report.findings} == {3}  # the source's own inconsistency (MANIFEST)
    second = import_report(sup, y2024.name, y2024.read_bytes())
    assert second.report.year == 2024
    # A fabricated 2023 report whose 结转下年度 disagrees with 2024's 上年结转 → rule 5 on 2024.
    data = dict(second.report.data, year=2023)
    data["applications"] = {
        **data["applications"],
        "carried_forward": {**data["applications"]["carried_forward"], "natural_person": 5, "total": 5},
    }
    CollectedReport.objects.create(
        agency_name="平潭综合实验区",
        year=2023,
        format="2021",
        data=data,
        source_name="x",
        source_sha256="0",
        owner=sup.agency,
    )
    again = import_report(sup, y2024.name, y2024.read_bytes())
    assert not again.created
    assert any(f["rule"] == 5 and f["column"] == "natural_person" for f in again.report.findings)
    assert CollectedReport.objects.filter(agency_name="平潭综合实验区").count() == 3


def test_bad_files_are_refused_in_chinese(agency_tree, make_staff):
    sup = make_staff(agency_tree["province"], "supervisor", username="sup")
    with pytest.raises(ImportError_, match="不是支持的格式"):
        import_report(sup, "a.exe", b"MZ")
    with pytest.raises(ImportError_, match="没有找到年度报告的表格|未能确定"):
        import_report(sup, "note.txt", "今天天气很好。".encode())
    assert not CollectedReport.objects.exists()


def test_pages_compare_and_export(client, agency_tree, make_staff):
    sup = make_staff(agency_tree["province"], "supervisor", username="sup")
    editor = make_staff(agency_tree["other"], "editor", username="ed")
    client.force_login(sup)
    files = [fixture("001.src.txt"), fixture("005.src.txt")]
    page = client.post(
        reverse("staff:collected_upload"),
        {"files": [SimpleUploadedFile(f.name, f.read_bytes()) for f in files]},
        follow=True,
    )
    assert "已导入平潭综合实验区2020年度报告" in page.content.decode()
    reports = list(CollectedReport.objects.order_by("year"))
    assert [r.year for r in reports] == [2020, 2024]
    client.force_login(editor)  # any member of staff may read; importing is refused
    assert client.post(reverse("staff:collected_upload")).status_code == 403
    query = "&".join(f"id={r.pk}" for r in reports)
    page = client.get(reverse("staff:collected_compare") + "?" + query).content.decode()
    assert "本年新收申请" in page and ">21<" in page and ">218<" in page and 'id="chart-data"' in page
    detail = client.get(reverse("staff:collected_report", args=[reports[1].pk])).content.decode()
    assert "未发现问题" in detail and "gk-annual-report" in detail
    xlsx = client.get(reverse("staff:collected_xlsx") + "?" + query)
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True)}
    assert rows["本年新收申请"] == (21, 218)


def test_command_imports_a_directory(tmp_path):
    for name in ("001.src.txt", "005.src.txt"):
        src = fixture(name)
        (tmp_path / src.name).write_bytes(src.read_bytes())
    (tmp_path / "junk.txt").write_text("没有表格", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import-reports", str(tmp_path), stdout=out, stderr=err)
    assert "导入2份，失败1份" in out.getvalue() and "junk.txt" in err.getvalue()


def test_another_agencys_upload_keeps_its_own_copy_and_never_replaces_ours(client, agency_tree, make_staff):
    """Issue 12 item 1: an administrator of 岳阳市民政局 uploading a report of the same agency and year
    gets a copy of its own; the copy 湖北省民政厅 imported keeps its importer and its data."""
    ours = make_staff(agency_tree["province"], "agency_admin", username="ours")
    theirs = make_staff(agency_tree["other"], "agency_admin", username="theirs")
    src = fixture("001.src.txt")
    client.force_login(ours)
    client.post(
        reverse("staff:collected_upload"), {"files": [SimpleUploadedFile(src.name, src.read_bytes())]}
    )
    mine = CollectedReport.objects.get()
    client.force_login(theirs)
    page = client.post(
        reverse("staff:collected_upload"),
        {"files": [SimpleUploadedFile(src.name, src.read_bytes())]},
        follow=True,
    ).content.decode()
    assert "（新增；" in page
    mine.refresh_from_db()
    assert mine.imported_by == ours and mine.year == 2020 and mine.owner == agency_tree["province"]
    copies = CollectedReport.objects.filter(agency_name=mine.agency_name).order_by("pk")
    assert [(c.owner, c.imported_by) for c in copies] == [
        (agency_tree["province"], ours),
        (agency_tree["other"], theirs),
    ]
    # Their re-import replaces their own copy only.
    client.post(
        reverse("staff:collected_upload"), {"files": [SimpleUploadedFile(src.name, src.read_bytes())]}
    )
    assert CollectedReport.objects.filter(owner=agency_tree["other"]).count() == 1
    assert CollectedReport.objects.filter(owner=agency_tree["province"]).count() == 1
    mine.refresh_from_db()
    assert mine.imported_by == ours and mine.owner == agency_tree["province"]
    listing = client.get(reverse("staff:collected")).content.decode()
    assert "湖北省民政厅" in listing and "岳阳市民政局" in listing


def test_command_with_no_report_file_exits_non_zero(tmp_path):
    (tmp_path / "readme.doc").write_bytes(b"x")
    with pytest.raises(CommandError, match="没有找到可导入的报告文件"):
        call_command("import-reports", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())


def test_a_collected_reports_text_is_shown_as_text_not_markup(client, agency_tree, make_staff):
    """Issue 12 item 7: the detail page marks the renderer's output safe; the renderer escapes what the
    other agency's file said, so a script in a cell stays text."""
    from gongkai.rules.annual import model

    data = model.zero_report("2019", 2018, "某局")  # the 2019 format has 政府集中采购
    data["active_disclosure"]["procurement"]["total_amount"] = "<script>alert(1)</script>"
    report = CollectedReport.objects.create(
        agency_name="某局<b>", year=2018, format="2019", data=data, source_name="p.html", source_sha256="0"
    )
    client.force_login(make_staff(agency_tree["city"], "editor", username="reader"))
    page = client.get(reverse("staff:collected_report", args=[report.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "某局<b>" not in page
