"""The column mapping of a site import (栏目对照): an old site's column or 主题分类 → the platform's
主题分类 and 体裁; the administrator's confirmed mapping over the proposal. Pure, no database."""

import pytest

from gongkai.rules.column_mapping import (
    DEFAULT_CATEGORY,
    Mapped,
    check_confirmed,
    genre_from_title,
    propose,
    resolve,
)

# The platform's standard lists (gongkai.disclosure.standard_lists), as the database seeds them.
CATEGORIES = [
    "综合政务",
    "财政、金融、审计",
    "农业、林业、水利",
    "科技、教育",
    "卫生、体育",
    "劳动、人事、监察",
    "民政、扶贫、救灾",
    "其他",
    "重点领域信息公开",
    "政府信息公开年度报告",
    "政务公开工作",
]
GENRES = ["决定", "公告", "通告", "意见", "通知", "通报", "报告", "批复", "函", "办法", "规定", "方案"]
GENRES += ["规划", "政策解读", "年度报告", "其他"]


@pytest.mark.parametrize(
    ("column", "site_category", "expected"),
    [
        # The site's own 主题分类 naming a platform category exactly wins over the column's keywords.
        ("通知公告", "民政、扶贫、救灾", Mapped("民政、扶贫、救灾", "通知")),
        # A column naming a platform category exactly.
        ("政务公开工作", "", Mapped("政务公开工作", "")),
        # Keywords, column and site category together: 社会救助 → 民政.
        ("信息公开目录", "社会救助", Mapped("民政、扶贫、救灾", "")),
        ("财政预决算", "", Mapped("财政、金融、审计", "")),
        ("政府信息公开年报", "", Mapped("政府信息公开年度报告", "年度报告")),
        ("政策解读", "", Mapped("综合政务", "政策解读")),
        # Unmapped: nothing names a category, so the default 综合政务, and no 体裁.
        ("工作动态", "", Mapped(DEFAULT_CATEGORY, "")),
        ("目录 /2019/", "", Mapped(DEFAULT_CATEGORY, "")),
        ("（未标明栏目）", "", Mapped(DEFAULT_CATEGORY, "")),
        # A column that is itself a 体裁 name.
        ("通报", "", Mapped("综合政务", "通报")),
    ],
)
def test_proposal_of_one_column(column, site_category, expected):
    assert propose(column, site_category, CATEGORIES, GENRES) == expected


def test_first_keyword_wins_and_only_when_the_platform_has_that_category():
    # 年报 is looked for before 民政: a column of both goes to the annual reports.
    assert propose("民政年报", "", CATEGORIES, GENRES).category == "政府信息公开年度报告"
    # An agency that removed 政府信息公开年度报告 from its list: the next keyword decides.
    fewer = [c for c in CATEGORIES if c != "政府信息公开年度报告"]
    assert propose("民政年报", "", fewer, GENRES).category == "民政、扶贫、救灾"
    # A 体裁 the platform does not have is never proposed.
    assert propose("政策解读", "", CATEGORIES, ["通知"]).genre == ""


def test_default_when_the_platform_renamed_综合政务_and_none_when_it_has_no_category():
    renamed = [c for c in CATEGORIES if c != "综合政务"]
    assert propose("工作动态", "", renamed, GENRES).category == sorted(renamed)[0]
    assert propose("工作动态", "", [], GENRES) == Mapped("", "")  # no crash; the import says why


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("关于调整城乡最低生活保障标准的通知", "通知"),
        ("关于调整城乡最低生活保障标准的通知。", "通知"),
        ("随州市困难群众救助办法（试行）", "办法"),
        ("随州市临时救助实施细则(暂行)", ""),  # 细则 is not a 体裁 of the platform
        ("随州市养老服务设施布局规划（2021—2035年）（征求意见稿）", "规划"),
        ("《随州市困难群众救助办法》政策解读", "政策解读"),
        ("关于《随州市困难群众救助办法》的解读", "政策解读"),
        ("随州市民政局2023年政府信息公开工作年度报告", "年度报告"),
        ("关于同意设立随州市慈善总会的批复", "批复"),
        ("关于商请协助核查的函", "函"),
        ("市民政局开展养老机构安全检查", ""),
        ("", ""),
    ],
)
def test_genre_from_the_end_of_the_title(title, genre):
    assert genre_from_title(title, GENRES) == genre


def test_genre_from_title_only_names_the_platform_s_genres():
    assert genre_from_title("关于…的通知", ["公告"]) == ""


def test_without_a_confirmed_mapping_every_column_gets_the_proposal():
    proposed = {"通知公告": Mapped("综合政务", "通知"), "工作动态": Mapped("综合政务", "")}
    resolved = resolve(proposed, None)
    assert resolved.used == proposed and resolved.unlisted == () and resolved.confirmed is False


def test_confirmed_rows_win_and_columns_it_does_not_list_get_the_proposal():
    proposed = {"通知公告": Mapped("综合政务", "通知"), "工作动态": Mapped("综合政务", "")}
    confirmed = {"通知公告": Mapped("民政、扶贫、救灾", ""), "旧栏目": Mapped("其他", "")}
    resolved = resolve(proposed, confirmed)
    assert resolved.confirmed is True
    assert resolved.used["通知公告"] == Mapped(
        "民政、扶贫、救灾", ""
    )  # the administrator's choice, 体裁 none
    assert resolved.used["工作动态"] == Mapped("综合政务", "")  # not in the file: the proposal
    assert resolved.unlisted == ("工作动态",)
    assert resolved.used["旧栏目"] == Mapped("其他", "")  # kept though this run did not find it


def test_an_empty_confirmed_mapping_is_still_confirmed():
    resolved = resolve({"通知公告": Mapped("综合政务", "通知")}, {})
    assert resolved.confirmed is True and resolved.unlisted == ("通知公告",)


def test_check_confirmed_accepts_known_names_and_an_empty_genre():
    rows, problems = check_confirmed(
        {
            "通知公告": {"主题分类": " 综合政务 ", "体裁": "通知"},
            "工作动态": {"主题分类": "其他", "体裁": None},
        },
        CATEGORIES,
        GENRES,
    )
    assert problems == []
    assert rows == {"通知公告": Mapped("综合政务", "通知"), "工作动态": Mapped("其他", "")}


def test_check_confirmed_lists_every_problem_in_chinese():
    rows, problems = check_confirmed(
        {
            "通知公告": {"主题分类": "不存在的分类", "体裁": "通知"},
            "政策解读": {"主题分类": "综合政务", "体裁": "不存在的体裁"},
            "工作动态": {"体裁": "通知"},
            "坏行": "综合政务",
        },
        CATEGORIES,
        GENRES,
    )
    assert problems == [
        "栏目“通知公告”的主题分类“不存在的分类”不在本平台的主题分类表中",
        "栏目“政策解读”的体裁“不存在的体裁”不在本平台的体裁表中",
        "栏目“工作动态”没有填写主题分类",
        '栏目“坏行”的对照应为 {"主题分类": …, "体裁": …}',
    ]
    assert "坏行" not in rows


def test_check_confirmed_refuses_columns_that_are_not_a_mapping():
    assert check_confirmed(["通知公告"], CATEGORIES, GENRES) == (
        {},
        ["对照表格式不正确：columns 应为“栏目 → {主题分类, 体裁}”"],
    )
