"""Tests of workbench.topics: plan items on the real seeds, clustering on hand-made sets."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import workbench as wb
from workbench import schemas, topics
from workbench.segmenter import boilerplate

SEED_COUNTS = {"拱墅区": 6, "椒江区": 4, "上城区": 3, "余杭区": 4, "宁波高新区": 3}
SEED_FIRST_HEADINGS = {
    "拱墅区": "全面落实法治政府建设责任",
    "椒江区": "在统筹法治椒江建设上更进一步,着力推动法治示范创建",
    "上城区": "以压实责任为牵引,统筹推进法治建设工作",
    "余杭区": "深入贯彻落实习近平法治思想",
    "宁波高新区": "统筹法治力量建设法治高新",
}
SEED_LEVELS = {"拱墅区": 2, "椒江区": 4, "上城区": 4, "余杭区": 2, "宁波高新区": 2}


@pytest.fixture(scope="module")
def items(corpus) -> pl.DataFrame:
    return topics.plan_items(corpus)


def synthetic_items(groups: dict[str, list[list[str]]]) -> pl.DataFrame:
    """An items frame from token lists: one doc per group, district = group name."""
    rows = []
    for g, lists in groups.items():
        for i, toks in enumerate(lists):
            rows.append(
                {
                    "item_id": f"{g}{i + 1}",
                    "doc_id": f"doc_{g}",
                    "district": f"{g}区",
                    "year": 2024,
                    "heading": "".join(toks[:2]),
                    "text": "".join(toks),
                    "tokens": toks,
                }
            )
    return pl.DataFrame(rows, schema={"item_id": pl.String, "doc_id": pl.String, "district": pl.String,
                                      "year": pl.Int32, "heading": pl.String, "text": pl.String,
                                      "tokens": pl.List(pl.String)})


def three_groups() -> pl.DataFrame:
    """15 items in 3 groups of 5: each item is its group's 3 core words plus one word of its own.

    The groups share no word, and inside a group every pair of items is equally
    alike, so the only structure is the 3 groups.
    """
    cores = {"a": ["复议", "应诉", "争议"], "b": ["数字", "平台", "数据"], "c": ["普法", "宣传", "学法"]}
    extras = {
        "a": ["诉讼", "调解", "败诉", "纠错", "听证"],
        "b": ["系统", "智治", "场景", "算法", "网络"],
        "c": ["课堂", "讲座", "阵地", "宣讲", "展馆"],
    }
    return synthetic_items({g: [core + [extras[g][i]] for i in range(5)] for g, core in cores.items()})


def write_report(folder: Path, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")


# ----------------------------------------------------------------------------- plan_items on the seeds


def test_plan_items_columns(items):
    schemas.check(items, topics.ITEMS, "plan_items")


def test_plan_items_counts_on_seeds(items):
    counts = dict(items.group_by("district").len().iter_rows())
    assert counts == SEED_COUNTS


def test_plan_items_first_heading_and_level_on_seeds(items):
    first = items.sort("doc_id", "char_start").group_by("district", maintain_order=True).agg(
        pl.col("heading").first(), pl.col("level").first(), pl.col("level").n_unique().alias("n_levels")
    )
    assert {d: h for d, h, _, _ in first.iter_rows()} == SEED_FIRST_HEADINGS
    assert {d: lv for d, _, lv, _ in first.iter_rows()} == SEED_LEVELS
    assert set(first["n_levels"]) == {1}  # one level per report's plans part


def test_plan_items_are_children_of_plans_parts(corpus, items):
    secs = corpus.sections
    parts = secs.filter(pl.col("level") == 1, pl.col("kind") == "plans")
    # every item's part is a plans part, and item_id extends part_id by one ordinal
    assert set(items["part_id"]) == set(parts["section_id"])
    assert all(i.startswith(p + ".") and "." not in i[len(p) + 1 :] for p, i in items.select("part_id", "item_id").iter_rows())
    # year and district come from the documents frame
    joined = items.join(corpus.documents.select("doc_id", pl.col("district").alias("d2"), pl.col("year").alias("y2")), on="doc_id")
    assert joined.filter((pl.col("district") != pl.col("d2")) | (pl.col("year") != pl.col("y2"))).height == 0


def test_plan_items_text_is_a_slice_of_the_document(corpus, items):
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    for doc_id, start, end, text, label in items.select("doc_id", "char_start", "char_end", "text", "label").iter_rows():
        assert texts[doc_id][start:end] == text
        assert text.startswith(label)


def test_plan_items_other_kind(corpus):
    ach = topics.plan_items(corpus, kind="achievements")
    secs = corpus.sections
    part_ids = secs.filter(pl.col("level") == 1, pl.col("kind") == "achievements")["section_id"]
    expected = secs.filter(pl.col("parent_id").is_in(part_ids.implode()))["section_id"].sort()
    assert ach["item_id"].sort().to_list() == expected.to_list()
    assert ach.height > 0
    assert set(ach["doc_id"]) == set(corpus.documents["doc_id"])


def test_plan_items_unknown_kind(corpus):
    with pytest.raises(ValueError, match="kind 'plan' is not a section kind"):
        topics.plan_items(corpus, kind="plan")


def test_plan_items_needs_a_corpus():
    with pytest.raises(TypeError, match="expected a workbench Corpus"):
        topics.plan_items(pl.DataFrame())


def test_plan_items_childless_part_and_descendant_tokens(tmp_path):
    body = (
        "杭州市某某区人民政府关于2024年法治政府建设年度报告\n"
        "一、2024年主要举措和成效\n(一)行政复议应诉。复议案件办理。\n(二)数字法治平台。平台上线运行。\n"
        "二、2025年主要工作安排\n明年继续开展行政复议和数字法治平台工作。\n"
    )
    write_report(tmp_path / "a", "a.txt", body)
    corpus = wb.load_corpus(tmp_path / "a", cache=False)
    plans = topics.plan_items(corpus)
    assert plans.height == 1  # a plans part with no children is one item: the whole part
    row = plans.row(0, named=True)
    assert row["level"] == 1 and row["item_id"] == row["part_id"] == "a/2"
    assert row["text"].startswith("二、2025年主要工作安排")
    # achievements: two (一)(二) items
    ach = topics.plan_items(corpus, kind="achievements")
    assert ach["label"].to_list() == ["(一)", "(二)"]

    # an item's tokens include those of its own sub-sections (1. 2. under (一))
    body2 = (
        "一、2024年主要举措和成效\n(一)总体情况。今年复议案件增加。\n"
        "二、2025年工作安排\n(一)数字法治。1.建设执法监督平台。2.完善数据共享机制。\n(二)行政复议。畅通复议渠道。\n"
    )
    write_report(tmp_path / "b", "b.txt", body2)
    corpus2 = wb.load_corpus(tmp_path / "b", cache=False)
    plans2 = topics.plan_items(corpus2)
    assert plans2["label"].to_list() == ["(一)", "(二)"]
    first = plans2["tokens"][0].to_list()
    assert "平台" in first or "执法监督" in first  # from section (一)/1.
    assert "共享" in first or "数据共享" in first  # from section (一)/2.
    assert "复议" not in first and "渠道" not in first  # those belong to (二)


def test_item_tokens_filters(corpus, items):
    toks = topics.item_tokens(corpus, items)
    schemas.check(toks, topics.ITEM_TOKENS, "item_tokens")
    bp = boilerplate()
    assert toks.filter(pl.col("token").is_in(sorted(bp))).height == 0
    assert toks.filter(pl.col("token").str.len_chars() < 2).height == 0
    # labels are dropped: no 一是/二是 token at the start of the 椒江区 items
    assert toks.filter(pl.col("token").str.contains(r"^[一二三四]是$")).height == 0
    # place names of the item's own district are dropped
    jiaojiang = items.filter(pl.col("district") == "椒江区")["item_id"]
    assert toks.filter(pl.col("item_id").is_in(jiaojiang.implode()), pl.col("token") == "椒江").height == 0
    # every token lies inside its item
    spans = items.select("item_id", pl.col("char_start").alias("s"), pl.col("char_end").alias("e"))
    outside = toks.join(spans, on="item_id").filter((pl.col("char_start") < pl.col("s")) | (pl.col("char_end") > pl.col("e")))
    assert outside.height == 0
    # the list column of plan_items is these tokens, in order
    lists = toks.group_by("item_id", maintain_order=True).agg("token")
    assert dict(lists.iter_rows()) == dict(items.select("item_id", "tokens").iter_rows())


def test_item_tokens_drop_the_same_place_tokens_as_the_keyword_helpers(corpus, items):
    from workbench.places import place_tokens

    places = place_tokens(corpus)
    kept = topics.item_tokens(corpus, items)
    everything = topics.item_tokens(corpus, items, drop_places=False)
    with_doc = everything.join(items.select("item_id", "doc_id"), on="item_id")
    dropped = with_doc.join(places, on=["doc_id", "position"])
    assert dropped.height > 0
    assert set(dropped["token"]) & {"杭州", "椒江", "拱墅"}
    assert kept.height == everything.height - dropped.height


def test_item_tokens_keeps_boilerplate_when_asked(corpus, items):
    toks = topics.item_tokens(corpus, items, stop_words=[], drop_places=False)
    assert toks.filter(pl.col("token") == "推进").height > 0
    assert toks.filter(pl.col("token") == "椒江").height > 0


# ----------------------------------------------------------------------------- cluster


@pytest.mark.parametrize("method", topics.METHODS)
def test_cluster_frames_have_their_columns(items, method):
    r = topics.cluster(items, method=method)
    for name, schema in [
        ("assignments", topics.ASSIGNMENTS),
        ("terms", topics.TERMS),
        ("topics", topics.TOPICS),
        ("representatives", topics.REPRESENTATIVES),
        ("k_scores", topics.K_SCORES),
        ("stability", topics.STABILITY),
        ("coords", topics.COORDS),
        ("by_district", topics.BY_DISTRICT),
    ]:
        schemas.check(getattr(r, name), schema, name)
    assert r.assignments.height == items.height == r.coords.height
    assert set(r.assignments["item_id"]) == set(items["item_id"])
    # canonical numbering: 1..k, sizes non-increasing
    assert r.topics["topic"].to_list() == list(range(1, r.k + 1))
    sizes = r.topics["size"].to_list()
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == items.height
    # the heatmap grid is complete and sums to the items
    assert r.by_district.height == r.k * items["district"].n_unique()
    assert r.by_district["n_items"].sum() == items.height
    assert r.k_scores.filter("chosen")["k"].to_list() == [r.k]
    assert r.coords.select(pl.col("x").is_nan().any() | pl.col("y").is_nan().any()).item() is False


@pytest.mark.parametrize("method", topics.METHODS)
def test_cluster_is_deterministic(items, method):
    a = topics.cluster(items, method=method, seed=0)
    b = topics.cluster(items, method=method, seed=0)
    assert a.k == b.k
    for name in ("assignments", "terms", "topics", "representatives", "k_scores", "stability", "coords", "by_district"):
        assert getattr(a, name).equals(getattr(b, name)), name


@pytest.mark.parametrize("method", topics.METHODS)
def test_k_selection_finds_three_known_groups(method):
    its = three_groups()
    r = topics.cluster(its, method=method, k_range=range(2, 9))
    assert r.k == 3
    assert r.k_chosen_by == "silhouette"
    # the partition is the true one
    truth = dict(zip(its["item_id"], its["district"]))
    groups = r.assignments.group_by("topic").agg(pl.col("item_id").replace_strict(truth).n_unique().alias("n"))
    assert groups["n"].to_list() == [1, 1, 1]
    # perfectly separated groups are perfectly stable, overall and topic by topic
    assert r.stability["min_ari"].to_list() == pytest.approx([1.0] * r.stability.height)
    assert r.topics["jaccard"].to_list() == pytest.approx([1.0, 1.0, 1.0])


def test_stability_is_lower_on_structureless_items():
    """Items of random words from one shared vocabulary have no clusters: ARI well below 1."""
    rng = np.random.default_rng(7)
    words = [f"词{i:02d}" for i in range(30)]
    its = synthetic_items({"x": [rng.choice(words, size=5, replace=False).tolist() for _ in range(18)]})
    r = topics.cluster(its, method="kmeans", k=4)
    assert r.stability["mean_ari"].max() < 0.8
    assert r.topics["jaccard"].min() < 0.8


def test_k_range_may_be_any_iterable():
    its = three_groups()
    r = topics.cluster(its, k_range=(c for c in range(2, 9)), n_stability_runs=0)
    assert r.k == 3
    assert r.k_scores["k"].to_list() == list(range(2, 9))


def test_silhouette_matches_a_hand_computation():
    """k_scores.silhouette of the chosen k equals the silhouette computed from cosine distances by hand."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    its = three_groups()
    r = topics.cluster(its, method="agglomerative", k=4, n_stability_runs=0)
    X = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True).fit_transform(its["tokens"].to_list()).toarray()
    X = X / np.linalg.norm(X, axis=1, keepdims=True)
    D = 1 - X @ X.T
    lab = dict(r.assignments.select("item_id", "topic").iter_rows())
    labels = np.array([lab[i] for i in its["item_id"]])
    s = []
    for i in range(len(labels)):
        same = (labels == labels[i]) & (np.arange(len(labels)) != i)
        if not same.any():
            s.append(0.0)
            continue
        a = D[i, same].mean()
        b = min(D[i, labels == c].mean() for c in set(labels) if c != labels[i])
        s.append((b - a) / max(a, b))
    assert r.k_scores.filter(pl.col("k") == 4)["silhouette"].item() == pytest.approx(float(np.mean(s)), abs=1e-9)


@pytest.mark.parametrize("method", topics.METHODS)
def test_representatives_are_closest_to_centroid(method):
    # in each group the third item holds both words of the other two, so it sits on the centroid
    its = synthetic_items({"a": [["复议"], ["应诉"], ["复议", "应诉"]], "b": [["数字"], ["平台"], ["数字", "平台"]]})
    r = topics.cluster(its, method=method, k=2, n_stability_runs=0)
    reps = r.representatives
    tol = 1e-3 if method == "nmf" else 1e-9
    by_topic = {t: reps.filter(pl.col("topic") == t) for t in (1, 2)}
    a_topic = r.assignments.filter(pl.col("item_id") == "a1")["topic"].item()
    b_topic = 3 - a_topic
    a_ids, b_ids = by_topic[a_topic]["item_id"].to_list(), by_topic[b_topic]["item_id"].to_list()
    if method == "nmf":  # NMF's components are only approximately symmetric: the two far items tie only roughly
        assert a_ids[0] == "a3" and sorted(a_ids[1:]) == ["a1", "a2"]
        assert b_ids[0] == "b3" and sorted(b_ids[1:]) == ["b1", "b2"]
    else:  # exact ties go to the smaller item_id
        assert a_ids == ["a3", "a1", "a2"]
        assert b_ids == ["b3", "b1", "b2"]
    assert by_topic[a_topic]["similarity"].to_list() == pytest.approx([1.0, 1 / math.sqrt(2), 1 / math.sqrt(2)], abs=tol)
    assert by_topic[a_topic]["rank"].to_list() == [1, 2, 3]
    assert by_topic[a_topic]["text"].to_list()[0] == "复议应诉"
    # topic 1 is the one holding the first item (equal sizes → first item wins)
    assert a_topic == 1


@pytest.mark.parametrize("method", ["kmeans", "agglomerative"])
def test_two_item_topics_tie_and_break_by_item_id(items, method):
    """Both items of a two-item topic are equally close to their mean, so they tie exactly; item_id decides."""
    r = topics.cluster(items, method=method, n_stability_runs=0)
    pairs = r.topics.filter(pl.col("size") == 2)["topic"].to_list()
    assert pairs  # the seed corpus has some
    for t in pairs:
        reps = r.representatives.filter(pl.col("topic") == t)
        assert reps["similarity"][0] == reps["similarity"][1]
        assert reps["item_id"].to_list() == sorted(reps["item_id"].to_list())


def test_n_representatives_limits_rows():
    its = three_groups()
    r = topics.cluster(its, k=3, n_representatives=2, n_stability_runs=0)
    assert r.representatives.group_by("topic").len().sort("topic")["len"].to_list() == [2, 2, 2]
    assert r.stability.height == 0 and r.topics["jaccard"].null_count() == 3


def test_given_k_is_used(items):
    r = topics.cluster(items, method="kmeans", k=4, n_stability_runs=2)
    assert r.k == 4 and r.k_chosen_by == "given"
    assert r.topics.height == 4
    assert r.stability["check"].to_list() == ["seeds", "subsamples"]
    assert r.stability["n_runs"].to_list() == [2, 2]


def test_terms_and_labels(items):
    r = topics.cluster(items, method="kmeans", n_terms=5)
    assert r.terms.group_by("topic").agg(pl.col("rank").max())["rank"].max() <= 5
    # weights decrease with rank inside each topic
    bad = r.terms.sort("topic", "rank").with_columns(pl.col("weight").diff().over("topic").alias("d")).filter(pl.col("d") > 0)
    assert bad.height == 0
    # a label is its topic's three heaviest terms
    top3 = r.terms.filter(pl.col("rank") <= 3).sort("topic", "rank").group_by("topic", maintain_order=True).agg(pl.col("term").str.join("·"))
    assert dict(top3.iter_rows()) == dict(r.topics.select("topic", "label").iter_rows())
    # no boilerplate among the terms
    assert r.terms.filter(pl.col("term").is_in(sorted(boilerplate()))).height == 0


def test_cluster_errors(items):
    with pytest.raises(ValueError, match="method 'lda' is not offered"):
        topics.cluster(items, method="lda")
    with pytest.raises(ValueError, match="k=20 is outside 2 … 19"):
        topics.cluster(items, k=20)
    with pytest.raises(ValueError, match="need at least 3 items"):
        topics.cluster(items.head(2))
    with pytest.raises(ValueError, match="lacks columns \\['tokens'\\]"):
        topics.cluster(items.drop("tokens"))
    with pytest.raises(ValueError, match="no k in k_range"):
        topics.cluster(items, k_range=[30, 40])
    with pytest.raises(ValueError, match="not unique"):
        topics.cluster(pl.concat([items, items.head(1)]))


def test_agreement(items):
    km = topics.cluster(items, method="kmeans", n_stability_runs=0)
    ag = topics.cluster(items, method="agglomerative", n_stability_runs=0)
    out = topics.agreement([km, km, ag])
    schemas.check(out, topics.AGREEMENT, "agreement")
    assert out.height == 3
    assert out["ari"][0] == pytest.approx(1.0)
    # independent count: ARI from the pair-counting formula of Hubert & Arabie (1985)
    from scipy.special import comb

    a = dict(km.assignments.select("item_id", "topic").iter_rows())
    b = dict(ag.assignments.select("item_id", "topic").iter_rows())
    ids = sorted(a)
    table = {}
    for i in ids:
        table[(a[i], b[i])] = table.get((a[i], b[i]), 0) + 1
    rows, cols = {}, {}
    for (x, y), v in table.items():
        rows[x] = rows.get(x, 0) + v
        cols[y] = cols.get(y, 0) + v
    index = sum(comb(v, 2) for v in table.values())
    sr, sc = sum(comb(v, 2) for v in rows.values()), sum(comb(v, 2) for v in cols.values())
    expected = sr * sc / comb(len(ids), 2)
    ari = (index - expected) / ((sr + sc) / 2 - expected)
    assert out["ari"][1] == pytest.approx(ari)
    with pytest.raises(ValueError, match="two or more"):
        topics.agreement([km])
    other = topics.cluster(items.head(10), k=2, n_stability_runs=0)
    with pytest.raises(ValueError, match="other items"):
        topics.agreement([km, other])


@pytest.mark.parametrize("method", ["kmeans", "agglomerative", "nmf"])
def test_sparse_path_for_large_matrices_gives_the_dense_paths_topics(items, method, monkeypatch):
    """Past DENSE_MAX_CELLS the TF-IDF matrix stays sparse (memory, speed); on the seeds both paths agree."""
    dense = topics.cluster(items, method=method, k=4, seed=0, n_stability_runs=3)
    monkeypatch.setattr(topics.clustering, "DENSE_MAX_CELLS", 0)  # set where cluster() reads it
    sparse = topics.cluster(items, method=method, k=4, seed=0, n_stability_runs=3)
    assert sparse.assignments.equals(dense.assignments)
    assert sparse.terms.equals(dense.terms)
    assert sparse.representatives.equals(dense.representatives)
    xy = dense.coords.join(sparse.coords, on="item_id")
    assert (xy["x"] - xy["x_right"]).abs().max() < 1e-12 and (xy["y"] - xy["y_right"]).abs().max() < 1e-12


# ----------------------------------------------------------------------------- distances computed once


def _seed_matrix(items, dense: bool):
    X, _ = topics._tfidf([list(t) for t in items["tokens"].to_list()], 1)
    return X.toarray() if dense else X


@pytest.mark.parametrize("dense", [True, False])
def test_silhouettes_in_one_pass_equal_scikit_learns(items, dense):
    """_silhouettes (one distance pass for every k) gives scikit-learn's silhouette_score to the last bit,
    on the seeds' TF-IDF matrix and on one with an empty row (an item without tokens) and a one-item cluster."""
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(0)
    X = _seed_matrix(items, dense)
    n = X.shape[0]
    label_sets = [rng.integers(0, k, size=n) for k in (2, 3, 5, 8)]
    label_sets.append(np.r_[np.zeros(n - 1, dtype=int), 1])  # a one-item cluster
    label_sets.append(np.zeros(n, dtype=int))  # one cluster: no silhouette
    got = topics._silhouettes(X, label_sets)
    want = [silhouette_score(X, lab, metric="cosine") for lab in label_sets[:-1]] + [None]
    assert got == want
    Z = np.vstack([np.asarray(X.todense()) if not dense else X, np.zeros((1, X.shape[1]))])
    lab = np.r_[label_sets[1], 0]
    assert topics._silhouettes(Z, [lab]) == [silhouette_score(Z, lab, metric="cosine")]


@pytest.mark.parametrize("dense", [True, False])
def test_one_distance_matrix_serves_every_subsample(items, dense):
    """The rows and columns idx of the items' cosine distances are, bit for bit, the distances of X[idx],
    and average linkage on them gives the labels scikit-learn gives from X itself (metric="cosine")."""
    from sklearn.cluster import AgglomerativeClustering

    X = _seed_matrix(items, dense)
    D = topics._cosine_distances(X)
    idx = np.sort(np.random.default_rng(1).choice(X.shape[0], size=X.shape[0] - 4, replace=False))
    assert np.array_equal(D[np.ix_(idx, idx)], topics._cosine_distances(X[idx]))
    for k in (2, 4, 8):
        if dense:
            want = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average").fit_predict(X)
        else:
            from sklearn.metrics import pairwise_distances

            model = AgglomerativeClustering(n_clusters=k, metric="precomputed", linkage="average")
            want = model.fit_predict(pairwise_distances(X, metric="cosine"))
        assert np.array_equal(topics._fit(X, "agglomerative", k, 0, D)[0], want)
        assert np.array_equal(topics._fit(X, "agglomerative", k, 0)[0], want)
