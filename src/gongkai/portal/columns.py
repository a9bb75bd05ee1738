"""The columns of an agency's 政府信息公开 home (国办公开办函〔2021〕28号 and the standard
directory of 法定主动公开内容, Art. 19–20 of the Regulation), mapped from the records' 主题分类,
体裁, 规章/规范性文件 and title words. A document may sit in more than one column."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q


@dataclass(frozen=True)
class Column:
    slug: str
    name: str
    description: str
    categories: tuple[str, ...] = ()  # 主题分类 codes
    genres: tuple[str, ...] = ()  # 体裁 names
    title_words: tuple[str, ...] = ()  # words in the title
    regulatory: bool = False  # 规章 and 行政规范性文件 (Art. 20(1))
    interpretation: bool = False  # a 政策解读 (linked to the policy it explains)
    show_validity: bool = False
    extra: dict = field(default_factory=dict)

    def query(self) -> Q:
        q = Q(pk__in=[])
        if self.categories:
            q |= Q(category__code__in=self.categories)
        if self.genres:
            q |= Q(genre__name__in=self.genres)
        for word in self.title_words:
            q |= Q(title__contains=word)
        if self.regulatory:
            q |= ~Q(regulatory_kind="")
        if self.interpretation:
            q |= Q(interprets__isnull=False)
        return q


# 法定主动公开内容 (Art. 20): the columns people look for, in the usual order.
STATUTORY = [
    Column(
        "policy",
        "政策文件",
        "本机关制定的规章、行政规范性文件及其他政策文件，标明效力状态（第二十条第一项）。",
        genres=("决定", "命令（令）", "办法", "规定", "意见"),
        regulatory=True,
        show_validity=True,
    ),
    Column(
        "interpretation",
        "政策解读",
        "对政策文件的解读，与所解读的文件相互链接。",
        genres=("政策解读",),
        interpretation=True,
    ),
    Column(
        "plans",
        "规划计划",
        "国民经济和社会发展规划、专项规划、区域规划及相关政策（第二十条第三项）。",
        genres=("规划", "方案"),
        title_words=("规划", "计划"),
    ),
    Column("finance", "财政预决算", "财政预算、决算信息（第二十条第七项）。", title_words=("预算", "决算")),
    Column("statistics", "统计信息", "国民经济和社会发展统计信息（第二十条第四项）。", title_words=("统计",)),
    Column(
        "licensing",
        "行政许可、行政处罚",
        "行政许可、行政处罚、行政强制的依据、条件、程序及结果（第二十条第五、六项）。",
        title_words=("许可", "处罚", "行政强制"),
    ),
    Column("key-areas", "重点领域信息", "重点领域信息公开（第二十条）。", categories=("90",)),
    Column("work", "政务公开工作", "政务公开工作的安排、情况与制度。", categories=("92",)),
]
BY_SLUG = {c.slug: c for c in STATUTORY}
ANNUAL_REPORT_CATEGORY = "91"
ANNUAL_REPORT_GENRE = "年度报告"
RULE_WORDS = ("制度", "办法", "规定", "实施方案")  # 信息公开制度: 政务公开工作 documents that set rules


def annual_report_query() -> Q:
    return Q(category__code=ANNUAL_REPORT_CATEGORY) | Q(genre__name=ANNUAL_REPORT_GENRE)


def rules_query() -> Q:
    q = Q(pk__in=[])
    for word in RULE_WORDS:
        q |= Q(title__contains=word)
    return q & (Q(category__code="92") | Q(title__contains="公开"))
