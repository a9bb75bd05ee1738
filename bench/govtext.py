"""A generator of realistic government documents for the search benchmark (仿真政府信息语料).

Vocabulary: jieba's own ``dict.txt`` (349,046 words with corpus frequencies — a real Zipfian
spread) for running text, mixed with the government terms shipped in
``gongkai/search/data/gov_terms.txt``, each document leaning on one topic. Metadata is shaped
like a real catalogue: an agency tree (province → city → county, 28 bureau kinds each), 文号 such
as 鄂民发〔2021〕37号, 索引号 such as 011043196/2021-00412, 主题分类, 体裁, 效力状态 and dates
2010–2025. Deterministic: document ``i`` depends only on ``(seed, i)``.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jieba

PROVINCES = [
    ("湖北", "鄂"),
    ("湖南", "湘"),
    ("河南", "豫"),
    ("河北", "冀"),
    ("山东", "鲁"),
    ("江苏", "苏"),
    ("浙江", "浙"),
    ("广东", "粤"),
    ("四川", "川"),
    ("陕西", "陕"),
    ("安徽", "皖"),
    ("江西", "赣"),
]
CITY_SYLLABLES = "随岳阳襄荆宜昌孝感黄冈咸宁恩施十堰鄂州濮洛开封许昌南周口驻信商丘安新乡焦作鹤壁临沂潍坊淄博"
BUREAUS = [
    ("人民政府", "政"),
    ("人民政府办公室", "政办"),
    ("民政局", "民"),
    ("财政局", "财"),
    ("人力资源和社会保障局", "人社"),
    ("住房和城乡建设局", "建"),
    ("自然资源和规划局", "自然资源"),
    ("生态环境局", "环"),
    ("卫生健康委员会", "卫健"),
    ("医疗保障局", "医保"),
    ("教育局", "教"),
    ("应急管理局", "应急"),
    ("市场监督管理局", "市监"),
    ("退役军人事务局", "退役军人"),
    ("乡村振兴局", "乡振"),
    ("交通运输局", "交"),
    ("农业农村局", "农"),
    ("水利局", "水"),
    ("统计局", "统"),
    ("审计局", "审"),
    ("司法局", "司"),
    ("公安局", "公"),
    ("商务局", "商"),
    ("文化和旅游局", "文旅"),
    ("林业局", "林"),
    ("城市管理执法局", "城管"),
    ("发展和改革委员会", "发改"),
    ("政务服务和大数据管理局", "政数"),
]
CATEGORIES = [
    "民政",
    "社会保障",
    "财政",
    "卫生健康",
    "教育",
    "城乡建设",
    "国土资源",
    "环境保护",
    "安全生产",
    "市场监管",
    "农业农村",
    "交通运输",
    "水利",
    "统计",
    "审计",
    "司法",
    "公安",
    "商贸",
    "文化旅游",
    "综合政务",
]
GENRES = [
    ("通知", 30),
    ("公告", 10),
    ("意见", 8),
    ("办法", 6),
    ("决定", 4),
    ("报告", 6),
    ("批复", 5),
    ("方案", 8),
    ("规划", 3),
    ("政策解读", 10),
    ("工作动态", 10),
]
VALIDITY = [("有效", 80), ("失效", 12), ("废止", 8)]
TITLE_VERBS = [
    "印发",
    "做好",
    "进一步做好",
    "加强",
    "进一步加强",
    "规范",
    "开展",
    "调整",
    "落实",
    "推进",
    "公布",
    "下达",
    "组织开展",
    "启动",
    "完善",
    "深化",
]
TITLE_TAILS = [
    "工作",
    "管理",
    "实施",
    "专项行动",
    "资金",
    "标准",
    "检查",
    "试点",
    "改革",
    "发放",
    "审核",
    "考核",
    "整改",
    "办法",
    "实施细则",
    "工作方案",
]
PUNCT = ["，"] * 6 + ["、"] * 2 + ["；", "："]


@dataclass
class GovDoc:
    id: int
    title: str
    body: str
    doc_number: str
    index_number: str
    agency_path: str
    agency_name: str
    category: str
    genre: str
    validity: str
    published_at: datetime
    body_items: list[str]  # the words and phrases ``body`` was joined from


class _Weighted:
    def __init__(self, items: list[str], weights: list[float]):
        self.items = items
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


@lru_cache(maxsize=1)
def vocabulary() -> _Weighted:
    """jieba's dictionary: Chinese words only, weighted by their corpus frequency."""
    words, weights = [], []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split()
            if all("\u4e00" <= ch <= "\u9fff" for ch in word):
                words.append(word)
                weights.append(int(freq))
    return _Weighted(words, weights)


@lru_cache(maxsize=1)
def gov_terms() -> _Weighted:
    path = Path(__file__).resolve().parents[1] / "src/gongkai/search/data/gov_terms.txt"
    terms = [
        line.split()[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    terms = [t for t in terms if not t.endswith(("局", "厅", "委", "会", "室", "府"))]
    random.Random(11).shuffle(terms)
    return _Weighted(terms, [1.0 / (rank + 1) ** 0.8 for rank in range(len(terms))])  # topics are Zipfian too


@lru_cache(maxsize=1)
def agencies() -> list[tuple[str, str, str, str]]:
    """(path, name, abbreviation for 文号, organisation code): 12 provinces × 8 cities × 28 bureaus."""
    rng = random.Random(7)
    out = []
    node_id = itertools.count(1)
    for prov, prov_abbr in PROVINCES:
        pid = next(node_id)
        for c in range(8):
            city = "".join(rng.sample(CITY_SYLLABLES, 2)) + "市"
            cid = next(node_id)
            for bureau, abbr in BUREAUS:
                bid = next(node_id)
                code = f"{rng.randrange(10**8, 10**9):09d}"
                out.append((f"/{pid}/{cid}/{bid}/", f"{prov}省{city}{bureau}", city[0] + abbr, code))
            if c == 0:  # provincial departments hang under the province node
                for bureau, abbr in BUREAUS[2:]:
                    bid = next(node_id)
                    name = f"{prov}省{bureau.replace('局', '厅').replace('委员会', '委员会')}"
                    out.append(
                        (f"/{pid}/{bid}/", name, prov_abbr + abbr, f"{rng.randrange(10**8, 10**9):09d}")
                    )
    return out


def _pick(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _sentence(rng: random.Random, topic: str, n_words: int) -> list[str]:
    words = vocabulary().sample(rng, n_words)
    for _ in range(max(1, n_words // 6)):  # government vocabulary is denser than general text
        words.insert(rng.randrange(len(words) + 1), topic if rng.random() < 0.4 else gov_terms().pick(rng))
    out = []
    for i, word in enumerate(words):
        out.append(word)
        if i and i % rng.randint(5, 9) == 0 and i < len(words) - 1:
            out.append(rng.choice(PUNCT))
    out.append("。")
    return out


def document(i: int, seed: int = 2024) -> GovDoc:
    rng = random.Random(seed * 1_000_003 + i)
    path, agency_name, abbr, code = rng.choice(agencies())
    topic = gov_terms().pick(rng)
    genre = _pick(rng, GENRES)
    published = datetime(2010, 1, 1, 8, tzinfo=UTC) + timedelta(minutes=rng.randrange(16 * 365 * 24 * 60))
    year = published.year
    if genre == "政策解读":
        title = f"《关于{rng.choice(TITLE_VERBS)}{topic}{rng.choice(TITLE_TAILS)}的通知》政策解读"
    elif genre == "工作动态":
        title = f"{agency_name}{rng.choice(TITLE_VERBS)}{topic}{rng.choice(TITLE_TAILS)}"
    else:
        title = f"{agency_name}关于{rng.choice(TITLE_VERBS)}{topic}{rng.choice(TITLE_TAILS)}的{genre}"
    has_number = genre not in ("工作动态", "政策解读") and rng.random() < 0.8
    doc_number = (
        f"{abbr}{rng.choice(['发', '办发', '函', '文'])}〔{year}〕{rng.randint(1, 400)}号"
        if has_number
        else ""
    )
    index_number = f"{code}/{year}-{rng.randint(1, 99999):05d}"
    items = []
    if rng.random() < 0.3:
        ref = f"{rng.choice(agencies())[2]}发〔{rng.randint(2008, year)}〕{rng.randint(1, 300)}号"
        items.append(f"根据《{topic}管理办法》（{ref}）的规定，")
    for _ in range(rng.randint(4, 14)):
        items.extend(_sentence(rng, topic, rng.randint(8, 22)))
    if rng.random() < 0.5:
        items.append(f"{agency_name}{year}年{published.month}月{published.day}日")
    return GovDoc(
        i,
        title,
        "".join(items),
        doc_number,
        index_number,
        path,
        agency_name,
        rng.choice(CATEGORIES),
        genre,
        _pick(rng, VALIDITY),
        published,
        items,
    )
