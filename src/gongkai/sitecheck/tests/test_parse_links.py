"""Two parsing rules that keep a platform's own portal from flooding its inspection (issue 11
item 16): filter/sort links marked rel="nofollow" are checked, not crawled, and a page with a
single dated entry does not make the links around it into "items" of a column."""

from datetime import date

from gongkai.sitecheck.config import SiteConfig
from gongkai.sitecheck.parse import analyse

CONFIG = SiteConfig(start_url="http://x.gov.cn/")


def test_nofollow_links_are_not_followed_and_view_parameters_are_dropped():
    page = (
        '<html><body><a rel="nofollow" href="/list/?year=2025">2025年</a>'
        '<a href="/list/?column=policy">政策文件</a><a href="/doc/1/?fs=l">大字</a></body></html>'
    )
    links = {link.target: link.follow for link in analyse("http://x.gov.cn/list/", page, CONFIG).links}
    assert links == {
        "http://x.gov.cn/list/?year=2025": False,
        "http://x.gov.cn/list/?column=policy": True,
        "http://x.gov.cn/doc/1/": True,
    }


def test_a_single_dated_entry_is_the_item_not_the_links_around_it():
    page = (
        "<html><body><section><h2>最新信息</h2><ul><li><a href='/doc/5/'>关于低保标准的通知</a>"
        "<span>2017-06-21</span></li></ul><p><a href='/catalogue/'>全部信息</a> · "
        "<a href='/feed/'>RSS订阅</a></p></section></body></html>"
    )
    column = analyse("http://x.gov.cn/", page, CONFIG, today=date(2026, 12, 6)).column
    assert column.item_links == ["http://x.gov.cn/doc/5/"] and column.dates == [date(2017, 6, 21)]
