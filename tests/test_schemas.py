"""workbench.schemas: compact frames (Categorical ids, Int32 offsets), one dtype per kind of column in every frame.

The compact contract must lose nothing: the seed corpus built under it,
with ids cast to String and offsets to Int64, equals the same corpus built
under the previous contract (String ids, Int64 offsets).
"""

from __future__ import annotations

import polars as pl
import pytest

import workbench as wb
from workbench import config, indicators, keywords, schemas, topics

from _old_contract import as_old, old_contract, old_schema


def test_every_id_and_offset_column_has_the_one_dtype():
    contracts = {
        **schemas.FRAMES, "excluded": schemas.EXCLUDED, "kwic": keywords.KWIC,
        "indicators": indicators.INDICATORS, "points": indicators.POINTS, "point_sources": indicators.POINT_SOURCES,
        "citations": indicators.CITATIONS, "accuracy": indicators.ACCURACY, "panel": indicators.PANEL,
        "items": topics.ITEMS, "item_tokens": topics.ITEM_TOKENS, "assignments": topics.ASSIGNMENTS,
    }
    seen = set()
    for name, schema in contracts.items():
        for column, dtype in schema.items():
            if column in schemas.ID_COLUMNS:
                assert dtype == pl.Categorical() and dtype == schemas.ID, (name, column, dtype)
                seen.add(column)
            if column in ("char_start", "char_end", "position"):
                assert dtype == pl.Int32(), (name, column, dtype)
    assert seen == set(schemas.ID_COLUMNS)


def test_conform_casts_to_the_contract_and_plain_gives_strings_back():
    raw = pl.DataFrame({"char_end": [3, 7], "doc_id": ["b", "a"], "extra": [1, 2], "char_start": [0, 3]})
    df = schemas.conform(raw, {"doc_id": schemas.ID, "char_start": schemas.OFFSET, "char_end": schemas.OFFSET})
    assert df.schema == pl.Schema({"doc_id": pl.Categorical(), "char_start": pl.Int32(), "char_end": pl.Int32()})
    assert df.rows() == [("b", 0, 3), ("a", 3, 7)]  # values and row order kept
    assert df.sort("doc_id")["doc_id"].to_list() == ["a", "b"]  # sorted by the strings, as before
    back = schemas.plain(df)
    assert back.schema == pl.Schema({"doc_id": pl.String(), "char_start": pl.Int32(), "char_end": pl.Int32()})
    assert back["doc_id"].str.len_chars().to_list() == [1, 1]
    assert schemas.plain_schema(schemas.SECTIONS)["parent_id"] == pl.String()
    with pytest.raises(pl.exceptions.InvalidOperationError):  # an offset past Int32 is an error, never wrapped
        schemas.conform(pl.DataFrame({"char_start": [2**31]}), {"char_start": schemas.OFFSET})


def test_frames_share_their_categories_so_joins_need_no_cast(corpus):
    toks = corpus.tokens.join(corpus.sections.select("section_id", "kind"), on="section_id", how="left")
    assert toks["kind"].null_count() == 0 and toks.height == corpus.tokens.height
    sents = corpus.sentences.join(corpus.documents.select("doc_id", "district"), on="doc_id")
    assert sents.height == corpus.sentences.height
    # a frame made elsewhere (another load, a user's frame cast to pl.Categorical) joins too
    other = pl.DataFrame({"doc_id": corpus.documents["doc_id"].to_list()[::-1]}).with_columns(pl.col("doc_id").cast(pl.Categorical))
    assert corpus.documents.join(other, on="doc_id").height == corpus.documents.height


@pytest.mark.parametrize("cache", [False, True])
def test_frames_equal_the_string_id_build_after_a_cast(tmp_path, monkeypatch, cache):
    """The seeds under the compact contract, cast back, equal the seeds built under the String/Int64 contract."""
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    compact = wb.load_corpus(config.RAW_DIR, cache=cache)
    if cache:
        compact = wb.load_corpus(config.RAW_DIR)  # read back from the chunks
    with monkeypatch.context() as m:
        old_contract(m)
        old = wb.load_corpus(config.RAW_DIR, cache=cache)
        if cache:
            old = wb.load_corpus(config.RAW_DIR)
    for name in ("documents", "sections", "sentences", "tokens", "metadata", "problems"):
        new, ref = getattr(compact, name), getattr(old, name)
        assert dict(new.schema) == dict(schemas.FRAMES[name]), name
        assert dict(ref.schema) == old_schema(schemas.FRAMES[name]), name  # the old contract really was built
        assert ref.height > 0 or name == "problems", name
        assert as_old(new).equals(ref), name
    assert compact.tokens["doc_id"].dtype == pl.Categorical and old.tokens["doc_id"].dtype == pl.String
