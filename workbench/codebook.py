"""What every column of every exported table means: the codebook, written once.

Dtypes come from the column contracts (:mod:`workbench.schemas` for the
frames, the ``*`` constants of :mod:`workbench.keywords`,
:mod:`workbench.indicators` and :mod:`workbench.topics` for the results);
this module adds, per column, a label for people, its meaning, its unit and
how it was computed. A column name that means the same in every table
(``doc_id``, ``district``, ``year`` …) is described once in :data:`COLUMNS`;
a name whose meaning depends on the table (``text``, ``label``, ``value`` …)
is described in :data:`BY_TABLE`. :func:`entry` looks a column up (table
first), :func:`codebook` builds the codebook of a set of tables, and
:mod:`workbench.tables` takes its column labels from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl

__all__ = ["BY_TABLE", "COLUMNS", "Column", "codebook", "entry", "label", "to_json", "to_markdown"]


@dataclass(frozen=True)
class Column:
    """One codebook entry.

    Attributes
    ----------
    label : str
        Short column heading for a table a person reads ("Mentions").
    meaning : str
        What a value says.
    unit : str
        Unit of a number ("characters", "percent", "per 10,000 words"); "" for none.
    computed : str
        How the value was obtained (source, method); "" where it is simply read.
    decimals : int or None
        Decimals a table shows for a float column; None: :mod:`workbench.tables` decides.
    plain : bool
        An integer that identifies rather than counts (a year, a rank, an offset):
        shown without thousands separators.
    """

    label: str
    meaning: str
    unit: str = ""
    computed: str = ""
    decimals: int | None = None
    plain: bool = False


_OFFSET = "Python string offset into documents.text (0-based, end exclusive)"
_EVIDENCE = (
    "workbench.metadata: the most trusted of the manifest, the page's metadata lines, the title, the sign-off, "
    "the file name and the opening lines (docs/metadata.md); null where they are missing or disagree; "
    "the evidence is in table metadata"
)

#: Column names that mean the same in every table they appear in.
COLUMNS: dict[str, Column] = {
    "doc_id": Column("Report", "identifier of the report", "", "file name in the source folder without its extension"),
    "section_id": Column("Section", "identifier of a section: <doc_id>/<ordinals along the heading tree>, …/0 is the preamble", "", "workbench.segment.sections"),
    "parent_id": Column("Parent section", "section_id of the enclosing section; empty for levels 0 and 1", "", "workbench.segment.sections"),
    "sentence_id": Column("Sentence", "0-based number of the sentence within its report", "", "split at 。！？, line ends and section starts", plain=True),
    "position": Column("Position", "0-based index of the token within its report", "", "jieba segmentation order", plain=True),
    "char_start": Column("Start", "first character of the span in the report's cleaned text", "characters", _OFFSET, plain=True),
    "char_end": Column("End", "character after the last of the span in the report's cleaned text", "characters", _OFFSET, plain=True),
    "title": Column("Title", "title of the report as printed; empty where the page has none", "", _EVIDENCE),
    "district": Column("District", "district, county or development zone that reports (区/县/开发区)", "", _EVIDENCE),
    "city": Column("City", "prefecture-level city (地级市)", "", _EVIDENCE),
    "province": Column("Province", "province (省)", "", _EVIDENCE),
    "level": Column("Level", "administrative level of the reporting unit: district, county, county_city, new_area, dev_zone, subdistrict, township, city, province or national", "", _EVIDENCE),
    "year": Column("Year", "the year reported on (not the publication year)", "year", _EVIDENCE, plain=True),
    "publish_date": Column("Published", "publication date (发布日期, else 成文日期/生成日期, else the sign-off date); empty where not stated", "date", _EVIDENCE),
    "doc_number": Column("Document no.", "文号 as printed, e.g. 拱政发〔2025〕04号", "", _EVIDENCE),
    "index_number": Column("Index no.", "索引号 (the government information catalogue number)", "", _EVIDENCE),
    "publisher": Column("Publisher", "发布机构 named by the page", "", _EVIDENCE),
    "url": Column("URL", "where the report was published; empty where data/manifest.csv does not give it", "", "data/manifest.csv column url"),
    "accessed": Column("Accessed", "date the report was retrieved from url; empty where not given", "date", "data/manifest.csv column accessed"),
    "note": Column("Note", "the researcher's note on the report; empty where not given", "", "data/manifest.csv column note"),
    "source_file": Column("File", "file name in the source folder", "", "as found"),
    "n_chars": Column("Characters", "length of the report's cleaned text", "characters", "len(documents.text)"),
    "heading": Column("Heading", "heading text after the marker, up to its first 。", "", "workbench.segment.sections"),
    "kind": Column("Part", "kind of the level-1 part: achievements, shortcomings, duties, plans or other; children inherit it", "", "classified from the part's heading (workbench.segment)"),
    "section_kind": Column("Part", "kind of the part holding the sentence: achievements, shortcomings, duties, plans or other", "", "sections.kind"),
    "token": Column("Token", "one word as segmented", "", "jieba accurate mode (HMM on) with data/dict/user_dict.txt"),
    "is_stopword": Column("Stopword", "the token is a function word", "", "listed in data/dict/stopwords.txt"),
    "is_punct": Column("Punctuation", "the token is punctuation or symbols only", "", "Unicode categories P and S"),
    "is_number": Column("Number", "the token is digits, a decimal, a percentage or Chinese numerals only", "", "regular expression"),
    "severity": Column("Severity", "error = file not loaded, warning = loaded but check it, info = a transformation worth knowing", "", "workbench.load_corpus"),
    "message": Column("Message", "what is wrong and how to fix it; starts with the file name", "", "workbench.load_corpus"),
    "indicator": Column("Indicator", "canonical indicator id from data/indicators.yml; empty where no cue fits", "", "cue patterns of the taxonomy matched against the figure's label"),
    "name_zh": Column("Indicator (zh)", "Chinese name of the indicator", "", "data/indicators.yml name_zh"),
    "name_en": Column("Indicator (en)", "English name of the indicator", "", "data/indicators.yml name_en"),
    "qualifier": Column("Qualifier", "余 多 近 超 约 以上 written with the number; empty where none", "", "the characters around the number"),
    "is_change": Column("Change", "the figure is a change (同比下降5.87个百分点); decreases are negative", "", "cue words 同比, 增长, 下降 … before the number"),
    "part": Column("Part named", "the part of a 'sum' indicator the mention names (废止, 宣布失效; 合计 for several); empty otherwise", "", "data/indicators.yml parts matched in the label"),
    "value_high": Column("Value (high)", "the high end of a range (3至5件 gives 3 and 5); empty otherwise", "see unit", "workbench.indicators.extract"),
    "value_previous": Column("Previous value", "the earlier value of 从95%提高到100% (95); empty otherwise", "see unit", "workbench.indicators.extract"),
    "change_unit": Column("Change unit", "for changes: percentage_points, relative (%) or absolute (件, 次 …); empty for levels", "", "workbench.indicators.change_unit"),
    "is_target": Column("Target", "the figure is a target (力争, 确保, 目标, 不低于 …), not a result", "", "cue words before the number"),
    "significant": Column("p < 0.05", "the statistic is significant at p < 0.05", "", "p < 0.05"),
    "sentence": Column("Quote", "the sentence the figure comes from, verbatim", "", "sentences.text"),
    "unit_written": Column("Unit as written", "the unit as the report writes it (个 or 项 for a count of items)", "", "the characters after the number"),
    "n_mentions": Column("Mentions", "level (not change) mentions of the indicator in the report", "count", "rows of workbench.indicators.extract outside the plans part"),
    "group": Column("Group", "the grouping value(s) the row describes, joined by ' · '", "", "the columns named by `by`"),
    "term": Column("Term", "a content word", "", "tokens without stopwords, punctuation and numbers (workbench.keywords filters)"),
    "n_target": Column("Count (target)", "occurrences of the term in the target group", "count", "term counts"),
    "n_reference": Column("Count (reference)", "occurrences of the term in all other groups", "count", "term counts"),
    "statistic": Column("G²", "keyness statistic: log-likelihood G² (or Pearson χ² with measure='chi2'), signed positive where the target over-uses the term", "", "2×2 table of term vs other words, target vs reference (scipy.stats)", decimals=2),
    "p": Column("p", "p-value of the statistic (χ² with 1 degree of freedom)", "probability", "scipy.stats.chi2.sf", decimals=3),
    "log_ratio": Column("Log ratio", "binary log of the ratio of relative frequencies, target over reference (Hardie's Log Ratio, 0.5 added to zero counts)", "log2", "workbench.keywords", decimals=2),
    "tf": Column("tf", "term-frequency weight used: 1 + ln(count)", "", "sklearn TfidfVectorizer(sublinear_tf=True)", decimals=3),
    "idf": Column("idf", "inverse document frequency over groups: ln((1 + n) / (1 + df)) + 1", "", "sklearn TfidfVectorizer(smooth_idf=True)", decimals=3),
    "tfidf": Column("TF-IDF", "tf × idf, l2-normalised within the group", "", "sklearn TfidfVectorizer", decimals=3),
    "rank": Column("Rank", "1 = highest score within the group", "", "order of the score", plain=True),
    "topic": Column("Topic", "topic number; 1 is the largest topic", "", "workbench.topics.cluster (canonical numbering)", plain=True),
    "item_id": Column("Item", "section_id of a plans item", "", "workbench.topics.plan_items"),
    "n_reports": Column("Reports", "reports in the group", "count", ""),
    "share": Column("Share", "n_reported / n_reports", "proportion", "", decimals=2),
    "median": Column("Median", "median of the values", "indicator's unit", "polars median", decimals=2),
    "q25": Column("Q1", "lower quartile (linear interpolation)", "indicator's unit", "polars quantile", decimals=2),
    "q75": Column("Q3", "upper quartile (linear interpolation)", "indicator's unit", "polars quantile", decimals=2),
    "min": Column("Min", "smallest value", "indicator's unit", "", decimals=2),
    "max": Column("Max", "largest value", "indicator's unit", "", decimals=2),
    "k": Column("k", "number of topics", "", "", plain=True),
    "silhouette": Column("Silhouette", "mean cosine silhouette of the assignment", "", "sklearn.metrics.silhouette_score", decimals=3),
    "jaccard": Column("Jaccard", "mean best-match Jaccard over the subsample refits (Hennig 2007)", "", "workbench.topics.cluster", decimals=2),
    "ari": Column("ARI", "adjusted Rand index; 1 = same partition, about 0 = chance", "", "sklearn.metrics.adjusted_rand_score", decimals=3),
    "precision": Column("Precision", "share of predicted (indicator, value) pairs also in the gold annotation", "proportion", "", decimals=2),
    "recall": Column("Recall", "share of gold pairs predicted", "proportion", "", decimals=2),
}

_TEXT_OF = "documents.text[char_start:char_end]"

#: Column names whose meaning depends on the table: table name → column → entry.
BY_TABLE: dict[str, dict[str, Column]] = {
    "documents": {
        "text": Column("Text", "the cleaned report body, once; every offset points into it", "", "decoded, normalised, page chrome removed (workbench.cleaning)"),
    },
    "sections": {
        "level": Column("Depth", "depth of the section: 0 preamble, 1 一、, 2 (一), 3 1., 4 一是", "", "marker of the heading", plain=True),
        "label": Column("Marker", "the heading marker as printed: 一、 (一) 1. 一是; empty for the preamble", "", "workbench.segment.sections"),
        "text": Column("Text", "the section's text, children included", "", _TEXT_OF),
    },
    "sentences": {
        "section_id": Column("Section", "the deepest section holding the sentence", "", "workbench.segment"),
        "text": Column("Text", "the sentence", "", _TEXT_OF),
    },
    "indicators": {
        "label": Column("Label", "the phrase the number quantifies, e.g. 审结复议案件", "", "words before the number in its clause, connectives dropped (workbench.indicators.extract)"),
        "value": Column("Value", "the figure, multipliers applied (万, 亿); percentages in percent; changes signed", "see unit", "workbench.indicators.parse_quantity"),
        "unit": Column("Unit", "unit as written: 件, 次, %, 个百分点, 元 …", "", "the characters after the number"),
        "char_start": Column("Start", "first character of the number and its unit in the report's cleaned text", "characters", _OFFSET, plain=True),
        "char_end": Column("End", "character after the number and its unit", "characters", _OFFSET, plain=True),
    },
    "panel": {
        "figure": Column("Figure", "how the value is formed: mention (one), sum (parts added), total (one mention naming all parts) or part (one part only)", "", "workbench.indicators.points"),
        "parts": Column("Parts", "the parts added, e.g. 宣布失效 10 + 废止 30; empty for one mention", "", "workbench.indicators.points"),
        "value": Column("Value", "the report's figure for the indicator: its first level mention outside the plans part, multipliers applied", "see unit", "workbench.indicators.points"),
        "unit": Column("Unit", "the indicator's usual unit (taxonomy); counts in 个 and 项 are both counts of items", "", "data/indicators.yml"),
        "label": Column("Label", "the phrase the number quantifies in the quoted sentence", "", "workbench.indicators.extract"),
        "char_start": Column("Start", "first character of the quoted figure in the report's cleaned text", "characters", _OFFSET, plain=True),
        "char_end": Column("End", "character after the quoted figure", "characters", _OFFSET, plain=True),
    },
    "tfidf": {
        "count": Column("Count", "occurrences of the term in the group", "count", "term counts"),
    },
    "topic_assignments": {
        "label": Column("Topic label", "the topic's three heaviest terms joined by ·", "", "workbench.topics.cluster"),
        "heading": Column("Heading", "heading of the plans item", "", "sections.heading"),
        "similarity": Column("Similarity", "cosine of the item's TF-IDF vector with its topic's centroid", "", "workbench.topics.cluster", decimals=3),
    },
    "taxonomy": {
        "figure": Column("Figure", "how a report's figure is formed: mention (one mention) or sum (of the named parts)", "", "data/indicators.yml figure"),
        "parts": Column("Parts", "names of the parts summed (figure sum); empty otherwise", "", "data/indicators.yml parts"),
        "unit": Column("Unit", "the usual unit of the indicator", "", "data/indicators.yml units[0]"),
        "units": Column("Units", "all units the indicator accepts", "", "data/indicators.yml units"),
    },
    "metadata": {
        "field": Column("Field", "the documents column the row gives evidence for", "", "workbench.metadata"),
        "value": Column("Value", "the value chosen for the field (dates as YYYY-MM-DD)", "", "workbench.metadata.resolve"),
        "source": Column("Source", "where the value was read: manifest, chrome, title, signoff, filename or body", "", "workbench.metadata.evidence"),
        "evidence": Column("Evidence", "the text the value was read from, as printed", "", "workbench.metadata.evidence"),
        "char_start": Column("Start", "first character of the evidence in documents.text where it is in the body; empty elsewhere", "characters", _OFFSET, plain=True),
        "char_end": Column("End", "character after the evidence in documents.text; empty where not in the body", "characters", _OFFSET, plain=True),
    },
    "docvars": {},
    "features": {
        "feature": Column("Feature", "a column of the document-feature matrix: a content word", "", "tokens without stopwords, punctuation and numbers"),
        "column": Column("Column", "1-based column of the feature in dfm.mtx (0-based in dfm.npz: column - 1)", "", "features sorted by code point", plain=True),
        "n_documents": Column("Documents", "reports that use the feature", "count", ""),
        "count": Column("Count", "occurrences of the feature in all reports", "count", ""),
    },
}

#: What each exported table is (one line).
DESCRIPTIONS: dict[str, str] = {
    "documents": "one row per report: metadata and the cleaned text",
    "sections": "the heading tree of every report",
    "sentences": "every sentence, with offsets into documents.text",
    "tokens": "every word (jieba), with flags and offsets",
    "problems": "files that could not be used as expected, and transformations worth knowing",
    "metadata": "the evidence of every documents metadata value: field, value, source and the text it was read from",
    "indicators": "every quantity in the reports with its label, indicator id and source sentence (workbench.indicators.extract)",
    "panel": "district-year indicator panel in long form: one value per report and indicator, with the sentence it is quoted from and the report's citation fields",
    "panel_wide": "the panel in wide form: one row per report (district-year), one column per indicator (Stata/R regression-ready)",
    "keyness": "each district's most over-used terms against all other districts (workbench.keywords.distinctive_terms, G²)",
    "tfidf": "TF-IDF of every term in every district (workbench.keywords.tfidf)",
    "topic_assignments": "the topic of every plans item (workbench.topics.cluster, k-means, k by silhouette)",
    "taxonomy": "the canonical indicators (data/indicators.yml)",
    "features": "the columns of the document-feature matrix (dfm.mtx, dfm.npz)",
}


def entry(table: str, column: str) -> Column | None:
    """The codebook entry of ``column`` in ``table``: the table's own first, then the shared one.

    Examples
    --------
    >>> entry("sections", "text").meaning
    "the section's text, children included"
    >>> entry("sections", "district").label
    'District'
    >>> entry("sections", "nonexistent") is None
    True
    """
    return BY_TABLE.get(table, {}).get(column) or COLUMNS.get(column)


def label(column: str, table: str | None = None) -> str:
    """A heading for ``column`` a person can read: the codebook's label, else the name made readable.

    Examples
    --------
    >>> label("n_mentions"), label("n_items"), label("log_ratio")
    ('Mentions', 'Items', 'Log ratio')
    """
    found = entry(table or "", column)
    if found is not None:
        return found.label
    for other in BY_TABLE.values():
        if column in other:
            return other[column].label
    words = column.split("_")
    if words[0] == "n" and len(words) > 1:
        words = words[1:]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _dtype_name(dtype: pl.DataType) -> str:
    return str(dtype)


def codebook(tables: dict[str, pl.DataFrame], *, extra: dict[str, dict[str, Column]] | None = None) -> pl.DataFrame:
    """The codebook of ``tables``: one row per column of every table.

    Parameters
    ----------
    tables : dict of str to polars.DataFrame
        Table name → frame, as exported.
    extra : dict, optional
        Table name → column → :class:`Column` for columns made at run time
        (the indicator columns of ``panel_wide``).

    Returns
    -------
    polars.DataFrame
        ``table``, ``description``, ``column``, ``type`` (polars dtype),
        ``label``, ``meaning``, ``unit``, ``computed``.

    Raises
    ------
    KeyError
        A column has no entry: add it to :data:`COLUMNS` or :data:`BY_TABLE`.

    Examples
    --------
    >>> df = pl.DataFrame({"district": ["上城区"], "year": [2021]}, schema={"district": pl.String, "year": pl.Int32})
    >>> codebook({"panel": df}).select("column", "type", "unit").rows()
    [('district', 'String', ''), ('year', 'Int32', 'year')]
    """
    rows = []
    for name, frame in tables.items():
        for column, dtype in frame.schema.items():
            found = (extra or {}).get(name, {}).get(column) or entry(name, column)
            if found is None:
                msg = (
                    f"codebook: column {column!r} of table {name!r} has no entry; "
                    "describe it in workbench/codebook.py (COLUMNS or BY_TABLE)"
                )
                raise KeyError(msg)
            rows.append(
                {
                    "table": name,
                    "description": DESCRIPTIONS.get(name, ""),
                    "column": column,
                    "type": _dtype_name(dtype),
                    "label": found.label,
                    "meaning": found.meaning,
                    "unit": found.unit,
                    "computed": found.computed,
                }
            )
    return pl.DataFrame(rows, schema=dict.fromkeys(["table", "description", "column", "type", "label", "meaning", "unit", "computed"], pl.String))


def to_markdown(book: pl.DataFrame, *, provenance: dict | None = None) -> str:
    """The codebook as Markdown: a section per table, a row per column, then the provenance."""
    lines = ["# Codebook", ""]
    for (name,), part in book.group_by("table", maintain_order=True):
        lines += [f"## {name}", "", part["description"][0], "", "| column | type | meaning | unit | how computed |", "|---|---|---|---|---|"]
        for r in part.iter_rows(named=True):
            cells = [f"`{r['column']}`", r["type"], r["meaning"], r["unit"], r["computed"]]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    if provenance:
        lines += ["## Provenance", ""]
        for key, value in provenance.items():
            if key == "files":
                continue
            lines.append(f"- **{key}**: {value}")
        files = provenance.get("files") or []
        if files:
            lines += ["", "| file | sha256 |", "|---|---|"]
            lines += [f"| {f['source_file']} | `{f['sha256']}` |" for f in files]
        lines.append("")
    return "\n".join(lines)


def to_json(book: pl.DataFrame, *, provenance: dict | None = None) -> str:
    """The codebook as JSON: ``{"tables": {name: {"description", "columns": [...]}}, "provenance": {...}}``."""
    tables: dict[str, dict] = {}
    for r in book.iter_rows(named=True):
        t = tables.setdefault(r["table"], {"description": r["description"], "columns": []})
        t["columns"].append({k: r[k] for k in ("column", "type", "label", "meaning", "unit", "computed")})
    return json.dumps({"tables": tables, "provenance": provenance or {}}, ensure_ascii=False, indent=2)

