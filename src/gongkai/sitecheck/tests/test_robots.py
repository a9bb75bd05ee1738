"""robots.txt (RFC 9309)."""

from gongkai.sitecheck.robots import Robots

UA = "gongkai-sitecheck/0.1"


def test_longest_match_wins_and_allow_breaks_ties():
    r = Robots.parse("User-agent: *\nDisallow: /xxgk/\nAllow: /xxgk/public/\nDisallow: /a\nAllow: /a\n")
    assert not r.can_fetch(UA, "http://x.gov.cn/xxgk/secret.html")
    assert r.can_fetch(UA, "http://x.gov.cn/xxgk/public/1.html")
    assert r.can_fetch(UA, "http://x.gov.cn/a")
    assert r.can_fetch(UA, "http://x.gov.cn/index.html")


def test_wildcards_and_end_anchor():
    r = Robots.parse("User-agent: *\nDisallow: /*.php$\nDisallow: /search*q=\n")
    assert not r.can_fetch(UA, "http://x.gov.cn/list.php")
    assert r.can_fetch(UA, "http://x.gov.cn/list.php?id=1")
    assert not r.can_fetch(UA, "http://x.gov.cn/search?q=政务")


def test_specific_agent_group_and_crawl_delay():
    text = "User-agent: *\nDisallow: /\n\nUser-agent: gongkai-sitecheck\nDisallow: /tmp/\nCrawl-delay: 2\n"
    r = Robots.parse(text)
    assert r.can_fetch(UA, "http://x.gov.cn/news/")
    assert not r.can_fetch(UA, "http://x.gov.cn/tmp/a")
    assert r.crawl_delay(UA) == 2.0
    assert not r.can_fetch("OtherBot/1.0", "http://x.gov.cn/news/")


def test_no_rules_allow_everything():
    assert Robots.allow_all().can_fetch(UA, "http://x.gov.cn/anything")
    assert not Robots.disallow_all().can_fetch(UA, "http://x.gov.cn/anything")
