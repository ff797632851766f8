"""The fast engine (rjieba) gives exactly the reference's (jieba's) tokens.

Checked on every sentence of the seed reports, on a generated corpus, on
hand-picked hard cases (dates, ids, numbers with separators, full-width
text, English, mixed scripts) and on random strings made of the characters
where the two could differ.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from workbench import config
from workbench.cleaning import clean
from workbench.segment import sections, sentence_spans
from workbench.segmenter import Segmenter

pytest.importorskip("rjieba")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HARD = [
    "2025-02-07发布,K1493206-6号,完成１２件, 行政诉讼败诉率下降5.87个百分点。",
    "索引号: K1493206-6/2025-32587 文号拱政发〔2025〕04号",
    "全年办理1,234件,涉及金额12,345.6万元,同比增长53.38%,占比100%。",
    "案卷编号ZJ-2024-0012号,依据第1.2.3条和3.5.6版,v1.2-beta上线。",
    "5%3 50%以上 0.5% 1.5.2 10-20 1-12月 2021—2025年 2021-2025年",
    "ＡＢＣ１２３－４５６全角文字，（２０２４）年，ｅ－ｍａｉｌ",
    "Hello World, COVID-19疫情, e-mail, AT&T和C++以及c#, A股B超T恤, 5G+政务",
    "--  __a__1__ +86-571-88888888 x_1 #1 && 4.0版 Ⅳ类 ①② 😀表情",
    "a-1b-2c_3d.4e%5f+6g#7h&8",
    "法治政府建设\t示范创建 \r\n 第二行  多个  空格",
]


@pytest.fixture(scope="module")
def ref() -> Segmenter:
    return Segmenter(engine="jieba")


@pytest.fixture(scope="module")
def fast() -> Segmenter:
    seg = Segmenter(engine="rjieba")
    assert seg.engine == "rjieba"
    return seg


def test_auto_takes_the_fast_engine_when_installed():
    assert Segmenter().engine == "rjieba"
    assert Segmenter(engine="jieba").engine == "jieba"


def test_every_seed_sentence_agrees(corpus, ref, fast):
    texts = corpus.sentences["text"].to_list()
    assert len(texts) > 300
    expected = ref.cut_many(texts)
    assert fast.cut_many(texts) == expected
    flat, counts = fast.cut_flat(texts)  # the path the corpus builder takes
    assert flat.to_list() == [t for x in expected for t in x] and counts.tolist() == [len(x) for x in expected]


def test_whole_seed_documents_agree(corpus, ref, fast):
    for text in corpus.documents["text"]:
        assert fast.cut(text) == ref.cut(text)


@pytest.mark.parametrize("text", HARD)
def test_hard_cases_agree(ref, fast, text):
    assert fast.cut(text) == ref.cut(text)
    assert "".join(fast.cut(text)) == text


def test_generated_corpus_agrees(ref, fast):
    from bench.synth import _pools, report_text

    rng = random.Random(7)
    pre, parts = _pools(config.RAW_DIR)
    texts = []
    for i in range(40):
        raw = report_text(rng, pre, parts, ["西湖区", "鄞州区", "景宁畲族自治县", "江宁区"][i % 4], 2015 + i % 11)
        body = clean(raw).body
        secs, _ = sections(body)
        texts += [body[s:e] for s, e in sentence_spans(body, [s.start for s in secs])]
    assert len(texts) > 5000
    expected = ref.cut_many(texts)
    assert fast.cut_many(texts) == expected
    flat, _ = fast.cut_flat(texts)
    assert flat.to_list() == [t for x in expected for t in x]


def test_random_strings_of_risky_characters_agree(ref, fast):
    """Han text, letters, digits, the symbols jieba keeps inside a block (+#&._%-), spaces and punctuation."""
    rng = random.Random(0)
    han = list("法治政府建设推进行政执法复议诉讼案件年月日号区县")
    alphabet = han * 3 + list("0123456789") * 3 + list("abcXYZ") + list("+#&._%-") * 3 + list(" ,。、()") + ["１", "－", "％"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    assert fast.cut_many(texts) == ref.cut_many(texts)


def test_user_dictionary_is_applied_the_same_way(tmp_path):
    """New words, a word already in jieba's dictionary (约谈, a new frequency), and a word without frequency."""
    d = tmp_path / "user_dict.txt"
    d.write_text(
        config.USER_DICT.read_text(encoding="utf-8") + "数智共享法庭 2000 n\n约谈 5 v\n无频新词条\n法治体检 80000\n",
        encoding="utf-8",
    )
    ref, fast = Segmenter(d, engine="jieba"), Segmenter(d, engine="rjieba")
    text = "推进数智共享法庭建设,开展约谈和法治体检,无频新词条试行,2024-2025年约谈12次。"
    assert fast.cut(text) == ref.cut(text)
    assert "数智共享法庭" in fast.cut(text)
    assert "无频新词条" in fast.cut(text)


def test_zero_frequency_words_make_auto_choose_jieba(tmp_path):
    d = tmp_path / "user_dict.txt"
    d.write_text("法治政府 0\n", encoding="utf-8")
    assert Segmenter(d).engine == "jieba"


def test_verify_falls_back_to_the_reference(monkeypatch):
    seg = Segmenter(engine="rjieba", verify=True)
    text = ["推进合法性审查全覆盖"]
    assert seg.cut_many(text) == [["推进", "合法性审查", "全覆盖"]] and seg.fallbacks == 0
    import numpy as np
    import polars as pl

    broken = lambda texts: (pl.Series("token", list(texts[0])), np.array([len(texts[0])]))  # noqa: E731  one token a character
    monkeypatch.setattr(seg, "_fast_flat", broken)  # a broken fast engine
    assert seg.cut_many(text) == [["推进", "合法性审查", "全覆盖"]]
    assert seg.fallbacks == 1


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine must be"):
        Segmenter(engine="pkuseg")


def test_flat_cut_for_corpora_agrees_with_the_reference(ref, fast):
    """``cut_flat`` (what the corpus builder uses) gives the reference's tokens and per-text counts.

    The fast engine keeps runs such as 2021-2025 or ZJ-2015-0005 whole; they
    are split the way jieba's HMM step does, while dictionary words made of
    the same characters (AT&T, C++) and runs jieba keeps whole (5.18, 34.85%) stay.
    """
    rng = random.Random(11)
    alphabet = list("法治年月区") * 2 + list("0123456789") * 4 + list("aZ") + list("+#&._%-") * 4 + [" ", "。"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(4000)]
    texts += ["AT&T和C++在2021-2025年", "编号ZJ-2015-0005的案件", "金额5.18亿元,占34.85%", "1-10月", "v1.2-beta版", ""]
    flat, counts = fast.cut_flat(texts)
    expected = ref.cut_many(texts)
    assert counts.tolist() == [len(x) for x in expected]
    assert flat.to_list() == [t for x in expected for t in x]
    assert fast.cut_many(texts) == expected
