"""The compiled segmenter (rjieba) gives the tokens pure-Python jieba gives, with the same platform
dictionary and synonym words loaded — on the seed pages (real government pages, one of them in
traditional script), on a generated corpus drawn from jieba's own dictionary with the government
terms, and on odd input (ASCII mixed in, full-width forms, emoji, numbers, URLs).

Differences found: none. If a future rjieba version differs, list each difference here in
``KNOWN_DIFFERENCES`` with the reason it is harmless (a query and a document still meet).
"""

import random
from pathlib import Path

import pytest

from gongkai.search import analysis

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
KNOWN_DIFFERENCES: dict[str, str] = {}  # text → why the difference does not matter
ODD = [
    "COVID-19疫情防控 iPhone 12 版本2.0.1 C++ c# 50% a&b 1.5万元 １２３ＡＢＣ",
    "鄂民办发〔2017〕8号 000014349/2018-00222 国办公开办函〔2021〕30号",
    "😀表情 ｆｕｌｌ　ｗｉｄｔｈ",
    "e-mail: abc@gov.cn http://www.gov.cn/a_b.html?x=1&y=2",
    "  多个   空格\n换行\t制表\r\n",
    "一二三四五六七八九十百千万亿 第二十七条 2024年12月31日",
    "残疾人两项补贴、两项补贴、低保、最低生活保障、公租房、特困人员供养",
    "",
]


def _corpus(n: int = 1500, seed: int = 16) -> list[str]:
    """Sentences of dictionary words (weighted by jieba's own frequencies) and government terms."""
    import jieba

    rng = random.Random(seed)
    words, weights = [], []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 7 == 0:  # a seventh of the dictionary is plenty and keeps the test quick
                word, freq, *_ = line.split()
                words.append(word)
                weights.append(int(freq))
    terms = [w for w, _f, _t in analysis._gov_terms()] + sorted(analysis.synonyms())
    punctuation = "，。、；：“”（）《》！？ 1234567890"
    docs = []
    for _ in range(n):
        parts = rng.choices(words, weights, k=rng.randint(20, 120))
        for _ in range(rng.randint(1, 6)):
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(terms))
        docs.append("".join(p + (rng.choice(punctuation) if rng.random() < 0.15 else "") for p in parts))
    return docs


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SEEDS] + _corpus() + ODD


def test_the_seed_pages_are_there():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("mode", ["cut", "cut_for_search"])
def test_rjieba_tokens_equal_pure_jieba_tokens(mode):
    fast, reference = analysis.tokenizer(), analysis.jieba_tokenizer()
    differing = []
    for raw in _texts():
        for text in (raw, analysis.normalize(raw)):
            ours = list(getattr(fast, mode)(text, HMM=False))
            theirs = list(getattr(reference, mode)(text, HMM=False))
            if ours != theirs and text not in KNOWN_DIFFERENCES:
                differing.append((text[:40], ours[:20], theirs[:20]))
    assert differing == []


def test_index_tokens_of_a_seed_page_are_those_of_pure_jieba():
    text = SEEDS[4].read_text(encoding="utf-8")  # the Hubei notice: 文号, 索引号, spaced labels
    norm = analysis.normalize(text)
    reference = [
        t for t in analysis.jieba_tokenizer().cut_for_search(norm, HMM=False) if analysis._is_word(t)
    ]
    tokens = analysis.index_tokens(text)
    assert tokens[: len(reference)] == reference
    assert "鄂民办发〔2017〕8号" in tokens and "011043196/2019-40873" in tokens


def test_a_synonym_of_two_dictionary_words_is_one_word_so_its_group_applies():
    # 两项补贴 is not in jieba's dictionary (两项 + 补贴); loaded from synonyms.txt it is one word.
    assert set(analysis.analyze_query("两项补贴").terms) == {"两项补贴", "残疾人两项补贴"}
    assert analysis.tokenizer().cut("两项补贴") == ["两项补贴"]
