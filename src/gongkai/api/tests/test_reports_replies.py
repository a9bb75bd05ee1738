"""Annual reports (published and collected, with their findings), published replies and the yearly
figures: nothing unpublished, no personal data."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(catalogue, workflow):
    from gongkai.reports.build import build_report
    from gongkai.reports.models import AnnualReport

    a = catalogue["agencies"]
    city, district, other = a["city"], a["district"], a["other"]
    published_doc = workflow.publish(city, title="随州市民政局2024年政府信息公开工作年度报告")
    data = build_report(city, 2024)
    data["applications"]["new_received"]["total"] = 7  # 本年新收 7 but no row adds up to it: a finding
    published = AnnualReport.objects.create(
        agency=city, year=2024, state="published", data=data, document=published_doc
    )
    in_review = AnnualReport.objects.create(
        agency=district,
        year=2024,
        state="in_review",
        data=build_report(district, 2024),
        document=catalogue["hidden"]["submitted"],
    )
    withdrawn = AnnualReport.objects.create(
        agency=other,
        year=2024,
        state="published",
        data=build_report(other, 2024),
        document=catalogue["hidden"]["withdrawn"],
    )
    return {"published": published, "in_review": in_review, "withdrawn": withdrawn}


def test_annual_reports_published_only_with_json_and_findings(api, reports):
    items = api.json("/api/v1/annual-reports/")["results"]
    assert [r["id"] for r in items] == [reports["published"].pk]
    assert items[0]["title"] == "随州市民政局2024年政府信息公开工作年度报告"
    d = api.json(f"/api/v1/annual-reports/{reports['published'].pk}/")
    assert d["report"]["format"] == "2021" and d["report"]["year"] == 2024
    assert d["report"]["agency"] == "随州市民政局"
    assert d["report"]["applications"]["new_received"]["total"] == 7
    assert d["findings"] and all(f["text"].startswith("规则") for f in d["findings"])
    for key in ("in_review", "withdrawn"):
        assert api.get(f"/api/v1/annual-reports/{reports[key].pk}/").status_code == 404


def test_collected_reports_with_findings(api, catalogue):
    from gongkai.collected.models import CollectedReport

    c = CollectedReport.objects.create(
        agency_name="岳阳市财政局",
        year=2023,
        format="2021",
        data={"format": "2021", "year": 2023, "agency": "岳阳市财政局"},
        source_name="report.html",
        source_sha256="0" * 64,
        findings=[
            {
                "rule": 1,
                "row": "new",
                "column": "total",
                "expected": 3,
                "found": 4,
                "message": "合计不符",
                "text": "规则1",
            }
        ],
        warnings=["表格第三部分缺少一列"],
    )
    items = api.json("/api/v1/collected-reports/", year=2023)["results"]
    assert [r["agency_name"] for r in items] == ["岳阳市财政局"]
    d = api.json(f"/api/v1/collected-reports/{c.pk}/")
    assert d["findings"][0]["found"] == 4 and d["warnings"] == ["表格第三部分缺少一列"]
    assert "imported_by" not in d and "owner" not in d


def test_replies_published_only_without_personal_data(
    api,
    answered,
    staff,
    django_capture_on_commit_callbacks,
):
    from gongkai.interaction import services
    from gongkai.interaction.models import Message

    msg, _ = answered
    assert api.json("/api/v1/interaction/replies/")["count"] == 0  # approved, not yet published
    with django_capture_on_commit_callbacks(execute=True):
        msg = services.publish(staff["leader"], msg)
    data = api.json("/api/v1/interaction/replies/")
    assert data["count"] == 1
    item = data["results"][0]
    assert item["title"] == "低保申请条件咨询" and item["kind_label"] == "咨询"
    assert "户口簿" in item["reply"] and item["document"] == msg.document_id_published
    blob = json.dumps(data, ensure_ascii=False)
    assert "李四" not in blob and "13912345678" not in blob and "420102199001011234" not in blob
    assert api.json(f"/api/v1/interaction/replies/{msg.pk}/")["id"] == msg.pk
    Message.objects.filter(pk=msg.pk).update(hidden=True)  # moderated away
    assert api.get(f"/api/v1/interaction/replies/{msg.pk}/").status_code == 404
    assert api.json("/api/v1/interaction/replies/")["count"] == 0


def test_figures_from_the_published_report_and_interaction(api, reports):
    city = reports["published"].agency
    d = api.json("/api/v1/figures/", agency=city.pk, year=2024)
    assert d["annual_report"] == reports["published"].pk
    assert d["applications"]["new_received"]["total"] == 7
    assert d["interaction"]["year"] == 2024
    # a report under review gives no figures yet
    district = reports["in_review"].agency
    d = api.json("/api/v1/figures/", agency=district.pk, year=2024)
    assert d["annual_report"] is None and d["applications"] is None
    r = api.get("/api/v1/figures/", agency=city.pk)
    assert r.status_code == 400 and r.json()["year"] == ["该字段是必填项。"]
