"""Format, year and agency from real titles and first sentences."""

import pytest

from gongkai.rules.annual.parse.detect import detect_agency, detect_format, detect_year
from gongkai.rules.annual.parse.normalize import normalize


def work(text: str) -> str:
    return normalize(text)[0]


@pytest.mark.parametrize(
    ("text", "year", "agency"),
    [
        # title lines as published (corpus 001, 006, 009, 007)
        (
            "标题: 平潭综合实验区2020年度政府信息公开工作年度报告\n发布时间: 2021-03-05",
            2020,
            "平潭综合实验区",
        ),
        ("岳阳市民政局2023年政府信息公开工作年度报告\n\n发布时间: 2024-01-09", 2023, "岳阳市民政局"),
        (
            "先创区中埠镇\n标题: 中埠镇人民政府2020年政府信息公开工作年度报告\n索引号: /2021-None",
            2020,
            "中埠镇人民政府",
        ),
        (
            "正文\n2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n本年度报告根据",
            2025,
            "上海市人民政府办公厅",
        ),
        # no title: the overview's first sentences (corpus 008, 010)
        (
            "一、总体情况\n2023年,在区委、区政府的坚强领导下,官洲街道办事处认真贯彻落实《条例》",
            2023,
            "官洲街道办事处",
        ),
        ("一、总体情况\n(一)主动公开情况。2024年,我局共主动公开政府信息376条", 2024, None),
        ("南芬区人民政府关于2023年度政府信息公开工作年度报告", 2023, "南芬区人民政府"),
        ("随州市民政局2022年政务公开工作年度报告", 2022, "随州市民政局"),
        # full-width digits and spaces in the title
        ("湖北省民政厅２０２２年度政府信息公开工作年度报告", 2022, "湖北省民政厅"),
    ],
)
def test_year_and_agency(text, year, agency):
    assert detect_year(work(text)) == year
    assert detect_agency(work(text)) == agency


def test_statistics_period_gives_the_year_when_the_title_does_not():
    text = "本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。"
    assert detect_year(work(text)) == 2019


def test_a_sentence_is_not_taken_for_a_title():
    text = "现将市民政局2023年政府信息公开工作情况报告如下:\n一、总体情况\n我局坚持公开为常态。"
    assert detect_agency(work(text)) is None


@pytest.mark.parametrize(
    ("text", "year", "fmt"),
    [
        ("信息内容 本年制发件数 本年废止件数 现行有效件数", None, "2021"),
        ("信息内容 本年新制作数量 本年新公开数量 对外公开总数量 上一年项目数量", None, "2019"),
        ("按照国办公开办函〔2019〕60号要求", 2020, "2019"),
    ],
)
def test_format_from_the_table_headings(text, year, fmt):
    assert detect_format(work(text), year) == (fmt, None)


def test_format_without_clues_follows_the_year_and_says_so():
    fmt, note = detect_format("政府信息公开工作年度报告", 2020)
    assert fmt == "2019" and "2020" in note
    fmt, note = detect_format("政府信息公开工作年度报告", 2023)
    assert fmt == "2021" and note
