"""Doubled characters, leaders' names and titles, sensitive words."""

from __future__ import annotations

import pytest

from gongkai.sitecheck.config import Leader
from gongkai.sitecheck.text_checks import check_text, doubled_characters, leader_problems, sensitive_words


@pytest.mark.parametrize(
    "text",
    [
        "我们常常去看看",
        "人人参与，天天向上",
        "谢谢大家的支持",
        "一一列举问题",
        "三三两两地走来",
        "研究会议议程",
        "丰富学生生活",
        "高高兴兴上班",
        "干干净净的街道",
        "对对方负责",
        "把把关工作做好",
        "刚刚发布的通知",
        "往往如此",
        "纷纷表示赞同",
        "的的确确如此",
        "彬彬有礼",
        "转变工作作风",
    ],
)
def test_legitimate_reduplication_is_not_flagged(text):
    assert doubled_characters(text) == []


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("着力推进政政府信息和政务公开工作常态化", "政政"),  # seed 000_*
        ("我们们的工作还有不足", "们们"),
        ("这是我们的的工作", "的的"),
        ("加强信信息公开", "信信"),
        ("提升服服务水平", "服服"),
    ],
)
def test_doubled_characters_are_flagged(text, pair):
    problems = doubled_characters(text)
    assert [p.words for p in problems] == [pair]
    assert pair[0] in problems[0].message and text[:4] in problems[0].context


def test_leader_wrong_title_and_near_miss_name():
    leaders = [Leader("王建国", ("局长",)), Leader("李红", ("副局长",))]
    found = leader_problems("王建国副局长出席。王建图局长讲话。李红副局长主持。李虹副局长发言。", leaders)
    messages = " ".join(p.message for p in found)
    assert "王建国" in messages and "副局长" in messages
    assert "王建图局长" in messages and "李虹副局长" in messages
    assert len(found) == 3
    assert leader_problems("王建国局长出席，李红副局长主持。", leaders) == []


def test_sensitive_words_from_the_configured_list():
    found = sensitive_words("本页含有违禁词甲和违禁词乙。", ["违禁词甲", "违禁词乙", ""])
    assert [p.words for p in found] == ["违禁词甲", "违禁词乙"]
    assert sensitive_words("干净的文字", []) == []


def test_text_without_chinese_is_skipped():
    assert check_text("aa bb 1122 wwww", [Leader("王建国", ("局长",))], ["aa"]) == []
