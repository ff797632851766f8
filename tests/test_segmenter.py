"""jieba with the domain dictionary: the dictionary changes segmentation where it should."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench import config
from workbench.segmenter import Segmenter, is_number, is_punct, read_wordlist

REQUIRED = ["法治政府建设", "合法性审查", "综合行政执法", "大综合一体化", "两高一低", "综合查一次", "首违不罚", "共享法庭", "行政争议", "第一责任人"]


@pytest.fixture(scope="module")
def with_dict():
    return Segmenter()


@pytest.fixture(scope="module")
def without_dict():
    return Segmenter(user_dict=None)


def test_dictionary_has_enough_terms_and_the_required_ones():
    terms = read_wordlist(config.USER_DICT)
    assert len(terms) >= 150
    assert set(REQUIRED) <= terms


@pytest.mark.parametrize("term", REQUIRED)
def test_dictionary_keeps_terms_whole_that_jieba_splits(with_dict, without_dict, term):
    sentence = f"全面推进{term}工作。"
    assert term not in without_dict.cut(sentence)
    assert term in with_dict.cut(sentence)


def test_every_dictionary_term_is_one_token(with_dict):
    for term in read_wordlist(config.USER_DICT):
        assert with_dict.cut(term) == [term], term


def test_tokens_concatenate_to_the_input(with_dict):
    text = "2025-02-07发布,K1493206-6号,完成１２件, 行政诉讼败诉率下降5.87个百分点。"
    assert "".join(with_dict.cut(text)) == text


def test_stopwords_are_function_words_only():
    from workbench.segmenter import boilerplate, stopwords

    sw = stopwords()
    assert {"的", "了", "和"} <= sw
    assert not {"法治", "政府", "依法", "行政", "推进"} & sw
    assert "推进" in boilerplate() and "行政复议" not in boilerplate()


def test_flags():
    assert is_punct("。") and is_punct("“") and is_punct("%") and not is_punct("a。")
    assert is_number("12") and is_number("53.38%") and is_number("1,234") and is_number("十二")
    assert not is_number("法治") and not is_number("12件")


def test_jieba_dictionary_is_the_one_jieba_loads():
    """The fast engine finds jieba's dict.txt without importing jieba: the same file jieba itself names."""
    import jieba

    from workbench.segmenter import jieba_dictionary

    assert jieba_dictionary() == Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    assert jieba_dictionary().is_file()


def test_rjieba_builtin_dictionary_is_jiebas():
    """The fast engine starts from rjieba's own dictionary only for a (rjieba, dict.txt) pair checked to be jieba's dict.txt.

    The check, for the installed pair: every word of dict.txt has the same
    frequency (``suggest_freq`` of a word is its frequency) and tag in
    rjieba's built-in dictionary as in one built from dict.txt line by line,
    and 20,000 two-word strings agree too (their ``suggest_freq`` depends on
    the dictionary's total). The recorded sums are dict.txt's own.
    """
    import hashlib
    import random
    from importlib.metadata import version

    from workbench import segmenter as sg

    path = sg.jieba_dictionary()
    pair = (version("rjieba"), hashlib.sha256(path.read_bytes()).hexdigest())
    lines = [line.split(" ") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    words = [x[0] for x in lines]
    freqs = [int(x[1]) for x in lines]
    if pair not in sg.BUILTIN_DICTIONARY:  # a new rjieba or jieba: the long way, until checked and recorded here
        assert sg._builtin_sums() is None
        pytest.skip(f"rjieba/dict.txt pair {pair} not checked; record it in segmenter.BUILTIN_DICTIONARY once this test's checks pass")
    assert sg._builtin_sums() == sg.BUILTIN_DICTIONARY[pair] == (sum(freqs), sum(dict(zip(words, freqs)).values()))
    jieba_class = sg._rjieba_class()
    builtin, line_by_line = jieba_class(), jieba_class.empty()
    for x in lines:
        line_by_line.add_word(x[0], int(x[1]), x[2] if len(x) > 2 else None)
    assert [builtin.suggest_freq(w) for w in words] == [line_by_line.suggest_freq(w) for w in words]
    rng = random.Random(0)
    pairs = [rng.choice(words) + rng.choice(words) for _ in range(20_000)]
    assert [builtin.suggest_freq(p) for p in pairs] == [line_by_line.suggest_freq(p) for p in pairs]
    assert [builtin.tag(w, False) for w in words] == [line_by_line.tag(w, False) for w in words]
    # the totals, exactly: a word of frequency 10^12 twice over suggests 10^24 / total (a total 3 apart moves it)
    for tokenizer in (builtin, line_by_line):
        tokenizer.add_word("\ue001", 10**12, None)
    assert builtin.suggest_freq("\ue001\ue001") == line_by_line.suggest_freq("\ue001\ue001")


def test_fast_engine_is_the_same_from_either_start(monkeypatch):
    """Started from rjieba's built-in dictionary or from dict.txt line by line, the fast engine cuts the seeds alike."""
    from workbench import segmenter as sg

    texts = [p.read_text(encoding="utf-8") for p in sorted(config.RAW_DIR.glob("*.txt"))]
    if sg._builtin_sums() is None:
        pytest.skip("the installed rjieba/dict.txt pair is not a checked one (see the test above)")
    quick = Segmenter(engine="rjieba")
    quick._fast  # loaded now, from the built-in dictionary
    monkeypatch.setattr(sg, "BUILTIN_DICTIONARY", {})
    long_way = Segmenter(engine="rjieba")
    assert long_way.cut_many(texts) == quick.cut_many(texts)
    assert long_way.cut_many(texts) == Segmenter(engine="jieba").cut_many(texts)
