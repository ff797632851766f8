"""The corpus frames on the real seed reports: metadata, parts, cleaning, schema, offsets."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import polars as pl
import pytest

import workbench as wb
from workbench import config, schemas

SEEDS = Path(config.PROJECT_ROOT).parent / "shared" / "seed-corpus"

EXPECTED = {
    # doc_id: district, year, city, publish_date, doc_number, level-1 kinds in order
    "000_270b53498ad70ad4": ("拱墅区", 2024, "杭州市", dt.date(2025, 2, 7), "拱政发〔2025〕04号",
                             ["achievements", "shortcomings", "duties", "plans", "other"]),
    "001_cb0d57f057b2aa38": ("椒江区", 2023, "台州市", dt.date(2024, 3, 4), None,
                             ["achievements", "shortcomings", "duties", "plans"]),
    "002_7456ba8b65555133": ("上城区", 2021, "杭州市", None, None,
                             ["achievements", "shortcomings", "duties", "plans"]),
    "003_78505e7b94e162d7": ("余杭区", 2021, "杭州市", None, None,
                             ["achievements", "duties", "shortcomings", "plans"]),
    "004_195c9ab24f188643": ("宁波高新区", 2024, "宁波市", dt.date(2025, 3, 28), None,
                             ["achievements", "plans"]),
}


def test_schemas():
    """A fresh build (not the cache, whose reader checks schemas itself) has the documented dtypes."""
    built = wb.load_corpus(cache=False)
    for name, schema in schemas.FRAMES.items():
        schemas.check(getattr(built, name), schema, name)


def test_metadata_inferred_without_manifest(corpus):
    docs = {r["doc_id"]: r for r in corpus.documents.iter_rows(named=True)}
    assert set(docs) == set(EXPECTED)
    for doc_id, (district, year, city, published, doc_number, _) in EXPECTED.items():
        d = docs[doc_id]
        assert (d["district"], d["year"], d["city"], d["province"]) == (district, year, city, "浙江省"), doc_id
        assert d["publish_date"] == published, doc_id
        assert d["doc_number"] == doc_number, doc_id
        assert d["source_file"] == doc_id + ".txt"
        assert d["n_chars"] == len(d["text"])
    assert docs["000_270b53498ad70ad4"]["index_number"] == "K1493206-6/2025-32587"
    assert docs["000_270b53498ad70ad4"]["publisher"] == "区府办"
    assert docs["000_270b53498ad70ad4"]["title"] == "杭州市拱墅区人民政府关于2024年度法治政府建设情况的报告"
    assert docs["003_78505e7b94e162d7"]["title"] == "杭州市余杭区2021年法治政府建设年度报告"  # split over two lines
    assert docs["002_7456ba8b65555133"]["title"] is None  # body only


def test_level1_parts_in_order(corpus):
    parts = corpus.sections.filter(pl.col("level") == 1).sort("doc_id", "char_start")
    for doc_id, (*_, kinds) in EXPECTED.items():
        assert parts.filter(pl.col("doc_id") == doc_id)["kind"].to_list() == kinds, doc_id


def test_children_inherit_kind(corpus):
    s = corpus.sections
    parents = s.select(pl.col("section_id").alias("parent_id"), pl.col("kind").alias("parent_kind"))
    joined = s.filter(pl.col("parent_id").is_not_null()).join(parents, on="parent_id", how="left")
    assert joined.height > 50
    assert (joined["kind"] == joined["parent_kind"]).all()


def test_body_kept_once_and_chrome_removed(corpus):
    text = corpus.documents.filter(pl.col("district") == "拱墅区")["text"][0]
    assert text.count("2024年,拱墅区坚持以习近平新时代") == 1
    assert text.count("五、其他需要报告的情况") == 1
    for chrome in ("索引号", "点击率", "发布日期", "行政执法公开", "公开方式", "访问次数"):
        for t in corpus.documents["text"]:
            assert chrome not in t, chrome
    assert corpus.problems.filter(pl.col("message").str.contains("printed twice")).height == 1


def test_one_line_report_is_segmented(corpus):
    s = corpus.sections.filter(pl.col("doc_id") == "004_195c9ab24f188643")
    assert s.filter(pl.col("level") == 1)["heading"].to_list() == ["法治政府建设工作举措和成效", "2025年法治政府建设工作安排"]
    assert s.filter(pl.col("level") == 2).height == 8
    # the sign-off and the table border leave the body; the last section ends with the last sentence
    text = corpus.documents.filter(pl.col("doc_id") == "004_195c9ab24f188643")["text"][0]
    assert text.endswith("依法保护企业合法权益。")
    assert "党工委 2025年3月28日" not in text
    assert s.sort("char_end")["text"][-1].endswith("依法保护企业合法权益。")


def test_levels_and_labels(corpus):
    s = corpus.sections
    by_level = dict(s.group_by("level").agg(pl.col("label").first()).iter_rows())
    assert set(s["level"].unique()) == {0, 1, 2, 3, 4}
    assert s.filter(pl.col("level") == 3)["label"].str.contains(r"^\d+[.、]$").all()
    assert s.filter(pl.col("level") == 4)["label"].str.contains(r"^[一二三四五六七八九十]+是$").all()
    assert s.filter(pl.col("level") == 2)["label"].str.contains(r"^\([一二三四五六七八九十]+\)$").all()
    assert by_level[0] == ""
    # 上城区's plans are inline 一是/二是/三是 items
    plans = s.filter((pl.col("doc_id") == "002_7456ba8b65555133") & (pl.col("kind") == "plans") & (pl.col("level") == 4))
    assert plans["label"].to_list() == ["一是", "二是", "三是"]


def test_offsets_point_into_documents_text(corpus):
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    for name in ("sections", "sentences", "tokens"):
        df = getattr(corpus, name)
        col = "token" if name == "tokens" else "text"
        for doc_id, s, e, value in df.select("doc_id", "char_start", "char_end", col).iter_rows():
            assert texts[doc_id][s:e] == value, (name, doc_id, s, e)


def test_sentences_cover_text_and_stay_in_their_section(corpus):
    secs = corpus.sections.select("section_id", pl.col("char_start").alias("s0"), pl.col("char_end").alias("s1"))
    j = corpus.sentences.join(secs, on="section_id", how="left")
    assert j["s0"].null_count() == 0
    assert ((j["char_start"] >= j["s0"]) & (j["char_end"] <= j["s1"])).all()
    # every non-space character of the body is in exactly one sentence
    for doc_id, text in corpus.documents.select("doc_id", "text").iter_rows():
        spans = corpus.sentences.filter(pl.col("doc_id") == doc_id).sort("sentence_id")
        covered = sum(e - s for s, e in spans.select("char_start", "char_end").iter_rows())
        assert covered == len(text) - sum(1 for ch in text if ch.isspace()) + sum(
            t.count(" ") for t in spans["text"]
        )
        assert spans["sentence_id"].to_list() == list(range(spans.height))


def test_tokens_positions_and_flags(corpus):
    t = corpus.tokens
    for doc_id in EXPECTED:
        pos = t.filter(pl.col("doc_id") == doc_id)["position"].to_list()
        assert pos == list(range(len(pos)))
    assert not t["token"].str.contains(r"^\s+$").any()
    assert t.filter(pl.col("token") == "的")["is_stopword"].all()
    assert not t.filter(pl.col("token") == "法治政府建设")["is_stopword"].any()
    assert t.filter(pl.col("token").is_in([",", "。", "“", "”", "、"]))["is_punct"].all()
    assert t.filter(pl.col("token").is_in(["1312", "53.38"]))["is_number"].all()
    assert not t.filter(pl.col("token") == "法治")["is_number"].any()


def test_domain_dictionary_terms_are_single_tokens(corpus):
    toks = set(corpus.tokens["token"].unique())
    for term in ("法治政府建设", "合法性审查", "大综合一体化", "两高一低", "综合查一次", "首违不罚", "共享法庭", "行政争议", "第一责任人"):
        assert term in toks, term


#: SHA-256 of the five seed reports as published in ../shared/seed-corpus (recorded here, so the
#: test holds in a clone anywhere; the shared folder is compared too when it is beside the project).
SEED_DIGESTS = {
    "000_270b53498ad70ad4.txt": "84c1213e631dc2e504be576ab185f1886237f1c271b618d831318ba39077c6e4",
    "001_cb0d57f057b2aa38.txt": "b99194224c15474785443575a7aa67d05e4c9990b64396d9a2bdf6b8b0f5cbbb",
    "002_7456ba8b65555133.txt": "d608b21c1707d65afbe74dbf45a1f7f6416d8206bbf62e7a734063a1d7ad1c7d",
    "003_78505e7b94e162d7.txt": "78f5f11178f8a5eef743607ff64818bc5e6818fd372b61c3a813f95d39065fe9",
    "004_195c9ab24f188643.txt": "3ae24c7b16a98727c6c07f90bcc39633bc3d92f4f48cdd8338a7ff220a2e31e7",
}


def test_raw_files_are_byte_copies_of_the_seeds_and_untouched():
    names = sorted(SEED_DIGESTS)
    assert names == sorted(p.name for p in config.RAW_DIR.glob("*.txt"))
    before = {n: hashlib.sha256((config.RAW_DIR / n).read_bytes()).hexdigest() for n in names}
    assert before == SEED_DIGESTS
    if SEEDS.is_dir():  # the published copies, where this checkout sits beside them
        assert before == {n: hashlib.sha256((SEEDS / n).read_bytes()).hexdigest() for n in names}
    wb.load_corpus(cache=False)
    after = {n: hashlib.sha256((config.RAW_DIR / n).read_bytes()).hexdigest() for n in names}
    assert after == before


def test_summary_and_describe(corpus):
    summary = corpus.summary()
    assert summary.columns == ["doc_id", "district", "year", "n_chars", "n_sections", "n_sentences", "n_tokens"]
    assert summary["n_tokens"].sum() == corpus.tokens.height
    text = corpus.describe()
    assert "documents: 5" in text and "plans 5" in text


def test_deterministic_rebuild(corpus):
    again = wb.load_corpus(cache=False)
    for name in schemas.FRAMES:
        assert getattr(again, name).equals(getattr(corpus, name)), name


@pytest.mark.parametrize("missing", ["nowhere", "data/raw/000_270b53498ad70ad4.txt"])
def test_source_must_be_a_folder(missing):
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        wb.load_corpus(missing, cache=False)


def test_deepest_section_of_offsets_in_a_batch():
    """Each offset's deepest enclosing section, up the parents past a section's end, else the document's first."""
    import numpy as np

    from workbench.corpus.build import _deepest

    tree = {  # doc 0: section 0 = [0, 10), its child 1 = [2, 5); doc 1 (from offset 10): section 2 = [13, 20)
        "start": np.array([0, 2, 13]), "end": np.array([10, 5, 20]), "parent": np.array([-1, 0, -1]),
        "doc": np.array([0, 0, 1]), "first": np.array([0, 2]),
    }
    offsets, docs = np.array([1, 3, 6, 11, 15]), np.array([0, 0, 0, 1, 1])
    assert _deepest(offsets, docs, tree).tolist() == [0, 1, 0, 2, 2]
