"""Site configuration: JSON, hosts, limits; bad input gives a Chinese error."""

from __future__ import annotations

import json
from datetime import date

import pytest

from gongkai.sitecheck.config import ConfigError, Limit, SiteConfig


def test_load_from_json(tmp_path):
    path = tmp_path / "site.json"
    path.write_text(
        json.dumps(
            {
                "start_url": "http://www.example.gov.cn/",
                "hosts": ["www.example.gov.cn", "xxgk.example.gov.cn"],
                "leaders": [{"name": "王建国", "titles": ["局长"]}],
                "sensitive_words": ["违禁词"],
                "column_selectors": [{"url_contains": "/list/", "items": "ul.news li", "date": "span"}],
                "column_limits": {"专题": "3m"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    config = SiteConfig.load(path, max_pages=50)
    assert config.max_pages == 50 and config.leaders[0].titles == ("局长",)
    assert config.is_internal("https://xxgk.example.gov.cn/a.html")
    assert not config.is_internal("http://www.gov.cn/")
    assert config.limit_for("专题专栏")[1] == Limit(3, "m")


def test_hosts_default_to_the_start_url_and_ports_count():
    config = SiteConfig(start_url="http://127.0.0.1:8000/")
    assert config.is_internal("http://127.0.0.1:8000/x")
    assert not config.is_internal("http://127.0.0.1:9000/x")


def test_column_limits_follow_the_indicators():
    config = SiteConfig(start_url="http://x.gov.cn/")
    assert config.limit_for("工作动态")[1].cutoff(date(2026, 11, 20)) == date(2026, 11, 6)
    assert config.limit_for("通知公告")[1].cutoff(date(2026, 8, 31)) == date(2026, 2, 28)
    assert config.limit_for("领导简介") == (None, None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_url": "ftp://x"}, "网址"),
        ({}, "start_url"),
        ({"start_url": "http://x.gov.cn/", "colour": 1}, "未知"),
        ({"start_url": "http://x.gov.cn/", "column_limits": {"动态": "两周"}}, "更新时限"),
        ({"start_url": "http://x.gov.cn/", "max_pages": 0}, "最大页面数"),
    ],
)
def test_bad_configuration_is_refused_in_chinese(data, message):
    with pytest.raises(ConfigError, match=message):
        SiteConfig.from_dict(data)


def test_bad_json_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="不是有效的 JSON"):
        SiteConfig.load(path)
    with pytest.raises(ConfigError, match="找不到"):
        SiteConfig.load(tmp_path / "missing.json")


def test_scope_is_the_start_urls_folder_and_view_parameters_are_dropped_by_default():
    config = SiteConfig(start_url="http://127.0.0.1:8000/szmzj/")
    assert config.scope_paths == ["/szmzj/"] and config.ignore_params == ["lang", "mode", "fs"]
    assert config.in_scope("http://127.0.0.1:8000/szmzj/doc/3/") and config.in_scope(
        "http://127.0.0.1:8000/szmzj"
    )
    assert not config.in_scope("http://127.0.0.1:8000/hbmzt/")
    assert SiteConfig(start_url="http://x.gov.cn/index.html").scope_paths == ["/"]
    assert SiteConfig(start_url="http://x.gov.cn").in_scope("http://x.gov.cn/any/page.html")
    with pytest.raises(ConfigError, match="scope_paths"):
        SiteConfig(start_url="http://x.gov.cn/", scope_paths=["szmzj"])
