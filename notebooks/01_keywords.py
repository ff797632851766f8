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
# # What do the districts talk about? Keywords, TF-IDF and keyness
#
# ## Overview
#
# Every district reports on the same assignment — building a government under the rule of law
# (法治政府建设) — in much the same official language. This notebook asks **what each report says
# that the others do not**:
#
# 1. how large each district's report is, so that the comparisons can be read with care;
# 2. which terms characterise each district (TF-IDF, each district's report as one "document");
# 3. which terms are *statistically* over- and under-used by one target district against all the
#    others (keyness: log-likelihood G² with Yates's correction where an expected count is below 5,
#    and an effect size);
# 4. the most distinctive terms of every district at once;
# 5. how similar the districts' reports are to each other;
# 6. how a surfaced term is actually used, in context, with offsets that let you quote it;
# 7. the same keyness method applied to parts of the reports: plans (下一步安排) against
#    achievements (主要举措和成效).
#
# All the work is done by `workbench.keywords` (statistics) and `workbench.charts` (figures);
# the cells below only call them. The parameters cell lets you rerun the notebook for another
# district, or group by year or by section kind instead.

# %% [markdown]
# ## Prerequisites
#
# | Concept | Importance | Notes |
# | --- | --- | --- |
# | The corpus frames (`documents`, `sections`, `tokens`) | Necessary | see the README and `docs/keywords.md` |
# | TF-IDF | Helpful | scikit-learn's `TfidfVectorizer` user guide |
# | Keyness (log-likelihood, Log Ratio) | Helpful | Rayson & Garside 2000; Hardie 2014 |
#
# - **Time to run:** a few seconds on a handful of reports, about a minute on 1,000 reports.
# - **Data:** the reports in `source` (default `../data/raw`: the project's `data/raw`, seen from `notebooks/`); the page header says which folder and how many reports.

# %%
import polars as pl

import workbench as wb
import workbench.charts
import workbench.exclusions
import workbench.keywords
import workbench.notebook
import workbench.prose
import workbench.tables

wb.notebook.setup()

# %% [markdown]
# The parameters below follow the papermill convention (the cell is tagged `parameters`).
# `by` is any column of `documents` (district, year, doc_id …) or `sections` (kind, level …);
# `target` must be one of its values; `None` takes the group with the most running words, so the
# notebook runs on any corpus. `kwic_term = None` takes the target's top keyness term.
# When a district has reports of several years, the notebook groups by district *and* year (one
# report, one group) instead of pooling the years into one bag of words: `separate_years` below
# adds `year` to `by` and makes the target the district's latest report.

# %% tags=["parameters"]
source = "../data/raw"  # folder of report files, relative to this notebook's folder (or absolute)
by = "district"  # group reports by this column of documents (district, year, doc_id …) or sections (kind …)
target = None  # the group compared with all others in the keyness section; None: the group with the most running words
reference_label = "其余各区"  # name of the other groups in the keyness chart
n_terms = 10  # terms per table and chart
kwic_term = None  # term shown in context; None: the target's top keyness term
kwic_window = 20  # characters of context on each side
lang = "zh"  # language of the charts and of place names in tables: "zh" or "en" (pinyin, English names)

# %% [markdown]
# ## 1. The corpus by group
#
# `n_tokens` counts running words (every token that is not punctuation); it is the denominator of
# every relative frequency below. `n_terms` is what is left after the default filters
# (numbers, stopwords, single characters), `n_types` the number of distinct terms.

# %%
corpus = wb.load_corpus(source)
print(corpus.describe())

# %%
wb.prose.corpus_note(corpus.documents)

# %% [markdown]
# ### Reports left out
#
# Every report must have a value of the grouping column `by` (when it is a column of `documents`); files that could not be loaded are listed too. The table lists every report left out, with the reason (an empty table: none was). Supply
# a missing district or year with a row in `data/manifest.csv` (see the README).

# %%
excluded = wb.exclusions.excluded_reports(corpus, need=[by])
corpus = wb.exclusions.corpus_without(corpus, excluded)
note = wb.prose.source_note(corpus, excluded)
wb.tables.table(excluded, title="Reports left out", source=note, lang=lang)

# %%
by, target = wb.keywords.separate_years(corpus, by, target)
target = wb.keywords.largest_group(corpus, by) if target is None else target
by, target

# %%
sizes = wb.keywords.group_sizes(corpus, by)
wb.tables.table(sizes, title="Size of each group", source=note, lang=lang)

# %%
wb.prose.sizes_note(sizes, corpus.documents)

# %% [markdown]
# Every measure below is normalised for length, but a longer report still has more chances to use
# a rare word; and where a group holds the reports of one year only, year differences are
# confounded with group differences.

# %% [markdown]
# ## 2. Top TF-IDF terms per group
#
# **Method.** All tokens of a group form one document; scikit-learn's `TfidfVectorizer` weighs
# each term by `tf × idf` and normalises each group's vector to length 1. Defaults, all keyword
# options of `wb.keywords.tfidf`:
#
# - `sublinear_tf=True`: tf = 1 + ln(count), so repeating a word inside one long report counts less;
# - `smooth_idf=True`: idf = ln((1 + n) / (1 + df)) + 1, with n groups and df the groups using the term;
# - `norm="l2"`: removes report length;
# - terms: no punctuation, numbers, stopwords or single characters; the genre's boilerplate
#   (推进, 加强 …) and the corpus's own place names (its districts', cities' and provinces' names) are dropped, because with few
#   groups idf changes a weight little and these words would otherwise fill every list.

# %%
tf = wb.keywords.tfidf(corpus, by)
wb.tables.table(
    wb.keywords.top_terms_table(tf, n=n_terms, groups=wb.charts.largest_groups(tf)),
    title=f"Top {n_terms} TF-IDF terms of each group", source=note, lang=lang,
)

# %% tags=["nbval-ignore-output"]
wb.notebook.figure(wb.charts.tfidf_bars(tf, n=n_terms, lang=lang), "tfidf_top_terms")

# %% [markdown]
# The table and the chart show at most twelve groups: on a larger corpus (a hundred districts) they
# keep the twelve with the most term occurrences (`wb.charts.largest_groups`), and the chart says
# so in its subtitle; pass `groups=[…]` to choose others. `tf` holds every group.

# %%
wb.prose.idf_note(tf)

# %% [markdown]
# So the lists mix each group's own programmes with words it simply uses a lot. Keyness, next, separates the two by asking whether a difference in frequency is larger than
# chance.

# %% [markdown]
# ## 3. Keyness of the target against the rest
#
# **Method.** For each term, the 2×2 table (this term, all other running words) × (target,
# reference) gives the log-likelihood statistic **G² with Yates's correction where an expected
# count is below 5**, as quanteda's `textstat_keyness(correction = "default")` computes it (the
# correction applies only when an expected count is below 5 and |ad − bc| ≥ N/2). This is not
# Dunning's plain G² that WordSmith and AntConc report: on reports this short the correction
# applies to many terms and lowers their scores (`correction=False` gives the plain statistic, see
# below). The statistic is signed: positive when the target uses the term more often (relative to
# its length) than the reference, negative when less; `p` is the upper tail of χ²(1), and
# `significant` is false where p > 0.05. **log_ratio** is Hardie's Log Ratio, log2 of the ratio of relative frequencies (a zero
# count counted as 0.5): +1 means twice as frequent in the target. Rows are sorted by the
# statistic; the table shows the `n_terms` most over-used and most under-used terms. The
# corpus's own place names are dropped; the genre's boilerplate is kept (a district that leans on
# a formula more than the others is itself a finding).

# %%
key = wb.keywords.keyness(corpus, by, target)
wb.tables.table(
    wb.keywords.keyness_table(key, n=n_terms),
    title=f"Keywords of {wb.labels.place(str(target), lang)} against {wb.labels.place(reference_label, lang)}",
    source=note,
)

# %% tags=["nbval-ignore-output"]
wb.notebook.figure(
    wb.charts.keyness_bars(key, n=n_terms, target=str(target), reference=reference_label, lang=lang),
    "keyness_target",
)

# %% [markdown]
# Read the counts next to the statistic. The target's top term, with the statistic as computed
# above and, for comparison with WordSmith or AntConc, without Yates's correction:

# %%
top = wb.keywords.top_term(key)
wb.tables.table(
    pl.concat([
        key.filter(pl.col("term") == top).with_columns(pl.lit("Yates where E < 5 (default)").alias("correction")),
        wb.keywords.keyness(corpus, by, target, correction=False)
        .filter(pl.col("term") == top)
        .with_columns(pl.lit("none (WordSmith, AntConc)").alias("correction")),
    ]),
    title=f"The top term {top} with and without Yates's correction", source=note,
)

# %% [markdown]
# A handful of uses by one report and none elsewhere is already significant at these report
# lengths; these are signs of what a report emphasises, not of what a district does. Under-use
# (negative values) is weaker evidence still: a word missing from one short report is common.
# Terms whose `significant` is false (p > 0.05) are listed for completeness, not as markers.

# %% [markdown]
# ## 4. The most distinctive terms of every group
#
# The same keyness test with each group in turn as the target against all others; the 5
# most over-used terms of each (ranked by G²). Here the genre's boilerplate is dropped
# (`drop_boilerplate=True`), so the lists name content rather than style: kept, a group's heavy use
# of formulas such as 全年, 着力 or 推动 would top its list. `distinctive` holds the counts and
# statistics behind the table, for every group; the table shows the groups of the TF-IDF table.

# %%
distinctive = wb.keywords.distinctive_terms(corpus, by, n=5, drop_boilerplate=True)
wb.tables.table(
    wb.keywords.top_terms_table(distinctive, n=5, groups=wb.charts.largest_groups(tf)),
    title="The five most distinctive terms of each group",
    source=note, lang=lang,
)

# %% [markdown]
# The top three terms of each group, with how often the group uses them:

# %%
wb.prose.distinctive_note(distinctive, n=3)

# %% [markdown]
# ## 5. How similar are the reports?
#
# Cosine similarity between the groups' TF-IDF vectors (same defaults as section 2): 1 would be
# identical term profiles, 0 no shared term. Because boilerplate and place names are dropped, the
# similarity measures shared *content*. The table and the heatmap show the target and the (up to)
# eleven groups most similar to it (`wb.keywords.nearest_groups`): with twelve groups or fewer that
# is every group; with a thousand reports the full matrix would have a million cells. `sim` holds
# every pair (`wb.keywords.similarity_matrix(sim)` makes the full square).

# %%
sim = wb.keywords.similarity(corpus, by)
near = wb.keywords.nearest_groups(sim, target, n=12)
wb.tables.table(
    wb.keywords.similarity_matrix(sim, groups=near), title="Similarity of the groups (TF-IDF cosine)",
    source=note, lang=lang,
)

# %% tags=["nbval-ignore-output"]
wb.notebook.figure(wb.charts.similarity_heatmap(sim, groups=near, lang=lang), "similarity")

# %%
wb.prose.similarity_note(sim)

# %% [markdown]
# Low values mean the groups share the vocabulary of rule-of-law administration but spend most of
# their words on their own measures. Small differences between pairs, when each group is one or
# two reports, should not be read as a ranking.

# %% [markdown]
# ## 6. A surfaced term in context
#
# Keyword-in-context for `kwic_term`, or the target's top keyness term when it is `None`. The
# search runs on `documents.text`, so `text[char_start:char_end]` is the match and any line can be
# cited; `section_id` is the deepest section holding it. Matches do not overlap (as Python's
# `re.finditer`): a pattern that can overlap itself ("00" in "000") is found once per run unless
# `overlapping=True` is passed.

# %%
term = wb.keywords.top_term(key, kwic_term)
hits = wb.keywords.kwic(corpus, term, window=kwic_window)
wb.tables.table(
    hits.select("district", "section_id", "left", "match", "right", "char_start", "char_end").head(10),
    title=f"The first ten occurrences of {term}", source=note, lang=lang,
)

# %% [markdown]
# ## 7. Plans against achievements
#
# The same helper answers questions about parts of the reports. Grouping by section `kind`, the
# plans sections (next year's arrangements) are the target and the achievements sections the
# reference, pooling all districts.

# %%
plans = wb.keywords.keyness(corpus, by="kind", target="plans", reference="achievements")
wb.tables.table(wb.keywords.keyness_table(plans, n=n_terms), title="Plans against achievements", source=note)

# %% tags=["nbval-ignore-output"]
wb.notebook.figure(
    wb.charts.keyness_bars(
        plans, n=n_terms, target=wb.labels.kind("plans", lang), reference=wb.labels.kind("achievements", lang), lang=lang
    ),
    "keyness_plans_achievements",
)

# %%
wb.prose.contrast_note(wb.keywords.keyness_table(plans, n=n_terms), target="plans", reference="achievements")

# %% [markdown]
# Because boilerplate is *kept* in keyness by default, this contrast is mostly one of register
# (future-oriented formulas against the vocabulary of completed work); pass
# `drop_boilerplate=True` to look past it. Terms whose `significant` is false (p > 0.05) do not
# mark either side, even when one side never uses them.

# %% [markdown]
# ## Summary
#
# - Section 4 lists, for each group, the terms that mark it off from the others; read them in
#   context before taking them as differences in the rule-of-law agenda rather than local
#   programmes and emphases.
# - Section 5 gives how similar the groups are once formulas and place names are removed.
# - Every number can be traced back: KWIC rows carry offsets into the report text.
#
# ## Caveats
#
# - **Few reports per group.** When a group is a single report, keyness compares one text with the
#   rest; a "distinctive" term may reflect one year's campaign, one drafter's habits, or the
#   segmenter.
# - **Different years.** Reports of different years are compared as if contemporaneous; terms of a
#   given year (e.g. a new provincial programme) show up as district differences. Group `by="year"`
#   to look at that axis, knowing that year and district are confounded when each district has one
#   report (the corpus sentence at the top says whether that is so).
# - **Report length.** Relative frequencies, l2 normalisation and G² account for length, but short
#   reports have fewer distinct terms and their low counts give unstable statistics; small counts
#   also decide whether Yates's correction applies, which can reorder close terms.
# - **Segmentation.** Terms are jieba tokens with the project dictionary; compounds it does not know
#   are split, and single characters are dropped by default (`min_chars=2`).
# - **p-values** are not corrected for the hundreds of terms tested; `significant` (p ≤ 0.05) flags
#   single tests only. Use them to rank, and do not call a term with p > 0.05 a marker.
# - **Pooled years.** A group is one bag of words. If a district has reports of several years,
#   grouping by district alone pools them (the keyword functions warn); this notebook then groups
#   by district and year.
#
# ## What next
#
# - Rerun with `by = "year"`, or with another `target`: any value of `by` in the group sizes table
#   above (`workbench report -p target <value> --only 01`).
# - Look at `wb.keywords.term_counts(corpus, ["district", "kind"])` to see where in a report a
#   term is used.
# - Read every KWIC line of a term before writing about it; cite with `doc_id` and offsets.
