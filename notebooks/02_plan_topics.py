# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Which plans recur? Topic clustering of the plans sections
#
# ## Overview
#
# Each annual report ends with the district's plans for the next year (主要安排 / 工作安排), set
# out as a handful of items, each opened by a marker such as (一) or 一是.
# This notebook asks **which kinds of plans recur across districts and years, and which are
# particular to one place**:
#
# 1. what a plans section is, and how it is cut into items;
# 2. how the items are turned into vectors (content words only, the genre's boilerplate removed);
# 3. how the number of topics k is chosen (silhouette), and how far the clusters can be trusted
#    (stability under other seeds and subsamples);
# 4. what the topics are: their top terms and their most representative items, with source text;
# 5. which districts share which plans (a topic × district table and a map of the items);
# 6. whether another clustering method tells the same story.
#
# All the work is done by `workbench.topics` (items, vectors, clustering) and `workbench.charts`
# (figures); the cells below only call them. The parameters cell lets you rerun the notebook with
# another method, a fixed k, another seed, or another section kind (e.g. `kind = "achievements"`).

# %% [markdown]
# ## Prerequisites
#
# | Concept | Importance | Notes |
# | --- | --- | --- |
# | The corpus frames (`documents`, `sections`, `tokens`) | Necessary | see the README and `docs/topics.md` |
# | TF-IDF and cosine similarity | Helpful | scikit-learn's `TfidfVectorizer` user guide |
# | k-means, agglomerative clustering, NMF | Helpful | scikit-learn user guide, "Clustering" and "Decomposing signals" |
# | Silhouette, adjusted Rand index | Helpful | Rousseeuw 1987; Hubert & Arabie 1985 |
#
# - **Time to run:** a few seconds on a handful of reports, under two minutes on 1,000 reports.
# - **Data:** the reports in `source` (default `../data/raw`: the project's `data/raw`, seen from `notebooks/`); the page header says which folder and how many reports.

# %%
import polars as pl

import workbench as wb
import workbench.charts
import workbench.exclusions
import workbench.notebook
import workbench.prose
import workbench.tables
import workbench.topics

wb.notebook.setup()

# %% [markdown]
# ## Parameters
#
# - `source`: folder of reports.
# - `kind`: which part of the reports to cut into items — `"plans"` (next year's plans), or
#   `"achievements"`, `"shortcomings"`, `"duties"`.
# - `method`: `"kmeans"`, `"agglomerative"` or `"nmf"` (see `docs/topics.md`).
# - `k`: number of topics; `None` chooses it over `k_range` by silhouette.
# - `seed`: random seed; the same seed gives the same output on every run with the same library
#   versions (the versions the stored outputs were recorded with are listed under "Determinism"
#   in `docs/topics.md`; another BLAS or version can move near-ties).

# %% tags=["parameters"]
source = "../data/raw"  # folder of report files, relative to this notebook's folder (or absolute)
kind = "plans"  # part of the reports cut into items: plans, achievements, shortcomings or duties
method = "kmeans"  # kmeans, agglomerative or nmf
k = None  # number of topics; None: chosen over k_range by silhouette
k_range = [2, 3, 4, 5, 6, 7, 8]  # numbers of topics tried when k is None
seed = 0  # random seed; the same seed gives the same result
lang = "zh"  # language of the charts and of place names in tables: "zh" or "en" (pinyin, English names)

# %% [markdown]
# ## 1. The reports
#
# The corpus is read (or loaded from its cache) with `wb.load_corpus`.

# %%
corpus = wb.load_corpus(source)
note = wb.prose.source_note(corpus)
wb.tables.table(
    corpus.documents.select("doc_id", "district", "year", "n_chars"), title="The reports", source=note, lang=lang
)

# %%
wb.prose.corpus_note(corpus.documents)

# %% [markdown]
# ### Reports left out
#
# Every report must name its district and have a part of the chosen `kind`; files that could not be loaded are listed too. The table lists every report left out, with the reason (an empty table: none was). Supply
# a missing district or year with a row in `data/manifest.csv` (see the README).

# %%
excluded = wb.exclusions.excluded_reports(corpus, need=["district"], kind=kind)
corpus = wb.exclusions.corpus_without(corpus, excluded)
note = wb.prose.source_note(corpus, excluded)
wb.tables.table(excluded, title="Reports left out", source=note, lang=lang)

# %% [markdown]
# ## 2. What a plans section is, and how it was cut into items
#
# The reports follow the State Council's template: a few numbered parts (一、二、三、…), the last of
# which sets out next year's plans — "2025年推进法治政府建设的主要安排", "2022年主要工作安排". The
# corpus loader marks every part's `kind` from its heading; the plans parts have `kind == "plans"`.
#
# Each plans part is then cut into **items**: the sections directly below it, at whatever level
# the report uses — (一)(二) subsections in some reports, inline 一是/二是 items in others. An item keeps everything under it (its own 1./2. points, if any). A plans part
# with no items below it would count as one item. `wb.topics.plan_items` does this and joins the
# district and year of each report:

# %%
items = wb.topics.plan_items(corpus, kind=kind)
wb.tables.table(
    items.group_by("doc_id", "district", "year", "level").agg(
        pl.len().alias("n_items"), pl.col("label").str.join(" ").alias("labels")
    ).sort("doc_id"),
    title=f"Items of the {kind} parts", labels={"level": "Item level", "labels": "Markers"}, source=note, lang=lang,
)

# %%
wb.prose.items_note(items)

# %% [markdown]
# `level` is the level the items sit at: 2 for (一), 4 for 一是. Each item's heading is its first clause:

# %%
wb.tables.table(
    items.select("district", "year", "label", "heading", "char_start", "char_end"),
    title="Every item and its heading", labels={"label": "Marker"}, source=note, lang=lang,
)

# %% [markdown]
# ## 3. From items to vectors
#
# An item's words are the tokens of the corpus token frame that lie inside its character range
# (`char_start`…`char_end`). Before counting, `plan_items` drops punctuation, numbers, function
# words (`data/dict/stopwords.txt`), **the genre's boilerplate** (`data/dict/boilerplate.txt`:
# 推进, 加强, 深化, 完善, 法治政府建设 …), single characters, the item's own marker (一是, (二)), and
# the corpus's place names (every district, city and province named in its documents and their
# short forms, such as 杭州 for 杭州市) — otherwise the clusters would be formed by formulas
# every item shares, or by place names that tie a district's items together. What is left are the
# content words that say *what* is planned:

# %%
wb.tables.table(
    items.select("district", "heading", pl.col("tokens").list.len().alias("n_tokens"), "tokens").head(5),
    title="The words of the first five items", labels={"tokens": "Content words"}, source=note, lang=lang,
)

# %% [markdown]
# `wb.topics.cluster` turns these lists into TF-IDF vectors (scikit-learn `TfidfVectorizer`,
# sublinear term frequency, unit length), so that two items are close when they share words that
# few other items use.
#
# ## 4. Choosing k
#
# With `k = None`, `cluster` fits every k in `k_range` and scores each partition by its **mean
# silhouette** (cosine distance): for each item, how much closer it is to its own topic than to
# the nearest other topic, from −1 to 1. The k with the highest score is used (ties: the smaller
# k). For NMF, the partition scored is each item's heaviest topic.

# %%
result = wb.topics.cluster(items, method=method, k=k, k_range=k_range, seed=seed)
wb.tables.table(
    result.k_scores, title="Silhouette of each k", labels={"n_clusters": "Non-empty topics", "chosen": "Chosen"},
    source=note,
)

# %% tags=["nbval-ignore-output"]
wb.notebook.figure(wb.charts.k_selection_curve(result.k_scores, method=result.method, lang=lang), "k_selection")

# %%
wb.prose.k_note(result.k_scores, method=result.method)

# %% [markdown]
# **How to read this.** Short items in one official register rarely form well-separated groups;
# a silhouette below about 0.25 says there are none, and then the "best" partitions are those that
# pair up the most similar items. The topics below are a way of *reading* the plans side by side,
# not a finding that the plans fall into k types. When the chosen k is at the top of `k_range`,
# the silhouette is still rising: the topics are small.
#
# ## 5. How far can the clusters be trusted?
#
# Two checks, each reported as the adjusted Rand index (ARI: 1 = the same partition, 0 = chance):
# refitting with 20 other seeds (k-means only — the other methods have no random start), and
# refitting on 20 random subsamples of 80 % of the items.

# %%
wb.tables.table(
    result.stability, title="Stability of the topics (adjusted Rand index of refits)",
    labels={"check": "Check", "n_runs": "Runs", "mean_ari": "Mean ARI", "min_ari": "Min ARI", "max_ari": "Max ARI"},
    decimals=3, source=note,
)

# %%
wb.prose.stability_note(result.stability)

# %% [markdown]
# The ARI is corrected for chance: 0 is the agreement of random partitions of these sizes, 1 the
# same partition. It is not the share of pairs of items that stay together, and a value between
# the two says only that the refits agree with the result more than chance and less than fully:
# some items move between topics. The per-topic figure (`jaccard` in the next table, Hennig's
# clusterwise stability as in R's `fpc::clusterboot`) tells which topics hold. Hennig's guidance
# for the mean Jaccard: 0.75 or more, a stable topic; 0.6 to 0.75, a pattern whose exact members
# are doubtful; below 0.6, not to be trusted. A topic of one item is not a pattern, whatever its
# `jaccard`: a high value only says that the item stays on its own.
#
# ## 6. The topics
#
# Each topic's label is its three heaviest terms; `size` is the number of items, `districts` the
# districts they come from.

# %%
wb.tables.table(
    result.topics.select("topic", "label", "size", "jaccard", "n_districts", "districts"),
    title="The topics", labels={"label": "Topic label", "size": "Items"}, source=note,
)

# %% tags=["nbval-ignore-output"]
wb.notebook.figure(wb.charts.topic_terms_bars(result.terms, lang=lang), "topic_terms")

# %% [markdown]
# ### Representative items
#
# The items closest (cosine) to each topic's centroid, with their district and source text — read
# these before naming a topic.

# %%
wb.tables.table(
    result.representatives.select("topic", "rank", "district", "year", "heading", "similarity", "text"),
    title="Representative items of each topic", codebook_table="topic_assignments", source=note, lang=lang,
)

# %% [markdown]
# ## 7. Which districts share which plans
#
# A topic drawn from several districts is a kind of plan that recurs; a topic of one district is
# particular to it. The table counts items per topic and district. The heatmap draws at most 20
# districts: on a larger corpus it keeps the 20 with the most items and says so in its subtitle
# (`result.topics.n_districts` and the table below count every district).

# %% tags=["nbval-ignore-output"]
wb.notebook.figure(wb.charts.topic_district_heatmap(result.by_district, lang=lang), "topic_district")

# %%
wb.tables.table(
    result.by_district.filter(pl.col("n_items") > 0).sort("topic", "district"),
    title="Items per topic and district", labels={"label": "Topic label", "n_items": "Items"}, source=note, lang=lang,
)

# %% [markdown]
# The map places every item by the first two SVD components of its TF-IDF vector; hover over a
# point for its district and heading. Items from different districts that lie close together
# plan similar things in similar words. With more than eight districts the points lose their
# district shapes (the district stays in the tooltip); with more than 2,000 items the map shows a
# fixed-seed sample of 2,000, as its subtitle says.

# %% tags=["nbval-ignore-output"]
wb.notebook.figure(wb.charts.item_map(result.coords, lang=lang), "item_map")

# %% [markdown]
# ## 8. Does another method agree?
#
# The same items clustered by average-linkage agglomerative clustering and by NMF, each choosing
# its own k, compared with the result above by the ARI between partitions:

# %%
others = [
    wb.topics.cluster(items, method="agglomerative", k_range=k_range, seed=seed),
    wb.topics.cluster(items, method="nmf", k_range=k_range, seed=seed),
]
wb.tables.table(
    wb.topics.agreement([result, *others]), title="Agreement between methods",
    labels={"method_a": "Method A", "k_a": "k (A)", "method_b": "Method B", "k_b": "k (B)"}, source=note,
)

# %%
wb.tables.table(
    others[0].topics.select("topic", "label", "size", "jaccard", "districts"),
    title="The topics of agglomerative clustering", labels={"label": "Topic label", "size": "Items"}, source=note,
)

# %% [markdown]
# ## Summary
#
# With the parameters in the page header, from the tables above:

# %%
wb.prose.topics_note(result.topics)

# %% [markdown]
# Read the representative items of a topic (section 6) before naming it, and compare with the other
# methods (section 8): a topic that all three methods produce is sturdier than one of a single
# method. A one-item topic is not evidence of a stable pattern; its `jaccard` only says it stays
# apart.
#
# ## Caveats
#
# - **Few items.** Clusters of a few dozen short texts are a reading aid, not a finding by
#   themselves. Low silhouettes mean the topics overlap; an item near the border of two topics
#   may move with another seed or k. Check `jaccard` before leaning on a topic, and read the items.
# - **k at the edge of the range.** When the silhouette rises with k, the chosen k is the largest
#   allowed; with `k_range` up to 8 and few items that means several two-item topics. A smaller fixed `k`
#   (e.g. `k = 4`) gives broader, less specific groups.
# - **Different years.** Where each district has one report, district and year are confounded; a
#   shared topic may reflect a province-wide campaign of one year rather than a shared local choice.
# - **Words, not meaning.** Items are compared by shared words after removing boilerplate; two
#   plans about the same thing in different words land apart, and the boilerplate list decides a lot.
#   A report's last item also carries its signature line (the issuing body, the date) when the plans
#   part is the last part, because the corpus segmentation runs the last section to the end of the text.
#
# ## What next
#
# - Rerun with `method = "nmf"` or `method = "agglomerative"`, or a fixed `k = 4`.
# - Rerun with `kind = "achievements"` to cluster what the districts report having done — many more
#   items, and a better test of the method.
# - Add reports to `data/raw` (more districts, more years of one district) and rerun: with more
#   items the silhouette and stability figures become more informative.
