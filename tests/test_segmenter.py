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
