"""``gongkai annual harvest … --import``: harvested reports kept in the collected reports, one
transaction per agency, idempotent on a re-run, with their provenance. Expectations come from how
the loopback region was generated (testing.Region), never from the import's own output."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.agencies.models import Agency
from gongkai.audit.models import AuditEntry
from gongkai.collected.harvest import keep
from gongkai.collected.harvest.keep import KeepError, keep_line
from gongkai.collected.harvest.testing import Region
from gongkai.collected.models import CollectedReport, HarvestEntry
from gongkai.rules.annual.model import require_row, zero_report

pytestmark = pytest.mark.django_db
YEAR = 2025
# 1 PDF attachment, 2 DOCX, 7 no report, 14 tables in the page, 19 PDF linked from the list, faulty
CHOSEN = (1, 2, 7, 14, 19)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    region = Region.generate(19, YEAR, variants=1, cache=tmp_path_factory.mktemp("files"))
    with region.serve():
        yield region


@pytest.fixture
def chosen(region):
    return [region.sites[i - 1] for i in CHOSEN]


@pytest.fixture
def sites_csv(region, chosen, tmp_path):
    path = tmp_path / "sites.csv"
    rows = ["机关名称,机关类型,网址"] + [f"{s.name},{s.kind},{region.url(s)}" for s in chosen]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def owner(db):
    return Agency.objects.create(
        name="示例市人民政府办公室", short_name="市政府办", code="SUP001", slug="sup"
    )


def _harvest(*args):
    err = io.StringIO()
    call_command(
        "annual", "harvest", *map(str, args), "--year", str(YEAR), "--rate", "0",
        stdout=io.StringIO(), stderr=err,
    )  # fmt: skip
    return err.getvalue()


def test_import_keeps_every_agency_with_its_provenance(region, chosen, sites_csv, owner, tmp_path):
    err = _harvest(sites_csv, "--jsonl", tmp_path / "out.jsonl", "--import", "--owner", "SUP001")
    assert "已导入收集的年度报告：5 个机关" in err
    entries = {e.agency_name: e for e in HarvestEntry.objects.filter(owner=owner, year=YEAR)}
    assert set(entries) == {s.name for s in chosen}
    for spec in chosen:
        entry = entries[spec.name]
        assert entry.found is spec.found and entry.agency_kind == spec.kind
        if not spec.found:
            assert entry.report is None and "未找到" in entry.reason
            continue
        report = entry.report
        assert report.owner == owner and report.year == YEAR and report.agency_name == spec.name
        assert report.late is spec.late, spec
        assert report.url.startswith(region.base) and f"/{spec.slug}/" in report.url
        assert report.data["applications"] is not None
        if spec.late is not None:
            assert report.published_on == spec.published
    by_layout = {s.layout: entries[s.name].report for s in chosen if s.found}
    assert by_layout["pdf"].source_format == "pdf" and by_layout["pdf"].url.endswith(".pdf")
    assert by_layout["pdf"].page_url.endswith(".html")  # the page the attachment hangs from
    assert by_layout["docx"].source_format == "docx"
    assert by_layout["html"].source_format == "html"
    faulty = entries[chosen[-1].name].report
    assert chosen[-1].faulty
    rule1 = [f for f in faulty.findings if f["rule"] == 1]
    assert rule1 and rule1[0]["row"] == "applications.new_received" and rule1[0]["message"]
    # every import is in the audit trail, under the importing agency
    assert AuditEntry.objects.filter(action="harvest_import", agency=owner).count() == 5


def test_rerun_updates_rather_than_duplicates(region, chosen, sites_csv, owner, tmp_path):
    out = tmp_path / "out.jsonl"
    _harvest(sites_csv, "--jsonl", out)  # first without --import
    assert not HarvestEntry.objects.exists()
    # resumed: nothing is harvested again, the earlier lines are imported
    _harvest(sites_csv, "--jsonl", out, "--import", "--owner", "SUP001")
    assert HarvestEntry.objects.count() == 5
    assert CollectedReport.objects.count() == 4
    report = CollectedReport.objects.get(agency_name=chosen[0].name)
    CollectedReport.objects.filter(pk=report.pk).update(url="changed", findings=[])
    _harvest(sites_csv, "--import", "--owner", "SUP001")  # a fresh harvest of the same year
    assert HarvestEntry.objects.count() == 5 and CollectedReport.objects.count() == 4
    report.refresh_from_db()
    assert report.url.startswith(region.base)
    assert AuditEntry.objects.filter(action="harvest_reimport").count() == 5


def test_import_options_are_checked_in_chinese(sites_csv, db):
    with pytest.raises(CommandError, match="找不到机构代码为“NOPE”的机关"):
        _harvest(sites_csv, "--import", "--owner", "NOPE")
    with pytest.raises(CommandError, match="--owner 只能与 --import 一起使用"):
        _harvest(sites_csv, "--owner", "NOPE")


def _line(year, carried_forward=5, carried_over=0, **extra):
    report = zero_report("2021", year, None)
    require_row(report["applications"], "carried_forward").update(
        natural_person=carried_forward, total=carried_forward
    )
    require_row(report["applications"], "carried_over").update(
        natural_person=carried_over, total=carried_over
    )
    return {
        "agency": "平台外某县民政局", "type": "部门", "site": "http://x.test/", "year": year, "found": True,
        "url": "http://x.test/a.html", "source": "http://x.test/a.html", "format": "html",
        "published_on": f"{year + 1}-01-20", "late": False, "days_late": 0, "report": report,
        "findings": [], "warnings": ["三、申请情况 · 二、上年结转政府信息公开申请数量：示例提示"],
    } | extra  # fmt: skip


def test_rule_5_against_the_kept_previous_year(db):
    """Rule 5: this year's 上年结转 must equal last year's 结转下年度 — whichever year comes first."""
    keep_line(_line(YEAR, carried_over=3))
    assert not [f for f in CollectedReport.objects.get(year=YEAR).findings if f["rule"] == 5]
    keep_line(_line(YEAR - 1, carried_forward=5))  # last year kept afterwards: this year re-checked
    rule5 = [f for f in CollectedReport.objects.get(year=YEAR).findings if f["rule"] == 5]
    assert rule5 and rule5[0]["expected"] == 5 and rule5[0]["found"] == 3
    assert CollectedReport.objects.get(year=YEAR).warnings == [
        "三、申请情况 · 二、上年结转政府信息公开申请数量：示例提示"
    ]


def test_one_agency_one_transaction(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(keep, "record", broken)
    with pytest.raises(RuntimeError):
        keep_line(_line(YEAR))
    assert not HarvestEntry.objects.exists() and not CollectedReport.objects.exists()


def test_lines_that_say_nothing_are_refused(db):
    with pytest.raises(KeepError, match="网站暂时无法访问"):
        keep_line(_line(YEAR, retry=True))
    with pytest.raises(ValueError, match="机关类型应为“政府”或“部门”"):
        keep_line(_line(YEAR, type="机构"))
    assert not HarvestEntry.objects.exists()
