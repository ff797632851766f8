"""The Parquet cache: keyed by content, read when unchanged, rebuilt on any change, written atomically."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

import workbench as wb
import workbench.corpus as corpus_mod
from workbench import config

SEED = config.RAW_DIR / "002_7456ba8b65555133.txt"


@pytest.fixture
def setup(tmp_path, monkeypatch):
    src = tmp_path / "raw"
    src.mkdir()
    shutil.copy(SEED, src / SEED.name)
    processed = tmp_path / "processed"
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)
    return src, processed


def _no_build(*args, **kwargs):
    raise AssertionError("the corpus was rebuilt although nothing changed")


def test_second_load_reads_the_cache(setup, monkeypatch):
    src, processed = setup
    first = wb.load_corpus(src)
    folders = list(processed.glob("corpus-*"))
    assert len(folders) == 1
    assert sorted(p.name for p in folders[0].iterdir()) == ["meta.json", "problems.parquet"]
    chunks = list((processed / "chunks").glob("*/*"))
    assert len(chunks) == 1  # one report: one chunk of five frames
    assert sorted(p.name for p in chunks[0].iterdir()) == [
        "check.json", "documents.parquet", "metadata.parquet", "sections.parquet", "sentences.parquet", "tokens.parquet",
    ]
    monkeypatch.setattr(corpus_mod, "_build", _no_build)
    second = wb.load_corpus(src)
    assert second.key == first.key
    for name in ("documents", "sections", "sentences", "tokens", "metadata", "problems"):
        assert getattr(second, name).schema == getattr(first, name).schema, name  # DataFrame.equals does not compare dtypes
        assert getattr(second, name).equals(getattr(first, name)), name


@pytest.mark.parametrize("change", ["edit", "add", "rename", "dictionary", "manifest"])
def test_any_change_rebuilds(setup, monkeypatch, tmp_path, change):
    src, _ = setup
    first = wb.load_corpus(src)
    if change == "edit":
        (src / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace("2481.83万元", "2481.84万元"), encoding="utf-8")
    elif change == "add":
        shutil.copy(config.RAW_DIR / "004_195c9ab24f188643.txt", src)
    elif change == "rename":
        (src / SEED.name).rename(src / "shangcheng_2021.txt")
    elif change == "dictionary":
        d = tmp_path / "user_dict.txt"
        d.write_text((config.USER_DICT.read_text(encoding="utf-8") if config.USER_DICT.exists() else "") + "数智共享法庭 2000 n\n", encoding="utf-8")
        monkeypatch.setattr(config, "USER_DICT", d)
    elif change == "manifest":
        m = tmp_path / "manifest.csv"
        m.write_text(f"source_file,district\n{SEED.name},上城区(新)\n", encoding="utf-8")
        monkeypatch.setattr(config, "MANIFEST", m)
    second = wb.load_corpus(src)
    assert second.key != first.key
    if change == "edit":
        assert "2481.84万元" in second.documents["text"][0]
    if change == "add":
        assert second.documents.height == 2
    if change == "rename":
        assert second.documents["doc_id"].to_list() == ["shangcheng_2021"]
    if change == "dictionary":
        assert "数智共享法庭" in second.tokens["token"].to_list()
    if change == "manifest":
        assert second.documents["district"][0] == "上城区(新)"


@pytest.mark.parametrize("fail_at", [3, 6])
def test_interrupted_write_leaves_no_cache_that_loads(setup, monkeypatch, fail_at):
    """Killed while writing the chunk (write 3 of 5) or the corpus record's problems (write 6)."""
    src, processed = setup
    real = pl.DataFrame.write_parquet
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise KeyboardInterrupt("simulated interruption")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", flaky)
    with pytest.raises(KeyboardInterrupt):
        wb.load_corpus(src)
    assert calls["n"] == fail_at
    assert not list(processed.glob("corpus-*")), "a half-written cache folder was left behind"
    assert not [p for p in processed.rglob("*") if ".tmp-" in p.name], "a temporary file was left behind"
    chunks = list((processed / "chunks").glob("*/*"))
    assert len(chunks) == (1 if fail_at == 6 else 0)  # only a whole chunk can be left
    assert all(len(list(c.iterdir())) == 6 for c in chunks)  # five frames and check.json
    monkeypatch.setattr(pl.DataFrame, "write_parquet", real)
    c = wb.load_corpus(src)
    assert c.documents.height == 1


def test_corrupt_cache_is_rebuilt(setup):
    src, processed = setup
    wb.load_corpus(src)
    chunk = next((processed / "chunks").glob("*/*"))
    (chunk / "tokens.parquet").write_bytes(b"not parquet")
    c = wb.load_corpus(src)
    assert c.tokens.height > 1000
    assert wb.load_corpus(src).tokens.equals(c.tokens)


def test_cache_false_writes_nothing(setup):
    src, processed = setup
    wb.load_corpus(src, cache=False)
    assert not processed.exists() or not list(processed.iterdir())
