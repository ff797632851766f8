"""Sentences for the notebooks, written from the data they describe.

A notebook's Markdown cells hold what stays true on any corpus (methods, how to
read a table); every count, term, district or finding that depends on the
corpus comes from one of these functions, shown as a code cell's Markdown
output. So the notebooks never say "five reports" about a corpus of seven.

Each function takes the frame a notebook has just shown and returns
:class:`Prose`, a string that Jupyter displays as Markdown.

Examples
--------
>>> import polars as pl
>>> sizes = pl.DataFrame({"group": ["甲区", "乙区"], "n_documents": [1, 1], "n_tokens": [1200, 800]})
>>> str(sizes_note(sizes, pl.DataFrame({"year": [2023, 2024]})))
'2 groups, 2 reports from 2023–2024. Running words per group range from 800 (乙区) to 1,200 (甲区). Each group is a single report: what is distinctive of a group is also distinctive of that one report and its year.'
"""

from __future__ import annotations

import math

import polars as pl


class Prose(str):
    """Markdown text that Jupyter shows as formatted Markdown (``text/markdown``)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def _years(documents: pl.DataFrame) -> str:
    years = documents["year"].drop_nulls() if "year" in documents.columns else pl.Series([], dtype=pl.Int32)
    if years.is_empty():
        return "no stated year"
    lo, hi = years.min(), years.max()
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _join(items: list[str]) -> str:
    return "、".join(items) if items else "none"


def corpus_note(documents: pl.DataFrame) -> Prose:
    """Reports, districts and years of a ``documents`` frame, as a sentence.

    Examples
    --------
    >>> str(corpus_note(pl.DataFrame({"district": ["甲区", "甲区", "乙区"], "year": [2021, 2022, 2022]})))
    '3 reports from 2 districts, 2021–2022; 1 district has reports from more than one year.'
    """
    n = documents.height
    districts = documents["district"].drop_nulls().n_unique()
    multi = (
        documents.drop_nulls(["district", "year"]).group_by("district").agg(pl.col("year").n_unique())
        .filter(pl.col("year") > 1).height
    )
    tail = (
        f"{multi} district{'s' if multi != 1 else ''} {'have' if multi != 1 else 'has'} reports from more than one year."
        if multi
        else "no district has reports from more than one year, so district and year cannot be told apart."
    )
    return Prose(f"{n:,} report{'s' if n != 1 else ''} from {districts:,} district{'s' if districts != 1 else ''}, "
                 f"{_years(documents)}; {tail}")


def source_note(corpus, excluded: pl.DataFrame | None = None) -> str:
    """The source line under a table: how many reports, from which folder, and how many were left out.

    Parameters
    ----------
    corpus : Corpus
        The corpus the table was computed from (after any exclusions).
    excluded : polars.DataFrame, optional
        :func:`workbench.exclusions.excluded_reports`, when the table's reports
        are what is left after it.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from workbench import config
    >>> c = SimpleNamespace(documents=pl.DataFrame({"doc_id": ["a", "b"]}), source=config.RAW_DIR)
    >>> source_note(c)
    'Source: 2 annual reports in data/raw.'
    >>> source_note(c, pl.DataFrame({"source_file": ["x.txt"]}))
    'Source: 2 annual reports in data/raw (1 more left out; see "Reports left out").'
    """
    from . import config

    n = corpus.documents.height
    line = f"Source: {n:,} annual report{'s' if n != 1 else ''} in {config.shown(corpus.source)}"
    if excluded is not None and excluded.height:
        line += f' ({excluded.height:,} more left out; see "Reports left out")'
    return line + "."


def sizes_note(sizes: pl.DataFrame, documents: pl.DataFrame) -> Prose:
    """How many groups and reports, and the smallest and largest group (``wb.keywords.group_sizes``)."""
    s = sizes.sort("n_tokens", "group")
    small, large = s.row(0, named=True), s.row(-1, named=True)
    n_docs = int(sizes["n_documents"].sum())
    text = (
        f"{sizes.height:,} groups, {n_docs:,} reports from {_years(documents)}. Running words per group range from "
        f"{small['n_tokens']:,} ({small['group']}) to {large['n_tokens']:,} ({large['group']})."
    )
    if int(sizes["n_documents"].max()) == 1:
        text += (" Each group is a single report: what is distinctive of a group is also distinctive of that one "
                 "report and its year.")
    else:
        text += (f" Groups hold {int(sizes['n_documents'].min())} to {int(sizes['n_documents'].max())} reports.")
    return Prose(text)


def idf_note(tf: pl.DataFrame) -> Prose:
    """The range idf can take with this many groups (smoothed idf, as in ``wb.keywords.tfidf``).

    Examples
    --------
    >>> str(idf_note(pl.DataFrame({"group": ["a", "b", "c", "d", "e"]})))
    'With 5 groups, a term used by one group gets idf = ln(6/2) + 1 = 2.10 and a term used by all 5 gets idf 1: idf can at most double a weight here, so frequent words weigh heavily.'
    """
    n = tf["group"].n_unique()
    top = math.log((1 + n) / 2) + 1
    text = f"With {n:,} groups, a term used by one group gets idf = ln({n + 1}/2) + 1 = {top:.2f} and a term used by all {n:,} gets idf 1"
    if top <= 2.5:
        text += ": idf can at most double a weight here, so frequent words weigh heavily."
    else:
        text += "."
    return Prose(text)


def distinctive_note(distinctive: pl.DataFrame, *, n: int = 3, rare: int = 10) -> Prose:
    """Each group's top ``n`` distinctive terms with their counts, and how many are rare.

    Parameters
    ----------
    distinctive : polars.DataFrame
        From ``wb.keywords.distinctive_terms`` (``group``, ``rank``, ``term``, ``n_target``).
    n : int
        Terms per group.
    rare : int
        A term used fewer times than this in its group is counted as rare.
    """
    top = distinctive.filter(pl.col("rank") <= n).sort("group", "rank")
    lines = [
        f"- **{g}**: " + ", ".join(f"{t} ({c})" for t, c in zip(rows["term"], rows["n_target"], strict=True))
        for (g,), rows in top.group_by("group", maintain_order=True)
    ]
    n_rare = top.filter(pl.col("n_target") < rare).height
    lines.append(
        f"\n{n_rare} of these {top.height} terms occur fewer than {rare} times in their group (counts in brackets): "
        "read them in context (section 6) before building on them."
    )
    return Prose("\n".join(lines))


def similarity_note(sim: pl.DataFrame) -> Prose:
    """Lowest, median and highest similarity between two different groups (``wb.keywords.similarity``)."""
    pairs = sim.filter(pl.col("group_a") < pl.col("group_b")).sort("similarity", "group_a", "group_b")
    if pairs.is_empty():
        return Prose("Only one group: no pair to compare.")
    lo, hi = pairs.row(0, named=True), pairs.row(-1, named=True)
    med = pairs["similarity"].median()
    return Prose(
        f"Across {pairs.height:,} pairs of groups, cosine similarity ranges from {lo['similarity']:.2f} "
        f"({lo['group_a']}–{lo['group_b']}) to {hi['similarity']:.2f} ({hi['group_a']}–{hi['group_b']}), "
        f"median {med:.2f}."
    )


def contrast_note(table: pl.DataFrame, *, target: str, reference: str, n: int = 5) -> Prose:
    """The terms most over-used by ``target`` and by ``reference`` (``wb.keywords.keyness_table``).

    Only terms with ``significant`` true (p ≤ 0.05) are named, when the table has that column.

    Examples
    --------
    >>> t = pl.DataFrame({"side": ["target", "reference", "reference"], "term": ["安排", "事项", "全年"],
    ...                   "significant": [True, True, False]})
    >>> str(contrast_note(t, target="plans", reference="achievements"))
    'Most over-used in plans (p ≤ 0.05): 安排. Most over-used in achievements (p ≤ 0.05): 事项.'
    """
    if "significant" in table.columns:
        table = table.filter(pl.col("significant"))
        tag = " (p ≤ 0.05)"
    else:
        tag = ""
    over = table.filter(pl.col("side") == "target").head(n)["term"].to_list()
    under = table.filter(pl.col("side") == "reference").head(n)["term"].to_list()
    return Prose(f"Most over-used in {target}{tag}: {_join(over)}. Most over-used in {reference}{tag}: {_join(under)}.")


def items_note(items: pl.DataFrame) -> Prose:
    """Items per report and in all (``wb.topics.plan_items``)."""
    per = items.group_by("district", "year").len().sort("district", "year")
    parts = [f"{d} {y if y is not None else '(no year)'}: {k}" for d, y, k in per.iter_rows()]
    return Prose(f"{items.height:,} items from {per.height:,} reports ({'; '.join(parts)}).")


def k_note(k_scores: pl.DataFrame, *, method: str) -> Prose:
    """The silhouette range over k and the k chosen (``TopicResult.k_scores``)."""
    if k_scores.is_empty() or k_scores["silhouette"].drop_nulls().is_empty():
        return Prose("No silhouette could be computed (too few items).")
    chosen = k_scores.filter(pl.col("chosen"))
    k = chosen["k"][0] if chosen.height else None
    lo, hi = k_scores["silhouette"].min(), k_scores["silhouette"].max()
    ks = k_scores["k"]
    edge = " (the top of the range)" if k == ks.max() else (" (the bottom of the range)" if k == ks.min() else "")
    quality = (
        "below 0.25: the items form no well-separated groups, and the topics are a reading aid"
        if hi < 0.25 else "the best partition has some structure"
    )
    return Prose(
        f"Silhouette ranges from {lo:.3f} to {hi:.3f} over k = {ks.min()}–{ks.max()}; {method} chose k = {k}{edge}. "
        f"The highest silhouette is {quality}."
    )


def stability_note(stability: pl.DataFrame) -> Prose:
    """Mean adjusted Rand index of each stability check (``TopicResult.stability``)."""
    if stability.is_empty():
        return Prose("No stability check was run.")
    parts = [f"{c}: mean ARI {m:.2f} (min {lo:.2f}, max {hi:.2f}, {n} runs)" for c, n, m, lo, hi in
             stability.select("check", "n_runs", "mean_ari", "min_ari", "max_ari").iter_rows()]
    return Prose("; ".join(parts) + ".")


def topics_note(topics: pl.DataFrame, *, stable: float = 0.75, loose: float = 0.6) -> Prose:
    """Which topics are stable, recur across districts, or are loose (``TopicResult.topics``)."""
    rec = topics.filter((pl.col("n_districts") > 1) & (pl.col("jaccard") >= stable)).sort("topic")
    bad = topics.filter(pl.col("jaccard") < loose).sort("topic")
    single = topics.filter(pl.col("n_districts") == 1).sort("topic")
    lines = [f"- {topics.height} topics over {int(topics['size'].sum())} items."]
    if rec.height:
        lines.append(
            f"- Recurring across districts and stable (Jaccard ≥ {stable}): "
            + "; ".join(f"**{r['label']}** ({r['districts']}, Jaccard {r['jaccard']:.2f})" for r in rec.iter_rows(named=True))
            + "."
        )
    else:
        lines.append(f"- No topic both recurs across districts and reaches Jaccard {stable}.")
    if bad.height:
        lines.append(
            f"- Loose (Jaccard below {loose}, do not lean on them): "
            + "; ".join(f"{r['label']} ({r['jaccard']:.2f})" for r in bad.iter_rows(named=True)) + "."
        )
    if single.height:
        lines.append(
            "- Topics of one district: " + "; ".join(f"{r['label']} ({r['districts']})" for r in single.iter_rows(named=True)) + "."
        )
    return Prose("\n".join(lines))
