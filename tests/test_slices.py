"""Section and sentence texts held as views into the documents' text (workbench/corpus/slices.py)."""

from __future__ import annotations

import random
import shutil

import numpy as np
import polars as pl
import pyarrow as pa
import pytest

import workbench as wb
from workbench import config
from workbench.corpus import slices
from workbench.corpus.slices import byte_offsets, text_views


def _spans(texts: list[str], rows: list[int], starts: list[int], ends: list[int]) -> list[str]:
    series = pl.Series(texts)
    b0, b1 = byte_offsets(series, np.array(rows), pl.Series(starts), pl.Series(ends))
    return text_views(series, np.array(rows), b0, b1).to_list()


def test_byte_offsets_by_hand():
    # "a中😀b": a is byte 0, 中 bytes 1-3, 😀 bytes 4-7, b byte 8; "é" is two bytes
    b0, b1 = byte_offsets(pl.Series(["a中😀b", "é"]), np.array([0, 0, 0, 1, 1]), pl.Series([0, 1, 2, 0, 1]), pl.Series([4, 2, 3, 1, 1]))
    assert b0.tolist() == [0, 1, 4, 0, 2]
    assert b1.tolist() == [9, 4, 8, 2, 2]


def test_views_by_hand():
    long = "第一部分：基本情况。" * 3  # 30 characters, 90 bytes
    texts = [long, "短文", ""]
    got = _spans(texts, [0, 0, 0, 0, 1, 1, 2], [0, 5, 25, 30, 0, 2, 0], [10, 7, 29, 30, 2, 2, 0])
    assert got == ["第一部分：基本情况。", "基本", "基本情况", "", "短文", "", ""]


def test_views_agree_with_python_slicing_on_random_text():
    rng = random.Random(7)
    alphabet = "ab中文。、😀1 é"
    texts = [""] + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(400)]
    rows, starts, ends = [], [], []
    for i, t in enumerate(texts):
        for _ in range(6):
            a = rng.randint(0, len(t))
            rows.append(i)
            starts.append(a)
            ends.append(rng.randint(a, len(t)))
    got = _spans(texts, rows, starts, ends)
    assert got == [texts[r][a:b] for r, a, b in zip(rows, starts, ends)]


def test_byte_offsets_in_small_blocks_equal_one_block(monkeypatch):
    rng = random.Random(5)
    texts = ["".join(rng.choice("ab中文。😀") for _ in range(rng.randint(0, 90))) for _ in range(60)]
    rows = np.array([rng.randrange(len(texts)) for _ in range(500)])  # any order
    starts = [rng.randint(0, len(texts[r])) for r in rows]
    ends = [rng.randint(a, len(texts[r])) for a, r in zip(starts, rows)]
    args = (pl.Series(texts), rows, pl.Series(starts), pl.Series(ends))
    whole = byte_offsets(*args)
    monkeypatch.setattr(slices, "BLOCK_CHARS", 50)  # a block of one or a few documents
    assert len(slices._blocks(pl.Series(texts).str.len_chars().to_numpy())) > 20
    blocks = byte_offsets(*args)
    assert whole[0].tolist() == blocks[0].tolist() and whole[1].tolist() == blocks[1].tolist()
    assert [texts[r].encode()[a:b].decode() for r, a, b in zip(rows, *blocks)] == [texts[r][a:b] for r, a, b in zip(rows, starts, ends)]


def test_offsets_inside_a_character_or_missing_are_refused():
    docs = pl.Series(["第一部分基本情况" * 3])  # every character three bytes
    with pytest.raises(ValueError, match="inside a character"):
        text_views(docs, np.array([0]), np.array([1]), np.array([30]))  # starts in the middle of 第
    with pytest.raises(ValueError, match="inside a character"):
        text_views(docs, np.array([0]), np.array([0]), np.array([29]))  # ends in the middle of a character
    with pytest.raises(ValueError, match="inside a character"):
        text_views(docs, np.array([0]), np.array([0]), np.array([4]))  # short: held in its view
    stored = pl.DataFrame({"doc_id": ["d"], "byte_start": [None], "byte_end": [3]}, schema={"doc_id": pl.String, "byte_start": pl.Int32, "byte_end": pl.Int32})
    with pytest.raises(ValueError, match="without byte offsets"):
        slices.read_frame("sentences", stored, pl.DataFrame({"doc_id": ["d"], "text": ["第一"]}))


def test_spans_outside_their_document_are_refused():
    with pytest.raises(ValueError, match="outside"):
        byte_offsets(pl.Series(["abc"]), np.array([0]), pl.Series([1]), pl.Series([4]))
    with pytest.raises(ValueError, match="outside"):
        text_views(pl.Series(["abc"]), np.array([0]), np.array([1]), np.array([9]))


def _buffers(series: pl.Series) -> set[int]:
    array = series.rechunk().to_arrow(compat_level=pl.CompatLevel.newest())
    return {b.address for b in array.buffers()[2:]}


@pytest.fixture
def cached(tmp_path, monkeypatch):
    """The seed reports built into a cache of their own, and loaded again from it."""
    src = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, src)
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    built = wb.load_corpus(src, progress=False)
    return built, wb.load_corpus(src, progress=False), tmp_path / "processed"


def test_a_cached_corpus_holds_section_and_sentence_texts_as_slices_of_its_reports(cached):
    built, loaded, processed = cached
    fresh = wb.load_corpus(config.RAW_DIR, cache=False, progress=False)  # no cache: texts made from the build's offsets
    docs = loaded.documents.select("doc_id", pl.col("text").alias("body"))
    for name in ("sections", "sentences"):
        assert getattr(loaded, name).equals(getattr(fresh, name)), name
        assert getattr(built, name).equals(getattr(fresh, name)), name
        frame = getattr(loaded, name)
        sliced = frame.join(docs, on="doc_id").select(pl.col("body").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start")))
        assert sliced.to_series().to_list() == frame["text"].to_list()
        # held in the documents' own bytes: no data buffer of its own
        assert _buffers(frame["text"]), name  # some texts are longer than a view holds
        assert _buffers(frame["text"]) <= _buffers(loaded.documents["text"]), name
        assert _buffers(getattr(fresh, name)["text"]) <= _buffers(fresh.documents["text"]), name
    stored = pl.read_parquet_schema(next(processed.glob("chunks/*/*/sections.parquet")))
    assert "text" not in stored and stored["byte_start"] == pl.Int32


def test_operations_on_sliced_texts_are_those_of_a_string_column(cached):
    _, loaded, _ = cached
    sections = loaded.sections
    kept = sections.filter(pl.col("kind") == "plans")
    assert kept["text"].to_list() == [t for t, k in zip(sections["text"], sections["kind"]) if k == "plans"]
    counted = sections.group_by("doc_id", maintain_order=True).agg(pl.col("text").str.len_chars().sum())
    by_hand = {}
    for d, t in zip(sections["doc_id"].cast(pl.String), sections["text"]):
        by_hand[d] = by_hand.get(d, 0) + len(t)
    assert dict(zip(counted["doc_id"].cast(pl.String), counted["text"])) == by_hand
    out = pa.table({"text": sections["text"].to_arrow()})
    assert out.column("text").to_pylist() == sections["text"].to_list()


def test_views_into_several_buffers_and_rows_in_any_order():
    rng = random.Random(11)
    parts = [pl.Series(["".join(rng.choice("法治政府建设ab1") for _ in range(rng.randint(1, 300))) for _ in range(40)]) for _ in range(5)]
    texts = pl.concat(parts, rechunk=False)  # five chunks: their bytes in five data buffers
    assert len(texts.rechunk().to_arrow(compat_level=pl.CompatLevel.newest()).buffers()) > 3
    values = texts.to_list()
    rows = np.array([rng.randrange(len(values)) for _ in range(3000)])  # documents in any order
    starts = [rng.randint(0, len(values[r])) for r in rows]
    ends = [rng.randint(a, len(values[r])) for a, r in zip(starts, rows)]
    b0, b1 = byte_offsets(texts, rows, pl.Series(starts), pl.Series(ends))
    got = text_views(texts, rows, b0, b1).to_list()
    assert got == [values[r][a:b] for r, a, b in zip(rows, starts, ends)]
