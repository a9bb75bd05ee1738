"""Art. 44: which applications ask for the same information (文号, or CJK bigram similarity with
the same numbers), and the groups asked at least 3 times by several applicants within 12 months."""

import datetime as dt
import random

import pytest

from gongkai.rules.same_information import (
    THRESHOLD,
    Request,
    groups,
    normalise,
    same_information,
    similarity,
)

D = dt.date


def test_normalise_drops_what_every_request_says():
    assert normalise("请公开贵局《2024年度 部门决算》。") == "2024年部门决算"
    assert normalise("ＡＢＣ２０２４") == "abc2024"  # full-width read as ASCII


# The same information in other words (applicants' own phrasing): at or above the threshold.
SAME = [
    ("2024年度城乡最低生活保障资金发放情况", "2024年度城乡最低生活保障资金的发放明细"),
    ("某某小区养老服务设施建设项目的批复文件", "关于某某小区养老服务设施建设项目批复"),
    ("随州市2024年部门决算", "请提供贵局2024年度的随州市部门决算"),
    ("殡葬服务收费标准", "关于殡葬服务收费标准的文件"),
]
# Different information of the same agency: below it.
DIFFERENT = [
    ("2024年部门决算", "2023年部门决算"),  # another year: one character, but other information
    ("2024年部门决算", "2024年部门预算"),
    ("2024年度城乡最低生活保障资金发放情况", "2024年度特困人员救助供养资金发放情况"),
    ("社会组织年检结果", "2024年社会组织年检结果"),  # a year on one side only
    ("养老机构名单", "养老机构补贴标准"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_information_in_other_words_is_similar(a, b):
    assert similarity(a, b) >= THRESHOLD


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_information_is_not(a, b):
    assert similarity(a, b) < THRESHOLD


def test_similarity_is_symmetric_and_one_for_the_same_text():
    a, b = SAME[0]
    assert similarity(a, b) == similarity(b, a)
    assert similarity(a, a) == 1.0


def _r(i, day, who, subject, number=""):
    return Request(i, day, who, subject, number)


def test_the_same_document_number_in_any_bracket_is_the_same_information():
    a = _r(1, D(2026, 1, 5), "a", "鄂民发[2024]3号文件", "鄂民发[2024]3号")
    b = _r(2, D(2026, 1, 6), "b", "一个完全不同的描述", "鄂民发（2024）3号")
    c = _r(3, D(2026, 1, 7), "c", "鄂民发[2024]3号文件", "鄂民发〔2024〕4号")
    assert same_information(a, b)
    assert not same_information(a, c)  # both name a 文号: the numbers decide, not the words


def test_a_group_needs_three_requests_from_at_least_two_applicants_within_twelve_months():
    subject = "2024年度城乡最低生活保障资金发放情况"
    asked = [
        _r(1, D(2025, 3, 1), "a", subject),  # more than 12 months before 2026-03-02: outside
        _r(2, D(2025, 6, 1), "b", "请公开2024年度城乡最低生活保障资金的发放情况"),
        _r(3, D(2026, 2, 1), "c", subject),
        _r(4, D(2026, 3, 2), "c", subject + "。"),
        _r(5, D(2026, 3, 2), "d", "2024年部门预算"),
    ]
    found = groups(asked, D(2026, 3, 2))
    assert len(found) == 1
    assert found[0].ids == {2, 3, 4} and found[0].applicants == 2
    assert found[0].first == D(2025, 6, 1) and found[0].last == D(2026, 3, 2)
    # Two requests only (the earliest falls out of the window a day later): no group.
    assert groups(asked, D(2026, 6, 2)) == []


def test_one_applicant_asking_three_times_is_a_repeat_not_article_44():
    asked = [_r(i, D(2026, 1, i), "same", "2024年部门决算") for i in range(1, 5)]
    assert groups(asked, D(2026, 2, 1)) == []


def test_requests_without_applicant_key_count_as_different_applicants():
    asked = [_r(i, D(2026, 1, i), "", "2024年部门决算") for i in range(1, 4)]
    assert groups(asked, D(2026, 2, 1))[0].applicants == 3


def test_largest_group_first():
    small = [_r(i, D(2026, 1, i), f"x{i}", "2024年部门决算") for i in range(1, 4)]
    big = [_r(10 + i, D(2026, 1, i), f"y{i}", "殡葬服务收费标准") for i in range(1, 6)]
    found = groups(small + big, D(2026, 2, 1))
    assert [len(g.requests) for g in found] == [5, 3]
    assert found[0].subject == "殡葬服务收费标准"


def test_the_indexed_grouping_equals_comparing_every_pair():
    """The bigram index must find exactly the pairs a full comparison finds (same groups)."""
    rng = random.Random(7)
    subjects = [s for pair in SAME + DIFFERENT for s in pair]
    reqs = [
        _r(
            i,
            D(2026, 1, 1) + dt.timedelta(days=rng.randrange(300)),
            f"p{rng.randrange(40)}",
            rng.choice(subjects),
        )
        for i in range(300)
    ]
    fast = {g.ids for g in groups(reqs, D(2026, 12, 31), min_requests=2, min_applicants=1)}
    # Full comparison with union-find by hand.
    parent = {r.id: r.id for r in reqs}

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for a in reqs:
        for b in reqs:
            if a.id < b.id and same_information(a, b):
                parent[find(b.id)] = find(a.id)
    slow = {}
    for r in reqs:
        slow.setdefault(find(r.id), set()).add(r.id)
    assert fast == {frozenset(s) for s in slow.values() if len(s) >= 2}
