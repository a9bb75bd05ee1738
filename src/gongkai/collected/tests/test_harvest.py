"""``gongkai annual harvest``: a generated region of agency sites served on loopback (never the
internet); every expectation comes from how the site was generated (testing.Region)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.collected.harvest.testing import Region

YEAR = 2025


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    region = Region.generate(14, YEAR, variants=1, cache=tmp_path_factory.mktemp("files"))
    with region.serve():
        yield region


@pytest.fixture
def sites_csv(region, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text(region.csv(), encoding="utf-8")
    return path


def _harvest(*args):
    err = io.StringIO()
    call_command(
        "annual",
        "harvest",
        *map(str, args),
        "--year",
        str(YEAR),
        "--rate",
        "0",
        stdout=io.StringIO(),
        stderr=err,
    )
    return err.getvalue()


def _lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_found_missing_late_as_published(region, sites_csv, tmp_path):
    out = tmp_path / "out.jsonl"
    summary = _harvest(sites_csv, "--jsonl", out)
    lines = {x["agency"]: x for x in _lines(out)}
    assert len(lines) == len(region.sites)
    for spec in region.sites:
        line = lines[spec.name]
        assert line["found"] is spec.found, spec
        assert line["late"] is spec.late, spec
        if not spec.found:
            assert line["reason"]
    # dates from the page (发布日期 / PubDate) or, for a PDF linked from the list, the list
    s1 = region.sites[0]  # a PDF attachment on a dated page
    assert lines[s1.name]["published_on"] == s1.published.isoformat()
    assert lines[s1.name]["format"] == "pdf" and lines[s1.name]["report"]["applications"] is not None
    faulty = next(s for s in region.sites if s.faulty and s.found and s.layout != "scanned")
    assert any(f["rule"] == 1 for f in lines[faulty.name]["findings"])
    paged = next(s for s in region.sites if s.paged and s.found)  # on the list's second page
    assert lines[paged.name]["url"].endswith(".html") and lines[paged.name]["report"] is not None
    gbk = next(s for s in region.sites if s.gbk and s.found and s.layout != "scanned")  # pages in GBK
    assert lines[gbk.name]["report"] is not None
    wps = next(s for s in region.sites if s.layout == "wps")
    assert lines[wps.name]["format"] == "wps" and lines[wps.name]["report"] is not None
    found = sum(s.found for s in region.sites)
    late = sum(bool(s.late) for s in region.sites)
    assert f"找到 {found} 份报告（逾期公布 {late}" in summary


def test_robots_txt_is_obeyed(region, sites_csv, tmp_path):
    blocked = next(s for s in region.sites if s.robots_blocked)
    before = len(region.requested)
    _harvest(sites_csv, "--jsonl", tmp_path / "out.jsonl")
    asked = region.requested[before:]
    assert not [p for p in asked if p.startswith(f"/{blocked.slug}/")]
    line = next(x for x in _lines(tmp_path / "out.jsonl") if x["agency"] == blocked.name)
    assert line["reason"] == "网站的 robots.txt 不允许访问名单中的网址"


def test_a_rerun_skips_what_is_done(region, sites_csv, tmp_path):
    out = tmp_path / "out.jsonl"
    _harvest(sites_csv, "--jsonl", out)
    first = out.read_text(encoding="utf-8").splitlines()
    # a crash cut the last line short and the run stopped before the last two agencies
    out.write_text("\n".join(first[:-3]) + "\n" + first[-3][:40], encoding="utf-8")
    before = len(region.requested)
    summary = _harvest(sites_csv, "--jsonl", out)
    assert "此前已完成 11" in summary
    names = [x["agency"] for x in _lines(out)]
    assert sorted(names) == sorted(s.name for s in region.sites)  # each once
    redone = {p.split("/")[1] for p in region.requested[before:] if p != "/robots.txt"}
    assert len(redone) <= 3


def test_two_workers_give_the_same_lines(region, sites_csv, tmp_path):
    _harvest(sites_csv, "--jsonl", tmp_path / "one.jsonl")
    _harvest(sites_csv, "--jsonl", tmp_path / "two.jsonl", "--workers", "2")

    def key(lines):
        return sorted((x["agency"], x["found"], x["late"], x["url"], x["format"]) for x in lines)

    assert key(_lines(tmp_path / "two.jsonl")) == key(_lines(tmp_path / "one.jsonl"))


def test_bad_list_is_refused_in_chinese(tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text(
        "机关名称,机关类型,网址\n某局,事业单位,http://127.0.0.1:9/\n某县,政府,ftp://x\n", encoding="utf-8"
    )
    with pytest.raises(
        CommandError,
        match="第2行：机关类型应为“政府”或“部门”（第四十九条），实为“事业单位”；第3行：网址“ftp://x”无效",
    ):
        _harvest(path)
    path.write_text("名称,网址\n", encoding="utf-8")
    with pytest.raises(CommandError, match="机关名单缺少列：机关名称、机关类型"):
        _harvest(path)
