"""workbench.exports: every exported file is read back with the reader its users use."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter

import numpy as np
import openpyxl
import polars as pl
import pyreadstat
import pytest
import scipy.io as spio
from scipy import sparse

import workbench as wb
from workbench import cli, config, exports, segmenter


@pytest.fixture(scope="module")
def exported(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    paths = wb.export(corpus, out)
    tables, _ = exports.export_tables(corpus)
    return out, paths, tables


def test_every_table_in_every_format(exported):
    out, paths, tables = exported
    names = {p.relative_to(out).as_posix() for p in paths}
    assert set(tables) == set(exports.TABLES)
    for t in tables:
        for rel in (f"csv/{t}.csv", f"dta/{t}.dta", f"parquet/{t}.parquet"):
            assert rel in names and (out / rel).stat().st_size > 0
    assert {"tables.xlsx", "codebook.md", "codebook.json", "provenance.json",
            "dfm/dfm.mtx", "dfm/dfm.npz", "dfm/features.txt", "dfm/docvars.csv"} <= names


def test_csv_has_a_bom_and_reads_back_as_excel_would(exported, corpus):
    out, _, tables = exported
    for name, df in tables.items():
        raw = (out / "csv" / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert rows[0] == df.columns and len(rows) - 1 == df.height, name
    rows = list(csv.DictReader(io.StringIO((out / "csv" / "documents.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert sorted(r["district"] for r in rows) == sorted(corpus.documents["district"].to_list())
    assert {r["doc_id"]: r["text"] for r in rows} == dict(corpus.documents.select("doc_id", "text").iter_rows())
    taxonomy = list(csv.DictReader(io.StringIO((out / "csv" / "taxonomy.csv").read_text(encoding="utf-8-sig"))))
    assert taxonomy[0]["units"] == "; ".join(tables["taxonomy"]["units"][0])  # lists joined


def test_dta_is_format_118_with_chinese_and_labels(exported, corpus):
    out, _, tables = exported
    book = json.loads((out / "codebook.json").read_text(encoding="utf-8"))["tables"]
    for name in ("documents", "panel", "panel_wide", "keyness"):
        path = out / "dta" / f"{name}.dta"
        assert path.read_bytes()[:60].startswith(b"<stata_dta><header><release>118</release>")
        df, meta = pyreadstat.read_dta(str(path))
        assert list(df.columns) == tables[name].columns
        assert len(df) == tables[name].height
        labels = meta.column_names_to_labels
        assert all(labels[c] for c in df.columns), name
        assert labels["district"].startswith("District")
        assert set(df["district"]) == set(tables[name]["district"].to_list())
    df, meta = pyreadstat.read_dta(str(out / "dta" / "documents.dta"))
    assert dict(zip(df["doc_id"], df["text"])) == dict(corpus.documents.select("doc_id", "text").iter_rows())  # strL, whole
    # every indicator column of the wide panel is labelled with its English name
    df, meta = pyreadstat.read_dta(str(out / "dta" / "panel_wide.dta"))
    for ind, name_en, unit in wb.indicators.taxonomy().select("indicator", "name_en", "unit").iter_rows():
        label = meta.column_names_to_labels[ind]
        assert len(label) <= 80 and label.startswith(name_en[:60])
        english = f"{name_en} ({wb.labels.unit(unit, 'en')} ({unit}))"
        if len(english) <= 80:
            assert label == english
    assert {c["column"] for c in book["panel_wide"]["columns"]} == set(tables["panel_wide"].columns)


def test_panel_values_carry_their_quote(exported, corpus):
    _, _, tables = exported
    panel, wide = tables["panel"], tables["panel_wide"]
    row = panel.filter((pl.col("district") == "上城区") & (pl.col("indicator") == "litigation_lost")).row(0, named=True)
    assert (row["year"], row["value"], row["unit"]) == (2021, 13.0, "件")
    text = corpus.documents.filter(pl.col("doc_id") == row["doc_id"])["text"][0]
    assert text[row["char_start"]:row["char_end"]] == "13件"
    assert "一审行政诉讼败诉13件" in row["sentence"]
    assert wide.filter(pl.col("doc_id") == row["doc_id"])["litigation_lost"][0] == 13.0
    # wide = long pivoted: every (doc, indicator) value agrees, and nothing else is filled
    long = dict(((d, i), v) for d, i, v in panel.select("doc_id", "indicator", "value").iter_rows())
    ids = wb.indicators.taxonomy()["indicator"].to_list()
    filled = {(r["doc_id"], i): r[i] for r in wide.iter_rows(named=True) for i in ids if r[i] is not None}
    assert filled == long
    assert wide.height == corpus.documents.height
    assert {"url", "accessed", "note", "title", "publish_date"} <= set(panel.columns)


def test_xlsx_sheets_read_back(exported):
    out, _, tables = exported
    book = openpyxl.load_workbook(out / "tables.xlsx", read_only=True)
    assert book.sheetnames == [*tables, "codebook", "provenance", "files"]
    for name, df in tables.items():
        rows = list(book[name].iter_rows(values_only=True))
        assert len(rows) - 1 == df.height, name
        header = [c for c in rows[0] if c is not None]
        expected = [c for c in df.columns if not (name == "documents" and c == "text" and (df[c].str.len_chars().max() or 0) > 32_767)]
        assert header == expected, name
    cb = list(book["codebook"].iter_rows(values_only=True))
    assert cb[0][:4] == ("table", "description", "column", "type")
    district = [r for r in cb if r[0] == "panel" and r[2] == "district"][0]
    assert district[3] == "String" and "district" in district[5]


def test_dfm_matches_an_independent_count(exported, corpus):
    out, _, _ = exported
    m = spio.mmread(out / "dfm" / "dfm.mtx")
    features = (out / "dfm" / "features.txt").read_text(encoding="utf-8").splitlines()
    docvars = pl.read_csv(out / "dfm" / "docvars.csv")
    assert m.shape == (corpus.documents.height, len(features)) == (docvars.height, len(features))
    assert docvars["doc_id"].to_list() == sorted(corpus.documents["doc_id"].to_list())
    npz = sparse.load_npz(out / "dfm" / "dfm.npz")
    assert (npz != sparse.csr_matrix(m)).nnz == 0
    extra = segmenter.stopwords()
    col = {f: j for j, f in enumerate(features)}
    dense = m.toarray()
    for i, doc in enumerate(docvars["doc_id"]):
        toks = corpus.tokens.filter(
            (pl.col("doc_id") == doc) & ~pl.col("is_stopword") & ~pl.col("is_punct") & ~pl.col("is_number")
        )["token"].to_list()
        expected = Counter(t for t in toks if t not in extra)
        got = {features[j]: int(dense[i, j]) for j in np.nonzero(dense[i])[0]}
        assert got == dict(expected), doc
    assert "法治" in col


def test_codebook_and_provenance(exported, corpus):
    out, _, tables = exported
    data = json.loads((out / "codebook.json").read_text(encoding="utf-8"))
    for name, df in tables.items():
        cols = data["tables"][name]["columns"]
        assert [c["column"] for c in cols] == df.columns
        assert all(c["meaning"] and c["type"] for c in cols), name
    prov = data["provenance"]
    assert prov["cache_key"] == corpus.key and prov["workbench"] == wb.__version__
    digests = {f["source_file"]: f["sha256"] for f in prov["files"]}
    for p in config.RAW_DIR.iterdir():
        assert digests[p.name] == hashlib.sha256(p.read_bytes()).hexdigest()
    md = (out / "codebook.md").read_text(encoding="utf-8")
    assert "## panel_wide" in md and "| `litigation_lost` | Float64 |" in md and "## Provenance" in md


def test_parquet_round_trip(exported, corpus):
    out, _, tables = exported
    for name, df in tables.items():
        assert pl.read_parquet(out / "parquet" / f"{name}.parquet").equals(df), name


def test_ids_leave_as_plain_strings_in_every_format(exported, corpus):
    """In memory ids are Categorical; every exported file holds the id strings themselves."""
    out, _, tables = exported
    assert corpus.sections.schema["section_id"] == pl.Categorical  # what the export has to undo
    ids = {"doc_id", "section_id", "parent_id", "part_id", "item_id"}
    with_ids = {name: [c for c in df.columns if c in ids] for name, df in tables.items()}
    assert {"documents", "sections", "tokens", "indicators", "topic_assignments"} <= {n for n, c in with_ids.items() if c}
    book = json.loads((out / "codebook.json").read_text(encoding="utf-8"))["tables"]
    section_ids = sorted(corpus.sections["section_id"].to_list())
    for name, cols in with_ids.items():
        for col in cols:
            assert tables[name].schema[col] == pl.String, (name, col)
            assert next(c["type"] for c in book[name]["columns"] if c["column"] == col) == "String", (name, col)
            assert pl.read_parquet_schema(out / "parquet" / f"{name}.parquet")[col] == pl.String, (name, col)
    # Stata: a string variable with the ids (a Categorical would arrive as a value-labelled integer)
    df, meta = pyreadstat.read_dta(str(out / "dta" / "sections.dta"))
    assert sorted(df["section_id"]) == section_ids
    assert sorted(df["parent_id"]) == sorted(corpus.sections["parent_id"].fill_null("").to_list())
    assert meta.variable_value_labels == {}
    # CSV and Excel: the same strings
    rows = list(csv.DictReader(io.StringIO((out / "csv" / "sections.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert sorted(r["section_id"] for r in rows) == section_ids
    sheet = openpyxl.load_workbook(out / "tables.xlsx", read_only=True)["sections"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    col = header.index("section_id")
    assert sorted(r[col] for r in sheet.iter_rows(min_row=2, values_only=True)) == section_ids
    docvars = pl.read_csv(out / "dfm" / "docvars.csv")
    assert docvars.schema["doc_id"] == pl.String and docvars["doc_id"].to_list() == sorted(corpus.documents["doc_id"].to_list())


def test_cli_export_and_bad_options(tmp_path, capsys):
    assert cli.main(["export", "--format", "csv", "--tables", "problems,panel_wide", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["panel_wide.csv", "problems.csv"]
    assert cli.main(["export", "--format", "csv,docx", "--out", str(tmp_path)]) == 2
    assert "unknown format(s) ['docx']" in capsys.readouterr().err
    assert cli.main(["export", "--tables", "nope", "--out", str(tmp_path)]) == 2
    with pytest.raises(ValueError, match="unknown table"):
        exports.export_tables(wb.load_corpus(), tables=["nope"])


def test_codebook_from_schemas_equals_the_codebook_of_the_export(exported):
    out, _, _ = exported
    written = json.loads((out / "codebook.json").read_text(encoding="utf-8"))["tables"]
    book = exports.codebook_of_exports()
    assert list(written) == book["table"].unique(maintain_order=True).to_list()
    for name, t in written.items():
        part = book.filter(pl.col("table") == name)
        assert [(c["column"], c["type"]) for c in t["columns"]] == list(zip(part["column"], part["type"])), name


def test_citations_carry_the_manifest_fields(corpus):
    rows = wb.indicators.extract(corpus)
    cit = wb.indicators.citations(rows, corpus.documents)
    assert cit.columns[-5:] == ["title", "publish_date", "url", "accessed", "note"]
    assert cit.height == rows.filter(pl.col("indicator").is_not_null()).height
    with pytest.raises(ValueError, match=r"documents lacks columns \['url', 'accessed', 'note'\]"):
        wb.indicators.citations(rows, corpus.documents.drop("url", "accessed", "note"))
