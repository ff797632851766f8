"""Tests of workbench.keywords: hand-made corpora for exact values, the seed corpus for behaviour."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from scipy.stats import chi2_contingency

import workbench as wb
from workbench import schemas
from workbench import keywords as kw
from workbench.segmenter import is_number, is_punct

# ----------------------------------------------------------------------------- hand-made corpora

STOP = {"的"}


def make_corpus(docs: list[dict]) -> wb.Corpus:
    """A Corpus from documents given as sections of tokens.

    Each doc: ``{"doc_id", "district", "year", "sections": [(path, level, kind, [tokens]), ...]}``.
    The text is the tokens concatenated; a section spans its own tokens and
    those of the sections listed after it whose path starts with its path.
    """
    documents, sections, tokens = [], [], []
    for doc in docs:
        text = ""
        spans = {}
        position = 0
        for path, _level, _kind, toks in doc["sections"]:
            start = len(text)
            for tok in toks:
                s = len(text)
                text += tok
                tokens.append(
                    {
                        "doc_id": doc["doc_id"],
                        "section_id": f"{doc['doc_id']}/{path}",
                        "sentence_id": 0,
                        "position": position,
                        "token": tok,
                        "is_stopword": tok in STOP,
                        "is_punct": is_punct(tok),
                        "is_number": is_number(tok),
                        "char_start": s,
                        "char_end": len(text),
                    }
                )
                position += 1
            spans[path] = [start, len(text)]
        for path in spans:  # a parent ends where its last descendant ends
            for other, (_, e) in spans.items():
                if other.startswith(path + "."):
                    spans[path][1] = max(spans[path][1], e)
        for path, level, kind, _ in doc["sections"]:
            s, e = spans[path]
            parent = path.rsplit(".", 1)[0] if "." in path else None
            sections.append(
                {
                    "doc_id": doc["doc_id"],
                    "section_id": f"{doc['doc_id']}/{path}",
                    "parent_id": f"{doc['doc_id']}/{parent}" if parent else None,
                    "level": level,
                    "label": "",
                    "heading": "",
                    "kind": kind,
                    "text": text[s:e],
                    "char_start": s,
                    "char_end": e,
                }
            )
        documents.append(
            {
                "doc_id": doc["doc_id"],
                "title": None,
                "district": doc["district"],
                "city": doc.get("city"),
                "province": None,
                "level": None,
                "year": doc["year"],
                "publish_date": None,
                "doc_number": None,
                "index_number": None,
                "publisher": None,
                "source_file": doc["doc_id"] + ".txt",
                "n_chars": len(text),
                "text": text,
            }
        )
    return wb.Corpus(
        documents=pl.DataFrame(documents, schema=schemas.DOCUMENTS),
        sections=pl.DataFrame(sections, schema=schemas.SECTIONS),
        sentences=schemas.empty(schemas.SENTENCES),
        tokens=pl.DataFrame(tokens, schema=schemas.TOKENS),
        problems=schemas.empty(schemas.PROBLEMS),
    )


@pytest.fixture
def toy() -> wb.Corpus:
    """Two districts. Running words: 甲区 6 (执法×3, 复议, 的, 普法), 乙区 7 (复议×3, 普法×2, 1, 年)."""
    return make_corpus(
        [
            {
                "doc_id": "a",
                "district": "甲区",
                "year": 2020,
                "sections": [
                    ("1", 1, "achievements", ["执法", "执法"]),
                    ("1.1", 2, "achievements", ["复议", ",", "的"]),
                    ("2", 1, "plans", ["普法", "执法"]),
                ],
            },
            {
                "doc_id": "b",
                "district": "乙区",
                "year": 2021,
                "sections": [
                    ("1", 1, "achievements", ["复议", "复议", "复议", "普法"]),
                    ("2", 1, "plans", ["普法", "1", "年"]),
                ],
            },
        ]
    )


def two_by_two(a: int, b: int, c: int, d: int) -> wb.Corpus:
    """Target 甲区 with ``a`` × 执法 and ``c`` × 其他; reference 乙区 with ``b`` and ``d``."""
    return make_corpus(
        [
            {"doc_id": "t", "district": "甲区", "year": 2020, "sections": [("1", 1, "achievements", ["执法"] * a + ["其他"] * c)]},
            {"doc_id": "r", "district": "乙区", "year": 2020, "sections": [("1", 1, "achievements", ["执法"] * b + ["其他"] * d)]},
        ]
    )


def key_of(corpus: wb.Corpus, term: str, measure: str) -> dict:
    out = kw.keyness(corpus, "district", "甲区", measure=measure, drop_boilerplate=False, stopwords=False)
    return out.filter(pl.col("term") == term).row(0, named=True)


# ----------------------------------------------------------------------------- term counts


def test_term_counts_exact(toy):
    out = kw.term_counts(toy, "district")
    assert list(out.columns) == ["district", *kw.TERM_COUNTS]
    assert out.dtypes[1:] == list(kw.TERM_COUNTS.values())
    rows = {(r["group"], r["term"]): (r["count"], r["n_tokens"], r["per_10k"]) for r in out.iter_rows(named=True)}
    # punctuation, number "1", stopword 的 and single character 年 dropped; totals are running words
    assert rows == {
        ("甲区", "执法"): (3, 6, 5000.0),
        ("甲区", "复议"): (1, 6, pytest.approx(10_000 / 6)),
        ("甲区", "普法"): (1, 6, pytest.approx(10_000 / 6)),
        ("乙区", "复议"): (3, 7, pytest.approx(30_000 / 7)),
        ("乙区", "普法"): (2, 7, pytest.approx(20_000 / 7)),
    }
    # sorted by group, then count desc, then term
    assert out["term"].to_list()[:3] == ["复议", "普法", "执法"] and out["group"][0] == "乙区"


def test_term_counts_options(toy):
    keep_all = kw.term_counts(toy, "district", stopwords=False, min_chars=1)
    assert set(keep_all["term"]) == {"执法", "复议", "普法", "的", "年"}  # numbers and punctuation always dropped
    frequent = kw.term_counts(toy, "district", min_count=4)
    assert set(frequent["term"]) == {"复议"}  # 复议 4 in all; 执法 3, 普法 3


def test_term_counts_by_section_column_and_several(toy):
    by_kind = kw.term_counts(toy, "kind")
    plans = {r["term"]: r["count"] for r in by_kind.filter(pl.col("group") == "plans").iter_rows(named=True)}
    assert plans == {"普法": 2, "执法": 1}
    both = kw.term_counts(toy, ["district", "kind"])
    assert both.columns[:3] == ["district", "kind", "group"]
    assert set(both["group"]) == {"甲区 · achievements", "甲区 · plans", "乙区 · achievements", "乙区 · plans"}
    by_year = kw.term_counts(toy, "year")
    assert by_year.schema["year"] == pl.Int32 and set(by_year["group"]) == {"2020", "2021"}


def test_grouping_joins_on_keys_not_row_order(toy):
    shuffled = wb.Corpus(
        documents=toy.documents.reverse(),
        sections=toy.sections.sample(fraction=1.0, shuffle=True, seed=0),
        sentences=toy.sentences,
        tokens=toy.tokens.sample(fraction=1.0, shuffle=True, seed=1),
        problems=toy.problems,
    )
    for by in ("district", "kind", ["district", "kind"]):
        assert kw.term_counts(shuffled, by).equals(kw.term_counts(toy, by))


def test_unknown_by_column_lists_known(toy):
    with pytest.raises(ValueError, match=r"term_counts: by column 'county' .*known: doc_id, title, district"):
        kw.term_counts(toy, "county")
    with pytest.raises(ValueError, match="min_chars"):
        kw.term_counts(toy, "district", min_chars=0)


def test_group_sizes(toy, corpus):
    sizes = kw.group_sizes(toy, "district")
    assert sizes.columns == ["district", *kw.GROUP_SIZES]
    row = sizes.filter(pl.col("group") == "甲区").row(0, named=True)
    assert (row["n_documents"], row["n_sections"], row["n_tokens"], row["n_terms"], row["n_types"]) == (1, 3, 6, 5, 3)
    seed = kw.group_sizes(corpus, "district")
    assert seed.height == corpus.documents["district"].n_unique()
    counts = kw.term_counts(corpus, "district").group_by("group").agg(pl.col("count").sum())
    joined = seed.join(counts, on="group")
    assert (joined["count"] == joined["n_terms"]).all()


def test_largest_group_by_running_words_ties_to_sort_order(toy, corpus):
    # toy: 甲区 6 running words, 乙区 7 (see the fixture)
    assert kw.largest_group(toy, "district") == "乙区"
    assert kw.largest_group(toy, ["district", "year"]) == ("乙区", 2021)
    assert kw.largest_group(toy, "kind") == "achievements"  # 甲区 4 + 乙区 4 against plans 2 + 3
    tie = two_by_two(2, 2, 1, 1)  # 3 running words each: the first in sort order (乙 U+4E59 before 甲 U+7532)
    assert kw.largest_group(tie, "district") == "乙区"
    # the seeds, counted independently from the token frame
    words = (
        corpus.tokens.filter(~pl.col("is_punct"))
        .join(corpus.documents.select("doc_id", "district"), on="doc_id")
        .group_by("district").len().sort(["len", "district"], descending=[True, False])
    )
    assert kw.largest_group(corpus, "district") == words["district"][0]

    # a district with two years: the notebook separates the years first, then takes the largest report
    pooled = make_corpus(
        [
            {"doc_id": "a1", "district": "甲区", "year": 2020, "sections": [("1", 1, "achievements", ["执法"] * 5)]},
            {"doc_id": "a2", "district": "甲区", "year": 2021, "sections": [("1", 1, "achievements", ["执法"] * 2)]},
            {"doc_id": "b1", "district": "乙区", "year": 2021, "sections": [("1", 1, "achievements", ["复议"] * 6)]},
        ]
    )
    assert kw.largest_group(pooled, "district") == "甲区"  # 7 words pooled over two years
    by, target = kw.separate_years(pooled, "district", None)
    assert (by, target) == (["district", "year"], None)
    assert kw.largest_group(pooled, by) == ("乙区", 2021)  # the largest single report
    # the tuple target that separate_years and largest_group give names its group in similarity too
    sim = kw.similarity(pooled, by)
    assert kw.nearest_groups(sim, ("乙区", 2021), n=2)[0] == "乙区 · 2021"
    assert kw.nearest_groups(sim, ("乙区", 2021), n=3) == kw.nearest_groups(sim, "乙区 · 2021", n=3)


# ----------------------------------------------------------------------------- place names


def test_place_names_dropped_only_inside_mentions():
    c = make_corpus(
        [
            {
                "doc_id": "a",
                "district": "宁波高新区",
                "city": "宁波市",
                "year": 2024,
                "sections": [("1", 1, "achievements", ["宁波", "高新区", "管委会", "法治浙江", "城区", "主城区"])],
            },
            {"doc_id": "b", "district": "上城区", "city": "杭州市", "year": 2021, "sections": [("1", 1, "plans", ["上", "城区", "普法"])]},
        ]
    )
    names = kw.place_names(c)
    assert {"宁波高新区", "宁波高新", "高新区", "宁波市", "宁波", "上城区", "上城", "杭州市", "杭州"} <= set(names)
    assert names == sorted(names, key=lambda n: (-len(n), n))
    kept = kw.term_counts(c, "district", drop_place_names=True)
    # 城区 inside 上城区 is a place token; 城区 and 主城区 in doc a are not
    assert set(kept["term"]) == {"管委会", "法治浙江", "城区", "主城区", "普法"}
    assert kept.filter(pl.col("term") == "城区")["group"].to_list() == ["宁波高新区"]
    assert {"宁波", "高新区"} <= set(kw.term_counts(c, "district")["term"])


# ----------------------------------------------------------------------------- tf-idf


def test_tfidf_by_hand(toy):
    out = kw.tfidf(toy, "district", drop_boilerplate=False)
    assert out.columns == ["district", *kw.TFIDF]
    assert out.dtypes[1:] == list(kw.TFIDF.values())
    # smooth idf with n = 2 groups: ln((1+2)/(1+df)) + 1; sublinear tf: 1 + ln(count)
    idf = {"执法": math.log(3 / 2) + 1, "复议": 1.0, "普法": 1.0}
    tf_a = {"执法": 1 + math.log(3), "复议": 1.0, "普法": 1.0}
    tf_b = {"复议": 1 + math.log(3), "普法": 1 + math.log(2)}
    for group, tf in (("甲区", tf_a), ("乙区", tf_b)):
        raw = {t: tf[t] * idf[t] for t in tf}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        got = out.filter(pl.col("group") == group)
        for r in got.iter_rows(named=True):
            assert r["tf"] == pytest.approx(tf[r["term"]])
            assert r["idf"] == pytest.approx(idf[r["term"]])
            assert r["tfidf"] == pytest.approx(raw[r["term"]] / norm)
    a = out.filter(pl.col("group") == "甲区")
    # tie between 复议 and 普法 (same tfidf) broken by term
    assert a["term"].to_list() == ["执法", "复议", "普法"] and a["rank"].to_list() == [1, 2, 3]


def test_tfidf_options(toy):
    raw = kw.tfidf(toy, "district", drop_boilerplate=False, sublinear_tf=False, smooth_idf=False, norm=None)
    r = raw.filter((pl.col("group") == "甲区") & (pl.col("term") == "执法")).row(0, named=True)
    assert r["tf"] == 3.0 and r["idf"] == pytest.approx(math.log(2) + 1) and r["tfidf"] == pytest.approx(3 * (math.log(2) + 1))
    top = kw.tfidf(toy, "district", drop_boilerplate=False, top=1)
    assert top["rank"].to_list() == [1, 1]
    with pytest.raises(ValueError, match="top"):
        kw.tfidf(toy, "district", top=0)
    with pytest.raises(ValueError, match="no terms left"):
        kw.tfidf(toy, "district", min_count=100)


def test_tfidf_seed(corpus):
    out = kw.tfidf(corpus, "district")
    assert out.columns == ["district", *kw.TFIDF]
    norms = out.group_by("group").agg((pl.col("tfidf") ** 2).sum().sqrt().alias("norm"))
    assert np.allclose(norms["norm"].to_numpy(), 1.0)
    ranks = out.group_by("group").agg(pl.col("rank").sort(), pl.len())
    for r in ranks.iter_rows(named=True):
        assert r["rank"] == list(range(1, r["len"] + 1))
    # rank follows tfidf descending within each group
    for g in out["group"].unique():
        sub = out.filter(pl.col("group") == g)
        assert (sub["tfidf"].diff().drop_nulls() <= 1e-12).all()
    # own place names are not among the terms by default
    assert not set(out["term"]) & set(kw.place_names(corpus))
    assert out.equals(kw.tfidf(corpus, "district"))  # deterministic


# ----------------------------------------------------------------------------- keyness


@pytest.mark.parametrize(
    ("a", "b", "c", "d", "yates"),
    [
        (3, 0, 3, 7, True),  # zero reference count, small expected: corrected
        (0, 5, 20, 15, True),  # zero target count: negative sign, corrected
        (3, 7, 7, 2, True),  # quanteda's own test table (d1 = b×7 a×3, d2 = a×7 b×2)
        (10, 20, 90, 80, False),  # every expected count >= 5: no correction
        (1, 2, 3, 5, False),  # |ad - bc| < N/2: quanteda applies no correction
        (40, 0, 60, 100, False),  # zero cell but large expected counts
    ],
)
@pytest.mark.parametrize("measure", ["g2", "chi2"])
def test_keyness_matches_scipy(a, b, c, d, yates, measure):
    row = key_of(two_by_two(a, b, c, d), "执法", measure)
    table = np.array([[a, c], [b, d]])
    lam = "log-likelihood" if measure == "g2" else None
    expected_stat, expected_p, _, _ = chi2_contingency(table, correction=yates, lambda_=lam)
    sign = 1 if a / (a + c) > b / (b + d) else -1
    assert row["statistic"] == pytest.approx(sign * expected_stat, rel=1e-9, abs=1e-12)
    assert row["p"] == pytest.approx(expected_p, rel=1e-9)
    assert (row["n_target"], row["n_reference"]) == (a, b)


def test_keyness_by_hand():
    # no correction (all expected >= 5): G² = 2 Σ O ln(O/E), E = row total × column total / N
    row = key_of(two_by_two(10, 20, 90, 80), "执法", "g2")
    g2 = 2 * (10 * math.log(10 / 15) + 20 * math.log(20 / 15) + 90 * math.log(90 / 85) + 80 * math.log(80 / 85))
    assert row["statistic"] == pytest.approx(-g2)
    assert row["log_ratio"] == pytest.approx(math.log2((10 / 100) / (20 / 100)))
    # Yates as quanteda: |ad - bc| = |6 - 49| = 43 >= N/2 = 9.5 and E = 90/19 < 5 → N(|ad-bc| - N/2)² / margins
    row = key_of(two_by_two(3, 7, 7, 2), "执法", "chi2")
    assert row["statistic"] == pytest.approx(-(19 * (43 - 9.5) ** 2) / (10 * 9 * 10 * 9))
    # zero count in the reference is taken as 0.5 in the log ratio
    row = key_of(two_by_two(3, 0, 3, 7), "执法", "g2")
    assert row["log_ratio"] == pytest.approx(math.log2((3 / 6) / (0.5 / 7)))
    # a term used at the same rate in both groups scores exactly 0
    row = key_of(two_by_two(2, 4, 8, 16), "执法", "g2")
    assert row["statistic"] == 0.0 and row["p"] == pytest.approx(1.0)


def test_keyness_frame_and_order(toy):
    out = kw.keyness(toy, "district", "甲区", drop_boilerplate=False)
    assert out.columns == list(kw.KEYNESS) and out.dtypes == list(kw.KEYNESS.values())
    # over-use first, under-use last. 复议 (1/6 vs 3/7) is under-used more than 普法 (1/6 vs 2/7),
    # but its table gets Yates's correction (|ad - bc| = 11 >= N/2 = 6.5) and 普法's does not (5 < 6.5),
    # so 复议 scores closer to 0: the conditional correction of quanteda can reorder close terms.
    assert out["term"].to_list() == ["执法", "复议", "普法"]
    assert out["statistic"][0] > 0 > out["statistic"][1] > out["statistic"][2]
    chi = kw.keyness(toy, "district", "甲区", measure="chi2", drop_boilerplate=False)
    assert chi["term"].to_list() == ["执法", "复议", "普法"]


def test_keyness_errors(toy):
    with pytest.raises(ValueError, match=r"keyness: target '浦东新区' is not a value of column 'district'; known: 乙区, 甲区"):
        kw.keyness(toy, "district", "浦东新区")
    with pytest.raises(ValueError, match=r"reference 'duties' is not a value of column 'kind'; known: achievements, plans"):
        kw.keyness(toy, "kind", "plans", reference="duties")
    with pytest.raises(ValueError, match="same group"):
        kw.keyness(toy, "district", "甲区", reference="甲区")
    with pytest.raises(ValueError, match="measure"):
        kw.keyness(toy, "district", "甲区", measure="lr")


def test_keyness_targets_by_value_and_tuple(toy):
    by_year = kw.keyness(toy, "year", 2020, drop_boilerplate=False)
    by_district = kw.keyness(toy, "district", "甲区", drop_boilerplate=False)
    assert by_year.equals(by_district)
    pair = kw.keyness(toy, ["district", "kind"], ("甲区", "plans"), reference="乙区 · plans", drop_boilerplate=False)
    assert dict(zip(pair["term"], pair["n_target"])) == {"普法": 1, "执法": 1}


def test_keyness_seed_district(corpus):
    out = kw.keyness(corpus, "district", "拱墅区")
    assert out.columns == list(kw.KEYNESS)
    stat = out["statistic"].to_list()
    assert stat == sorted(stat, reverse=True)
    # counts are those of term_counts for target and the rest
    counts = kw.term_counts(corpus, "district", drop_place_names=True)
    target = dict(counts.filter(pl.col("group") == "拱墅区").select("term", "count").iter_rows())
    assert dict(out.filter(pl.col("n_target") > 0).select("term", "n_target").iter_rows()) == target
    # sign follows relative frequency
    sizes = dict(kw.group_sizes(corpus, "district").select("group", "n_tokens").iter_rows())
    n_t = sizes["拱墅区"]
    n_r = sum(v for k, v in sizes.items() if k != "拱墅区")
    over = (out["n_target"] / n_t > out["n_reference"] / n_r).to_numpy()
    assert np.array_equal(over, (out["statistic"] > 0).to_numpy())
    assert ((out["p"] >= 0) & (out["p"] <= 1)).all()
    assert out.equals(kw.keyness(corpus, "district", "拱墅区"))


def test_keyness_plans_against_achievements(corpus):
    out = kw.keyness(corpus, by="kind", target="plans", reference="achievements")
    counts = kw.term_counts(corpus, "kind", drop_place_names=True)
    plans = dict(counts.filter(pl.col("group") == "plans").select("term", "count").iter_rows())
    assert dict(out.filter(pl.col("n_target") > 0).select("term", "n_target").iter_rows()) == plans
    ach = dict(counts.filter(pl.col("group") == "achievements").select("term", "count").iter_rows())
    assert dict(out.filter(pl.col("n_reference") > 0).select("term", "n_reference").iter_rows()) == ach
    assert out.height > 100 and out["statistic"][0] > 3.84  # something is distinctive at p < .05


def test_distinctive_terms(corpus):
    out = kw.distinctive_terms(corpus, "district", n=5)
    assert out.columns == ["district", *kw.DISTINCTIVE]
    assert out.group_by("group").len()["len"].to_list() == [5] * 5
    assert (out["statistic"] > 0).all()
    first = out.filter(pl.col("group") == "拱墅区")
    assert first["term"].to_list() == kw.keyness(corpus, "district", "拱墅区").head(5)["term"].to_list()


@pytest.mark.parametrize(
    ("by", "options"),
    [
        ("district", {"drop_boilerplate": True}),
        ("kind", {"measure": "chi2", "min_count": 3}),
        (["district", "year"], {"drop_place_names": False}),
    ],
)
def test_distinctive_terms_equal_keyness_of_each_group(corpus, by, options):
    # distinctive_terms computes all groups in one pass; each group's rows must be keyness()'s top rows
    n = 4
    out = kw.distinctive_terms(corpus, by, n=n, **options)
    labels = kw.group_sizes(corpus, by)["group"].to_list()
    assert out["group"].unique(maintain_order=True).to_list() == labels
    for label in labels:
        expected = kw.keyness(corpus, by, label, **options).filter(pl.col("statistic") > 0).head(n)
        got = out.filter(pl.col("group") == label)
        assert got.select(list(kw.KEYNESS)).equals(expected), label
        assert got["rank"].to_list() == list(range(1, expected.height + 1))


def test_distinctive_terms_one_group_raises(toy):
    one = make_corpus([{"doc_id": "a", "district": "甲区", "year": 2020, "sections": [("1", 1, "achievements", ["执法", "复议"])]}])
    with pytest.raises(ValueError, match="only one group"):
        kw.distinctive_terms(one, "district")
    with pytest.raises(ValueError, match="measure"):
        kw.distinctive_terms(toy, "district", measure="z")


def test_tfidf_matrix_equals_tfidf_vectorizer(corpus):
    # the matrix is built from counts; it must equal TfidfVectorizer fitted on one bag per group, bit for bit
    from sklearn.feature_extraction.text import TfidfVectorizer

    counts, totals = kw._counts(
        corpus, ["district"], "test", stopwords=True, min_chars=2, drop_boilerplate=True, drop_place_names=True, min_count=1
    )
    groups = totals["group"].to_list()
    bags = {g: [] for g in groups}
    for g, term, count in counts.select("group", "term", "count").iter_rows():
        bags[g].extend([term] * count)
    for sublinear, norm in ((True, "l2"), (False, "l1"), (True, None)):
        vec = TfidfVectorizer(analyzer=lambda t: t, lowercase=False, token_pattern=None, sublinear_tf=sublinear, norm=norm)
        expected = vec.fit_transform([bags[g] for g in groups])
        got, terms, idf = kw._tfidf_matrix(counts, groups, smooth_idf=True, sublinear_tf=sublinear, norm=norm)
        assert terms == list(vec.get_feature_names_out())
        assert np.array_equal(idf, vec.idf_)
        assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data, expected.data)


def test_keyness_table_and_top_term(toy):
    k = kw.keyness(toy, "district", "甲区", drop_boilerplate=False)
    table = kw.keyness_table(k, n=1)
    assert table["side"].to_list() == ["target", "reference"] and table["term"].to_list() == ["执法", "普法"]
    assert kw.top_term(k) == "执法" and kw.top_term(k, "普法") == "普法"
    with pytest.raises(ValueError, match="top_term"):
        kw.top_term(k.head(0))


def test_top_terms_table(toy):
    wide = kw.top_terms_table(kw.tfidf(toy, "district", drop_boilerplate=False), n=3)
    assert wide.columns == ["rank", "乙区", "甲区"]
    assert wide["甲区"].to_list() == ["执法", "复议", "普法"]
    assert wide["乙区"].to_list() == ["复议", "普法", None]


# ----------------------------------------------------------------------------- similarity


def test_similarity_by_hand(toy):
    out = kw.similarity(toy, "district", drop_boilerplate=False)
    assert out.columns == list(kw.SIMILARITY) and out.height == 4
    idf_zf = math.log(3 / 2) + 1
    a = np.array([(1 + math.log(3)) * idf_zf, 1.0, 1.0])  # 执法, 复议, 普法
    b = np.array([0.0, 1 + math.log(3), 1 + math.log(2)])
    cos = a @ b / np.linalg.norm(a) / np.linalg.norm(b)
    got = {(r["group_a"], r["group_b"]): r["similarity"] for r in out.iter_rows(named=True)}
    assert got[("甲区", "乙区")] == pytest.approx(cos) and got[("乙区", "甲区")] == pytest.approx(cos)
    assert got[("甲区", "甲区")] == 1.0


def test_similarity_seed_matrix(corpus):
    tidy = kw.similarity(corpus, "district")
    groups = sorted(corpus.documents["district"].unique().to_list())
    assert tidy.height == len(groups) ** 2
    assert (tidy.filter(pl.col("group_a") == pl.col("group_b"))["similarity"] == 1.0).all()
    matrix = kw.similarity(corpus, "district", as_matrix=True)
    assert matrix.columns == ["group", *groups] and matrix["group"].to_list() == groups
    m = matrix.drop("group").to_numpy()
    assert np.allclose(m, m.T) and ((m >= 0) & (m <= 1)).all()
    for r in tidy.iter_rows(named=True):
        assert matrix.filter(pl.col("group") == r["group_a"])[r["group_b"]][0] == pytest.approx(r["similarity"])


# ----------------------------------------------------------------------------- kwic


def test_kwic_toy_offsets_and_deepest_section(toy):
    out = kw.kwic(toy, "复议", window=2)
    assert out.columns == list(kw.KWIC) and out.dtypes == list(kw.KWIC.values())
    a = out.filter(pl.col("doc_id") == "a").row(0, named=True)
    # text a: 执法执法复议,的普法执法 — 复议 at 4:6, inside section a/1.1 (deepest of a/1 and a/1.1)
    assert (a["char_start"], a["char_end"], a["left"], a["match"], a["right"]) == (4, 6, "执法", "复议", ",的")
    assert a["section_id"] == "a/1.1" and a["district"] == "甲区" and a["year"] == 2020
    assert out.filter(pl.col("doc_id") == "b").height == 3
    first = kw.kwic(toy, "执法", window=5).row(0, named=True)
    assert first["left"] == "" and first["section_id"] == "a/1"


def test_kwic_regex_and_errors(toy):
    out = kw.kwic(toy, "复议|普法", regex=True)
    assert out.height == 7
    assert kw.kwic(toy, "复议|普法").height == 0  # literal search
    assert kw.kwic(toy, "x*", regex=True).height == 0  # zero-length matches skipped
    with pytest.raises(ValueError, match="empty"):
        kw.kwic(toy, "")
    with pytest.raises(ValueError, match="not a valid regular expression"):
        kw.kwic(toy, "(", regex=True)


@pytest.mark.parametrize(("pattern", "regex"), [("行政复议", False), (r"行政(复议|执法)", True), ("(", False)])
def test_kwic_seed_offsets_quote_the_text(corpus, pattern, regex):
    out = kw.kwic(corpus, pattern, window=15, regex=regex)
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    for r in out.iter_rows(named=True):
        text = texts[r["doc_id"]]
        assert text[r["char_start"] : r["char_end"]] == r["match"]
        assert text[r["char_start"] - len(r["left"]) : r["char_end"] + len(r["right"])] == r["left"] + r["match"] + r["right"]
        assert len(r["left"]) <= 15 and len(r["right"]) <= 15
    if pattern != "(":
        assert out.height > 5 and out["section_id"].null_count() == 0
        secs = out.join(corpus.sections.select("section_id", "level", pl.col("char_start").alias("s"), pl.col("char_end").alias("e")), on="section_id")
        assert ((secs["s"] <= secs["char_start"]) & (secs["char_start"] < secs["e"])).all()
        # no deeper section also holds the match
        deeper = out.join(corpus.sections, on="doc_id", suffix="_sec").filter(
            (pl.col("char_start_sec") <= pl.col("char_start")) & (pl.col("char_start") < pl.col("char_end_sec"))
        ).group_by("doc_id", "char_start").agg(pl.col("level").max())
        merged = secs.select("doc_id", "char_start", "level").join(deeper, on=["doc_id", "char_start"], suffix="_max")
        assert (merged["level"] == merged["level_max"]).all()


def test_place_tokens_remembered_until_a_frame_is_replaced(toy):
    from workbench import places

    first = places.place_tokens(toy)
    assert places.place_tokens(toy) is first  # same corpus, same frames: not recomputed
    toy.tokens = toy.tokens.clone()  # a new frame (even with equal content) is not trusted
    again = places.place_tokens(toy)
    assert again is not first and again.equals(first)
    toy.documents = toy.documents.with_columns(pl.lit("乙区").alias("district"))
    assert places.place_tokens(toy) is not again


# ----------------------------------------------------------------------------- review of the statistics (issue 13)


def test_keyness_without_correction_is_plain_g2_as_wordsmith_gives_it(corpus):
    """运河, 5 times in 拱墅区 and never elsewhere: 12.68 with Yates's correction, 17.49 without."""
    sizes = kw.group_sizes(corpus, "district")
    n_t = int(sizes.filter(pl.col("district") == "拱墅区")["n_tokens"][0])
    n_r = int(sizes["n_tokens"].sum()) - n_t
    corrected = kw.keyness(corpus, "district", "拱墅区").filter(pl.col("term") == "运河").row(0, named=True)
    plain = kw.keyness(corpus, "district", "拱墅区", correction=False).filter(pl.col("term") == "运河").row(0, named=True)
    assert (plain["n_target"], plain["n_reference"]) == (5, 0)
    # by hand: G² = 2 Σ O ln(O/E) over the non-zero cells of [[5, n_t - 5], [0, n_r]]
    n = n_t + n_r
    cells = [(5, 5 * n_t / n), (n_t - 5, (n - 5) * n_t / n), (n_r, (n - 5) * n_r / n)]
    by_hand = 2 * sum(o * math.log(o / e) for o, e in cells)
    scipy_g2, scipy_p, _, _ = chi2_contingency(np.array([[5, n_t - 5], [0, n_r]]), correction=False, lambda_="log-likelihood")
    assert plain["statistic"] == pytest.approx(by_hand, rel=1e-12) == pytest.approx(scipy_g2, rel=1e-12)
    assert plain["p"] == pytest.approx(scipy_p, rel=1e-9)
    assert round(plain["statistic"], 2) == 17.49 and round(corrected["statistic"], 2) == 12.68


@pytest.mark.parametrize(("a", "b", "c", "d"), [(3, 0, 3, 7), (0, 5, 20, 15), (3, 7, 7, 2), (10, 20, 90, 80)])
@pytest.mark.parametrize("measure", ["g2", "chi2"])
def test_keyness_correction_false_matches_scipy_uncorrected(a, b, c, d, measure):
    out = kw.keyness(two_by_two(a, b, c, d), "district", "甲区", measure=measure, correction=False, stopwords=False)
    row = out.filter(pl.col("term") == "执法").row(0, named=True)
    lam = "log-likelihood" if measure == "g2" else None
    expected, p, _, _ = chi2_contingency(np.array([[a, c], [b, d]]), correction=False, lambda_=lam)
    assert abs(row["statistic"]) == pytest.approx(expected, rel=1e-9)
    assert row["p"] == pytest.approx(p, rel=1e-9)


def test_keyness_marks_p_above_005_as_not_significant(corpus):
    out = kw.keyness(corpus, by="kind", target="plans", reference="achievements")
    assert out["significant"].to_list() == (out["p"] <= 0.05).to_list()
    assert out.filter(~pl.col("significant")).height > 0 and out.filter(pl.col("significant")).height > 0
    dist = kw.distinctive_terms(corpus, "district", n=5)
    assert dist["significant"].to_list() == (dist["p"] <= 0.05).to_list()


def test_kwic_overlapping_matches_are_an_option(corpus):
    """"00" occurs 17 times counting overlaps (re lookahead), 14 times without."""
    texts = corpus.documents["text"].to_list()
    import re

    assert kw.kwic(corpus, "00").height == sum(len(re.findall("00", t)) for t in texts)
    hits = kw.kwic(corpus, "00", overlapping=True)
    assert hits.height == sum(len(re.findall("(?=00)", t)) for t in texts) == 17
    text = dict(corpus.documents.select("doc_id", "text").iter_rows())
    assert all(text[d][s:e] == "00" for d, s, e in hits.select("doc_id", "char_start", "char_end").iter_rows())


def _two_years_of_one_district() -> wb.Corpus:
    return make_corpus(
        [
            {"doc_id": "a1", "district": "甲区", "year": 2020, "sections": [("1", 1, "achievements", ["执法", "复议"])]},
            {"doc_id": "a2", "district": "甲区", "year": 2021, "sections": [("1", 1, "achievements", ["执法", "普法"])]},
            {"doc_id": "b1", "district": "乙区", "year": 2021, "sections": [("1", 1, "achievements", ["复议", "普法"])]},
        ]
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda c: kw.term_counts(c, "district"),
        lambda c: kw.tfidf(c, "district"),
        lambda c: kw.keyness(c, "district", "乙区"),
        lambda c: kw.similarity(c, "district"),
        lambda c: kw.distinctive_terms(c, "district"),
        lambda c: kw.term_counts(c, "kind"),
    ],
)
def test_pooling_a_districts_years_warns(call):
    with pytest.warns(kw.PooledYearsWarning, match=r"甲区 2020, 2021.*\['district', 'year'\]|甲区 2020, 2021"):
        call(_two_years_of_one_district())


def test_no_warning_when_years_are_kept_apart(corpus, recwarn):
    c = _two_years_of_one_district()
    kw.similarity(c, ["district", "year"])
    kw.keyness(c, "year", 2021)
    kw.similarity(corpus, "district")  # seeds: one report per district
    assert not [w for w in recwarn if issubclass(w.category, kw.PooledYearsWarning)]


def test_separate_years_adds_year_and_keeps_the_target():
    c = _two_years_of_one_district()
    assert kw.separate_years(c, "district", "甲区") == (["district", "year"], ("甲区", 2021))
    assert kw.separate_years(c, "year", 2021) == ("year", 2021)
    by, target = kw.separate_years(c, "district", "甲区")
    assert kw.keyness(c, by, target).height > 0


def test_tables_of_many_groups_keep_the_chosen_groups(corpus):
    """Notebook 01 on a thousand reports: the wide tables show the chosen groups, in the frame's order."""
    sim = kw.similarity(corpus, "district")
    assert kw.similarity_matrix(sim).equals(kw.similarity(corpus, "district", as_matrix=True))
    near = kw.nearest_groups(sim, "拱墅区", n=3)
    square = kw.similarity_matrix(sim, groups=near)
    order = [g for g in sim["group_a"].unique(maintain_order=True).to_list() if g in near]
    assert square["group"].to_list() == order and square.columns == ["group", *order]
    cell = sim.filter((pl.col("group_a") == order[0]) & (pl.col("group_b") == order[1]))["similarity"][0]
    assert square.filter(pl.col("group") == order[0])[order[1]][0] == cell
    with pytest.raises(ValueError, match="similarity_matrix: groups \\['无此区'\\] are not groups"):
        kw.similarity_matrix(sim, groups=["无此区"])
    tf = kw.tfidf(corpus, "district")
    full = kw.top_terms_table(tf, n=3)
    some = kw.top_terms_table(tf, n=3, groups=["椒江区", "拱墅区", "无此区"])  # a group without rows is left out
    assert some.columns == ["rank", *[c for c in full.columns if c in ("椒江区", "拱墅区")]]
    assert some.equals(full.select(some.columns))
