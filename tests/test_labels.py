"""Label normalisation: the variants real reports use must meet the official label."""

import unicodedata
from pathlib import Path

from disclosure_lint.core.labels import (
    _CN_ORDINAL,
    _DIGIT_ORDINAL,
    _DROP,
    _FOLD,
    _normalize,
    chinese_ordinal_value,
    match_keys,
    nfkc,
    normalize,
)


def test_full_and_half_width_punctuation_and_breaks() -> None:
    official = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    # r004.txt writes half-width brackets and commas with spaces
    assert normalize("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)") == normalize(
        official
    )
    # r013.html breaks labels inside cells: "商业\n企业"
    assert normalize("商业\n企业") == normalize("商业企业")
    # the seed breaks "本年新\n制作数量"
    assert normalize("本年新\n制作数量") == normalize("本年新制作数量")


def test_dun_and_comma_in_other_handling_rows() -> None:
    a = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    b = "1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请"  # r004.txt
    assert normalize(a) == normalize(b)


def test_ordinal_separators_are_one_label() -> None:
    # "3、其他" (a 、 after the number, as in 表三 （六） of several 2021 reports) is "3.其他"
    assert normalize("3、其他") == normalize("3.其他") == normalize("3，其他")
    assert normalize("三.本年度办理结果") == normalize("三、本年度办理结果")
    assert normalize("3、其他") in match_keys("3.其他")
    # numbers are not ordinals: a thousands comma and a list of years are kept
    assert normalize("1,000") == "1,000"
    assert normalize("2019、2020年") == "2019,2020年"
    assert normalize("1.5万") == "1.5万"


def test_quotes() -> None:
    assert normalize("3.危及“三安全一稳定”") == normalize('3.危及"三安全一稳定"')


def test_ordinal_may_be_dropped_for_specific_labels_only() -> None:
    keys = match_keys("1.属于国家秘密")
    assert normalize("属于国家秘密") in keys
    assert normalize("1. 属于国家秘密") in keys  # r004.txt
    # short cores never match without their ordinal: "其他" is also a column label
    assert normalize("其他") not in match_keys("3.其他")


def test_chinese_ordinals() -> None:
    assert [chinese_ordinal_value(x) for x in "一二三四五六"] == [1, 2, 3, 4, 5, 6]
    assert chinese_ordinal_value("十") == 10
    assert chinese_ordinal_value("十二") == 12
    assert chinese_ordinal_value("二十") == 20
    assert chinese_ordinal_value("甲") is None


def _normalize_by_definition(text: str) -> str:
    """What :func:`normalize` computes, written as its definition (NFKC, fold, drop spaces,
    ordinal separator) without the shortcuts that make it fast on long text."""
    folded = _DROP.sub("", unicodedata.normalize("NFKC", text).translate(_FOLD))
    if folded[:1].isdigit():
        return _DIGIT_ORDINAL.sub(r"\1.", folded, count=1)
    if folded[:1] in "一二三四五六七八九十":
        return _CN_ORDINAL.sub(r"\1,", folded, count=1)
    return folded


def test_fast_normalisation_equals_its_definition() -> None:
    """The replacements done before NFKC and instead of ``str.translate`` change nothing: every
    character of the BMP alone, after a full-width letter (which composes with a combining mark
    once narrowed) and before one, and whole reports of the corpus."""
    raw = _normalize  # uncached
    for code in range(0x10000):
        char = chr(code)
        for text in (char, f"Ａ{char}", f"{char}\u0301", f"１{char}２"):
            assert raw(text) == _normalize_by_definition(text), hex(code)
            assert nfkc(text) == unicodedata.normalize("NFKC", text), hex(code)
    corpus = Path(__file__).parent / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    assert len(texts) >= 5
    for text in texts:
        assert raw(text) == _normalize_by_definition(text)
        assert nfkc(text) == unicodedata.normalize("NFKC", text)
        for line in text.splitlines():
            assert raw(line) == _normalize_by_definition(line)
