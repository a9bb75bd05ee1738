import re
from pathlib import Path

from gongkai.rules.text import is_pinyin_syllable, remove_pinyin_residue, to_simplified, to_traditional

SEED = Path(__file__).resolve().parents[2] / "demo" / "seeds"
PINYIN_PAREN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def test_whole_seed_003_loses_all_pinyin_and_keeps_every_other_character():
    raw = next(SEED.glob("003_*.txt")).read_text(encoding="utf-8")
    assert len(PINYIN_PAREN.findall(raw)) > 100
    cleaned = remove_pinyin_residue(raw)
    assert PINYIN_PAREN.findall(cleaned) == []
    assert "根據市委" in cleaned and "根據(jù)" not in cleaned
    # Nothing else removed: the cleaned text is the raw text minus exactly the residue.
    assert cleaned == PINYIN_PAREN.sub("", raw)


def test_other_parentheses_are_kept():
    text = "按照《条例》(试行)第(一)项，见附件(PDF)和(app)说明(2017)"
    assert remove_pinyin_residue(text) == text


def test_pinyin_syllables():
    assert is_pinyin_syllable("jù") and is_pinyin_syllable("zhuàng") and is_pinyin_syllable("lǜ")
    assert not is_pinyin_syllable("pdf") and not is_pinyin_syllable("app")


def test_script_conversion_characters_only():
    assert to_traditional("政府信息公开") == "政府信息公開"
    assert to_simplified("政府資訊公開") == "政府资讯公开"
    assert to_traditional("ABC 2025") == "ABC 2025"
