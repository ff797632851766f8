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
# # Figures as data: indicators across districts and years
#
# ## Overview
#
# The annual reports are full of figures that researchers want as data: reconsideration cases
# received and closed, litigation loss rates, the rate at which agency heads appear in court,
# legal-aid cases, legality reviews, inspections, disputes resolved. This notebook turns them into
# a tidy table in which **every figure carries the sentence it comes from**, and charts them across
# districts and years.
#
# You will see:
#
# 1. what the extractor finds: every quantity in the reports, with its label and, where it fits
#    one, a canonical indicator id from the taxonomy in `data/indicators.yml`;
# 2. how reliable it is, measured against a hand annotation (`tests/gold/`);
# 3. which indicators each district and year reports (coverage);
# 4. trend lines per indicator across years, coloured by district;
# 5. a comparison of districts for one indicator and year;
# 6. the source sentence of every plotted point, to cite;
# 7. caveats on comparing these figures, and what to do next.
#
# The work is done by `workbench.indicators` (extraction, frames) and `workbench.charts`
# (figures); the cells below only call them.

# %% [markdown]
# ## Prerequisites
#
# | Concept | Importance | Notes |
# | --- | --- | --- |
# | The corpus frames (`documents`, `sections`, `sentences`) | Necessary | see the README |
# | How the extractor reads a sentence | Helpful | `docs/indicators.md` |
# | The taxonomy file | Helpful | `data/indicators.yml` (add an indicator by editing it) |
#
# - **Time to run:** a few seconds on a handful of reports, under a minute on 1,000 reports.
# - **Data:** the reports in `source` (default `../data/raw`: the project's `data/raw`, seen from `notebooks/`); the page header says which folder and how many reports.

# %%
from functools import partial

import polars as pl

import workbench as wb
import workbench.charts
import workbench.exclusions
import workbench.indicators
import workbench.notebook
import workbench.prose
import workbench.tables

wb.notebook.setup()

# %% [markdown]
# ## Parameters
#
# `indicators` are the canonical ids to chart (see the taxonomy table below for all of them);
# `districts = None` keeps every district. `compare_indicator` and `compare_year` choose the
# district comparison.

# %% tags=["parameters"]
source = "../data/raw"  # folder of report files, relative to this notebook's folder (or absolute)
indicators = [  # canonical indicator ids drawn as trends (the taxonomy table lists all)
    "head_appearance_rate",
    "litigation_cases",
    "reconsideration_received",
    "legal_aid_cases",
    "major_decisions",
    "study_sessions",
]
districts = None  # districts to chart; None: every district
compare_indicator = "litigation_cases"  # indicator compared across districts
compare_year = None  # year of the comparison; None: each district's latest year with a value
lang = "zh"  # language of the charts and of place names in tables: "zh" or "en" (pinyin, English names)

# %% [markdown]
# ## The corpus
#
# One row per report: the district, the year reported on, and its length.

# %%
corpus = wb.load_corpus(source)
note = wb.prose.source_note(corpus)
wb.tables.table(
    corpus.documents.select("doc_id", "district", "year", "n_chars").sort("year", "district"),
    title="The reports", source=note, lang=lang,
)

# %%
wb.prose.corpus_note(corpus.documents)

# %% [markdown]
# ### Reports left out
#
# A figure is placed by district and year, so every report must have both; files that could not be loaded are listed too. The table lists every report left out, with the reason (an empty table: none was). Supply
# a missing district or year with a row in `data/manifest.csv` (see the README).

# %%
excluded = wb.exclusions.excluded_reports(corpus, need=["district", "year"])
corpus = wb.exclusions.corpus_without(corpus, excluded)
note = wb.prose.source_note(corpus, excluded)
wb.tables.table(excluded, title="Reports left out", source=note, lang=lang)

# %% [markdown]
# ## The taxonomy
#
# The canonical indicators are data, not code: `data/indicators.yml` maps cue patterns to an id,
# a Chinese and an English name and the expected unit(s). A quantity whose unit contradicts the
# expected unit is not that indicator. Each indicator also says how a report's figure is formed
# (`figure`): one mention, or the **sum** of named parts — documents repealed are those 废止 plus
# those 宣布失效; supervision documents are 通知书 plus 决定书 (and 建议书, 意见书); penalties waived
# or reduced are 不罚 plus 减罚; reconsideration corrections are 撤销 plus 变更 plus 确认违法 (plus
# 责令履行). Kinds of figure that are not parts of one total are separate indicators: disputes with
# an agency (行政争议) apart from disputes between citizens (矛盾纠纷), penalties imposed apart from
# penalties waived.

# %%
wb.tables.table(
    wb.indicators.taxonomy().select("indicator", "name_zh", "name_en", "unit", "figure", "parts"),
    title="Canonical indicators", source="Source: data/indicators.yml.", codebook_table="taxonomy",
)

# %% [markdown]
# ## Extraction
#
# `extract` reads every sentence, finds each quantity (a number with its unit: `167件`, `53.38%`,
# `5.18亿元`, `三千余件`), and gives it:
#
# - a **label**, the phrase right before the number in its clause (or, when the number comes
#   first, the words after it), without connectives such as 共, 全年, 累计 and verbs such as 达到;
# - an **indicator** id when a cue of the taxonomy matches the end of that label; a label without
#   a noun of its own (`办结148件`) takes its topic from the nearest earlier clause of the sentence
#   (`收到复议申请167件`) or, failing that, the section heading;
# - the **value** with multipliers applied (4684万元 → 46,840,000), a **qualifier** (余, 多, 近,
#   超, 约, 以上; 数 for 数百, 上 for 上千), `value_high` for a range (3至5件), `value_previous` for
#   从95%提高到100% (the figure is 100%), `is_change` for changes with `change_unit` saying whether
#   a change of a rate is in percentage points or relative (同比下降5.87个百分点 → −5.87
#   percentage points; 同比下降50% → a relative −50%), and `is_target` for targets outside the
#   plans part (力争, 确保, 目标为, 不低于 …).
#
# Years, dates, document numbers, ordinals (第六届), plan names in 《》, slogans and brand numbers
# in quotation marks (“1+1+17”, “15分钟公共法律服务圈”, “八五”普法) are not quantities.
#
# Here is the sentence with the most quantities (the first such, in report order): one row and
# one label per figure.

# %%
rows = wb.indicators.extract(corpus)
busiest = rows.group_by("doc_id", "sentence").agg(pl.len(), pl.col("char_start").min()).sort(
    "len", "doc_id", "char_start", descending=[True, False, False]
)
wb.tables.table(
    rows.join(busiest.head(1).select("doc_id", "sentence"), on=["doc_id", "sentence"]).select(
        "district", "indicator", "label", "value", "unit", "is_change"
    ),
    title="The sentence with the most figures", source=note, codebook_table="indicators", lang=lang,
)

# %% [markdown]
# How many quantities were found, and how many of them are canonical indicators:

# %%
wb.tables.table(
    rows.group_by("district", "year").agg(
        quantities=pl.len(),
        canonical=pl.col("indicator").is_not_null().sum(),
    ).sort("year", "district"),
    title="Quantities found per report",
    labels={"quantities": "Quantities", "canonical": "Canonical indicators"},
    source=note, lang=lang,
)

# %% [markdown]
# ## How reliable is it?
#
# Every mention of a canonical indicator in the sample reports shipped in `data/raw` was annotated by hand, by reading
# each report sentence by sentence (the files are in `tests/gold/`; `docs/indicators.md` says how
# completeness was checked). A predicted (indicator, value) pair is correct when the annotation of
# the same report has the same indicator and value. Only the reports of this corpus that have an
# annotation are scored (on a corpus without the sample reports the table has only its `all` row, empty).

# %%
wb.tables.table(
    wb.indicators.accuracy(rows, wb.indicators.read_gold(), corpus.documents),
    title="Extraction against the hand annotation",
    labels={"n_gold": "Gold mentions", "n_predicted": "Predicted", "n_correct": "Correct"},
    source="Source: tests/gold (hand annotation of the seed reports).", lang=lang,
)

# %% [markdown]
# The table compares the extractor with the annotation. That figure is optimistic: the rules were
# written while looking at the annotated reports. Estimates on wording the rules were not written
# on — sentences written by someone who had not read the extractor, and openings of real reports
# of other districts — are in `docs/indicators.md`, with the figures the extractor missed. They are
# lower: expect most, not all, figures to be found on reports from other places, and check the
# cited sentences.

# %% [markdown]
# ## Coverage: which indicators does each report state?
#
# A filled cell means the report gives at least one figure for the indicator (outside its plans
# part, and not counting year-on-year changes). Most cells are empty: districts choose what to
# report, so a missing figure is not a zero.
#
# One column per report is readable up to a few dozen reports. With more (more than 40), the
# chart aggregates before plotting: one column per year, each cell the share of that year's
# reports that state the indicator (`wb.indicators.coverage_share(coverage, "year")`; use
# `"district"` for the share per district). The subtitle says which of the two you are looking at.

# %% tags=["nbval-ignore-output"]
coverage = wb.indicators.coverage(rows, corpus.documents)
wb.notebook.figure(wb.charts.coverage_heatmap(coverage, lang=lang), "indicator_coverage")

# %% [markdown]
# The same information as a count: how many reports state each indicator.

# %%
wb.tables.table(
    coverage.group_by("indicator", "name_zh").agg(
        reports=pl.col("reported").sum()
    ).sort("reports", "indicator", descending=[True, False]).head(12),
    title="The twelve indicators stated by most reports", labels={"reports": "Reports"}, source=note,
)

# %% [markdown]
# ## Trends across years
#
# One point per report and indicator, formed as the taxonomy defines the indicator, outside the
# plans part and without targets: the report's first figure for a one-mention indicator; for a
# sum, the first figure of each part added up (`figure = "sum"`, the parts in `parts`), or a
# figure that names all parts at once (`figure = "total"`). A report that names only one part of a
# sum (`figure = "part"`) is not drawn beside reports that give the sum; the chart's subtitle names
# it. `n_mentions` in the table below says when a report gives more than one figure (e.g. two
# bodies' study sessions). Every point is drawn, so a district with a single year is visible; lines join
# the years of one district. Where no district has more than one year (the sentence under the
# corpus table says), the chart has points and no lines: it is built for a larger corpus and is
# honest about a small one.
#
# With more than ten districts, a line per district can no longer be told apart: each panel then
# shows the median of the year's values over the reports that state the indicator, in a band from
# the lower to the upper quartile (`wb.indicators.trend_summary(points)`). Pass
# `districts = [...]` in the parameters to see chosen districts' own lines again. On a corpus where
# no report with a district and a year gives a figure for these indicators, the cell says so in
# place of the chart.

# %% tags=["nbval-ignore-output"]
points = wb.indicators.points(rows, indicators=indicators, districts=districts)
wb.notebook.figure(partial(wb.charts.trend_lines, points, lang=lang), "indicator_trends")

# %% [markdown]
# ## Comparing districts for one indicator
#
# With `compare_year = None` each bar is a district's latest year with a figure for the indicator,
# and that year is written beside the district's name: reports of different years are compared
# in plain view. Set `compare_year` to compare one year only. At most 25 bars: when more districts
# report the indicator, the chart keeps the 25 largest values and says how many reported it.

# %% tags=["nbval-ignore-output"]
all_points = wb.indicators.points(rows, districts=districts)
wb.notebook.figure(
    partial(wb.charts.district_bars, all_points, compare_indicator, compare_year, lang=lang), "indicator_district_bars"
)

# %% [markdown]
# ## The source of every plotted point
#
# Each point above is built from one or more mentions. The table gives every mention used — for a
# sum, one row per part, with `point_value` the plotted figure — with the document and the
# character offsets of the number in the report text (`documents.text[char_start:char_end]`), so
# every point can be checked and cited; `url` is where the report was published, when
# `data/manifest.csv` gives it (`wb.indicators.citations(points, corpus.documents)` adds `title`,
# `publish_date`, `url`, `accessed` and `note`). The table has every row (a long one scrolls).

# %%
wb.tables.table(
    wb.indicators.point_sources(rows, indicators=indicators, districts=districts)
    .join(corpus.documents.select("doc_id", "url"), on="doc_id", how="left")
    .select(
        "district", "year", "name_zh", "figure", "point_value", "n_mentions", "part", "value", "sentence",
        "doc_id", "char_start", "char_end", "url",
    ),
    title="The source of every plotted point", labels={"point_value": "Plotted value", "figure": "Figure"},
    source=note, codebook_table="indicators", lang=lang,
)

# %% [markdown]
# The figures that are sums, over all indicators: each part with its sentence.

# %%
wb.tables.table(
    wb.indicators.point_sources(rows, districts=districts).filter(pl.col("figure") == "sum").select(
        "district", "year", "indicator", "point_value", "part", "value", "unit", "sentence"
    ),
    title="Figures that are sums, part by part", labels={"point_value": "Plotted value"},
    source=note, codebook_table="indicators", lang=lang,
)

# %% [markdown]
# ## One district's figures
#
# All canonical figures the workbench extracts for one district (the first of `districts`, or the
# district with the most canonical figures), in the order of its reports.

# %%
canonical = rows.filter(pl.col("indicator").is_not_null())
most = canonical.group_by("district").len().sort("len", "district", descending=[True, False]).head(1)
shown = list(districts[:1]) if districts else most["district"].to_list()
wb.tables.table(
    canonical.filter(pl.col("district").is_in(shown)).select(
        "district", "year", "indicator", "value", "unit", "label", "section_kind"
    ),
    title="One district's canonical figures", source=note, codebook_table="indicators", lang=lang,
)

# %% [markdown]
# ## A panel for regression
#
# `wb.indicators.panel_wide` gives one row per report (district and year) and one column per
# indicator, empty where the report does not state it — the shape Stata's `xtset` and R's `plm`
# expect. `wb.indicators.panel` is the same panel in long form with the quote of every value.
# `workbench export` writes both, with a codebook, as CSV, Excel, Stata and Parquet
# (see `docs/exports.md`).

# %%
wb.tables.table(
    wb.indicators.panel_wide(rows, corpus.documents).select("district", "year", *indicators),
    title="District-year panel (selected indicators)", source=note, lang=lang, decimals="auto",
)

# %% [markdown]
# ## Summary
#
# - `wb.indicators.extract(corpus)` turns the reports' figures into one tidy row per quantity,
#   with a label, a canonical indicator id where one fits, the value with its unit and qualifier,
#   and the sentence and offsets to cite it.
# - The taxonomy is a YAML file: a researcher adds an indicator or a wording by editing it.
# - A report's figure is formed as the taxonomy defines it — one mention or a sum of named parts —
#   and every part keeps its sentence (`point_sources`).
# - The extraction is measured against the hand annotation (table above); on wording the rules
#   were not written on it finds fewer (see `docs/indicators.md` for the measured recall and the
#   misses).
#
# ## Caveats
#
# - **Definitions differ between districts.** 办理 may mean received or handled; 化解 may include
#   mediation; a correction rate may count different decisions. The indicator id says what kind
#   of figure it is, not that two districts counted the same things.
# - **Some figures are cumulative or partial.** 累计 figures span several years; a report may give
#   a figure for the district government only, or for one body (the party committee's study
#   sessions and the executive meeting's are both `study_sessions`). Read the cited sentence.
# - **Plans are not results.** Figures in the plans part (targets such as 出庭应诉率100%) are
#   extracted with `section_kind = "plans"`, targets elsewhere with `is_target`; both are left out
#   of coverage and charts.
# - **A small corpus.** While few districts have reports from more than one year (see the sentence
#   under the corpus table), the charts show what the tool does, not a trend.
# - **The accuracy was measured on the reports the rules were written on.** Expect lower recall on
#   new reports; check the sentence behind each figure before using it.
#
# ## What next
#
# - Add reports to `data/raw/` (other years of the same districts first) and rerun: trend lines
#   appear as soon as a district has two years.
# - Add an indicator or a wording to `data/indicators.yml`; the notebook picks it up.
# - Annotate a new report in `tests/gold/` to measure the extractor on it.
# - Export the tables for a spreadsheet, Stata or R: `workbench export` (or `wb.export()`), with a
#   codebook of every column (`docs/exports.md`).
# - Rerun with `lang = "en"` (`workbench report -p lang en`) for English charts.
