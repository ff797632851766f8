"""The scalable build: same frames whatever the engine or parallelism; incremental per-document cache."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import polars as pl
import pytest

import workbench as wb
import workbench.corpus as corpus_mod
import workbench.corpus.build as corpus_build
import workbench.corpus.chunks as corpus_chunks
import workbench.corpus.pool as corpus_pool
import workbench.corpus.store as corpus_store
from workbench import config, schemas

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FRAMES = ("documents", "sections", "sentences", "tokens", "metadata", "problems")


def assert_same(a: wb.Corpus, b: wb.Corpus) -> None:
    for name in FRAMES:
        x, y = getattr(a, name), getattr(b, name)
        schemas.check(x, schemas.FRAMES[name], name)  # DataFrame.equals does not compare dtypes
        schemas.check(y, schemas.FRAMES[name], name)
        assert x.equals(y), name


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """30 generated reports."""
    from bench.synth import write_corpus

    return write_corpus(tmp_path_factory.mktemp("gen") / "raw", 30, seed=3)


@pytest.fixture
def processed(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "processed"
    monkeypatch.setattr(config, "PROCESSED_DIR", folder)
    return folder


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """Names of the files processed (read, cleaned, tokenized) in this process."""
    names: list[str] = []
    real = corpus_build._process

    def counting(job):
        names.append(job.name)
        return real(job)

    monkeypatch.setattr(corpus_build, "_process", counting)
    return names


def test_reference_engine_serial_equals_default_on_seeds(corpus):
    """The old way (jieba, one process) and the new default (rjieba) build identical frames."""
    old = wb.load_corpus(cache=False, engine="jieba", workers=1)
    new = wb.load_corpus(cache=False)
    assert_same(old, new)
    assert_same(corpus, new)


def test_parallel_build_equals_serial_build(generated, monkeypatch):
    monkeypatch.setattr(corpus_pool, "PARALLEL_MIN", 1)  # in parallel although small
    monkeypatch.setattr(corpus_pool, "BATCH", 4)
    handed: list[bool] = []  # for each batch a worker built: whether it came back as files
    real = corpus_pool._frames_from_files

    def noting(result):
        handed.append(result[1] is not None and all(isinstance(p, str) for p in result[1].values()))
        return real(result)

    monkeypatch.setattr(corpus_pool, "_frames_from_files", noting)
    serial = wb.load_corpus(generated, cache=False, engine="jieba", workers=1)
    parallel_build = wb.load_corpus(generated, cache=False, workers=2)
    assert serial.documents.height == 30
    assert_same(serial, parallel_build)
    assert handed and all(handed)  # the worker built some batches, each handed back through files


def test_parallel_build_with_cache_equals_serial(generated, processed, monkeypatch):
    monkeypatch.setattr(corpus_pool, "PARALLEL_MIN", 1)
    monkeypatch.setattr(corpus_pool, "BATCH", 4)
    read: list[list[str]] = []  # the chunks read from disk, per read
    real = corpus_chunks._read_stored

    def noting(chunks, *args, **kwargs):
        read.append(list(chunks))
        return real(chunks, *args, **kwargs)

    monkeypatch.setattr(corpus_chunks, "_read_stored", noting)
    built = wb.load_corpus(generated, workers=2)
    assert read == [[]]  # the corpus is made from the chunks the build wrote, none read back
    chunks = [c for c in (processed / "chunks").glob("*/*")]
    assert chunks and sum(pl.read_parquet(c / "documents.parquet").height for c in chunks) == 30
    assert_same(wb.load_corpus(generated, cache=False, workers=1), built)
    again = wb.load_corpus(generated, workers=2)  # from the cache: every chunk read and checked
    assert sorted(read[-1]) == sorted(c.name for c in chunks)
    assert_same(built, again)


def _copy(generated: Path, tmp_path: Path, n: int = 20) -> Path:
    src = tmp_path / "raw"
    src.mkdir()
    for p in sorted(generated.iterdir())[:n]:
        shutil.copy(p, src / p.name)
    return src


def test_one_changed_report_is_the_only_one_reprocessed(generated, processed, tmp_path, calls, monkeypatch):
    monkeypatch.setattr(corpus_chunks, "CHUNK_DOCS", 4)  # several chunks of 20 reports
    src = _copy(generated, tmp_path)
    wb.load_corpus(src)
    assert len(calls) == 20
    calls.clear()
    changed = src / "r00007.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n全年新增备案审查12件。\n", encoding="utf-8")
    read: list[list[str]] = []
    real = corpus_chunks._read_stored
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(corpus_chunks, "_read_stored", lambda chunks, *a, **k: read.append(list(chunks)) or real(chunks, *a, **k))
        again = wb.load_corpus(src)
    assert calls == ["r00007.txt"]
    # the changed report's chunk was written by this build and is taken as written; only the others are read
    listed = corpus_store._record(config.PROCESSED_DIR / f"corpus-{again.key[:20]}" / "meta.json")["chunks"]
    assert len(listed) > 2 and len(read[-1]) == len(listed) - 1 and set(read[-1]) < set(listed)
    assert "全年新增备案审查12件。" in again.documents.filter(pl.col("doc_id") == "r00007")["text"][0]
    calls.clear()
    assert_same(wb.load_corpus(src, cache=False), again)
    assert calls == [p.name for p in sorted(src.iterdir())]  # cache=False processes everything


def test_added_and_removed_reports(generated, processed, tmp_path, calls):
    src = _copy(generated, tmp_path)
    wb.load_corpus(src)
    calls.clear()
    shutil.copy(generated / "r00025.txt", src)
    (src / "r00003.txt").unlink()
    again = wb.load_corpus(src)
    assert calls == ["r00025.txt"]
    assert "r00003" not in again.documents["doc_id"].to_list()
    assert_same(wb.load_corpus(src, cache=False), again)


def test_per_document_key_covers_dictionary_and_manifest(generated, processed, tmp_path, calls, monkeypatch):
    src = _copy(generated, tmp_path, n=3)
    wb.load_corpus(src)
    calls.clear()
    m = tmp_path / "manifest.csv"
    m.write_text("source_file,district\nr00001.txt,测试区\n", encoding="utf-8")
    monkeypatch.setattr(config, "MANIFEST", m)
    c = wb.load_corpus(src)
    assert c.documents.filter(pl.col("doc_id") == "r00001")["district"][0] == "测试区"
    calls.clear()
    d = tmp_path / "user_dict.txt"
    d.write_text(config.USER_DICT.read_text(encoding="utf-8") + "数智共享法庭 2000 n\n", encoding="utf-8")
    monkeypatch.setattr(config, "USER_DICT", d)
    wb.load_corpus(src)
    assert sorted(calls) == ["r00000.txt", "r00001.txt", "r00002.txt"]


def test_checks_across_documents_are_made_at_assembly(generated, processed, tmp_path):
    """A duplicate of a cached report and a second report for one place are still found."""
    src = _copy(generated, tmp_path, n=3)
    wb.load_corpus(src)
    shutil.copy(src / "r00001.txt", src / "zz_copy.txt")
    c = wb.load_corpus(src)
    msgs = c.problems.filter(pl.col("source_file") == "zz_copy.txt")["message"].to_list()
    assert any("same report text as r00001.txt" in m for m in msgs)
    assert c.documents.height == 3
    text = (src / "r00002.txt").read_text(encoding="utf-8").replace("全年", "本年度", 1) + "\n另有补充说明。\n"
    (src / "zz_second.txt").write_text(text, encoding="utf-8")
    c = wb.load_corpus(src)
    assert any("a second report for" in m for m in c.problems["message"].to_list())
    assert_same(wb.load_corpus(src, cache=False), c)


def test_interrupted_chunk_write_leaves_nothing_that_loads(generated, processed, tmp_path, monkeypatch):
    """Killed while writing the second chunk: the first chunk is complete, nothing half-written is left, the next load works."""
    src = _copy(generated, tmp_path, n=12)
    monkeypatch.setattr(corpus_chunks, "CHUNK_DOCS", 3)
    real = pl.DataFrame.write_parquet
    state = {"n": 0}

    def flaky(self, *args, **kwargs):
        state["n"] += 1
        if state["n"] == 6:  # the second chunk's sections
            raise KeyboardInterrupt("simulated interruption")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", flaky)
    with pytest.raises(KeyboardInterrupt):
        wb.load_corpus(src, workers=1)
    chunks = processed / "chunks"
    assert not [p for p in chunks.rglob("*") if ".tmp-" in p.name]
    whole = list(chunks.glob("*/*"))
    assert whole and all(len(list(c.iterdir())) == 6 for c in whole)  # the first chunk, complete (five frames, check.json); no partial one
    assert not list(processed.glob("corpus-*"))
    monkeypatch.setattr(pl.DataFrame, "write_parquet", real)
    assert_same(wb.load_corpus(src, cache=False), wb.load_corpus(src))


def test_a_damaged_chunk_is_rebuilt_alone(generated, processed, tmp_path, calls, monkeypatch):
    """Only the reports of the damaged chunk are processed again; the result is the same."""
    src = _copy(generated, tmp_path, n=12)
    monkeypatch.setattr(corpus_chunks, "CHUNK_DOCS", 3)
    first = wb.load_corpus(src)
    chunks = sorted((processed / "chunks").glob("*/*"))
    assert len(chunks) >= 2
    victim = chunks[0]
    in_victim = pl.read_parquet(victim / "documents.parquet")["source_file"].to_list()
    raw = (victim / "sentences.parquet").read_bytes()
    (victim / "sentences.parquet").write_bytes(raw[: len(raw) // 2])  # truncated
    calls.clear()
    second = wb.load_corpus(src)
    note = second.problems.filter(pl.col("source_file") == "cache")
    assert note.select("severity").to_series().to_list() == ["info"]  # one row says what was rebuilt and why
    assert note["message"][0].startswith(f"cache: chunk {victim.name[:12]}: sentences.parquet has ")
    second.problems = second.problems.filter(pl.col("source_file") != "cache")
    assert_same(first, second)
    assert sorted(calls) == sorted(in_victim)
    assert_same(first, wb.load_corpus(src))  # healed: the next load reads the cache, without the note


def test_engine_is_not_part_of_the_cache_key(processed, monkeypatch):
    src = config.RAW_DIR
    first = wb.load_corpus(src, engine="jieba", workers=1)

    def no_build(*args, **kwargs):
        raise AssertionError("rebuilt although only the engine changed")

    monkeypatch.setattr(corpus_mod, "_build", no_build)
    second = wb.load_corpus(src, engine="rjieba")
    assert second.key == first.key


@pytest.mark.parametrize(("kwargs", "match"), [({"engine": "pkuseg"}, "engine must be"), ({"workers": 0}, "workers must be")])
def test_bad_options_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        wb.load_corpus(cache=False, **kwargs)


def test_old_corpus_caches_of_a_folder_are_pruned(generated, processed, tmp_path):
    src = _copy(generated, tmp_path, n=3)
    for i in range(4):
        (src / "r00001.txt").write_text(f"{(generated / 'r00001.txt').read_text(encoding='utf-8')}\n补充{i}。\n", encoding="utf-8")
        last = wb.load_corpus(src)
    folders = list(processed.glob("corpus-*"))
    assert len(folders) == corpus_mod.KEEP_CORPUS_CACHES
    assert any(f.name == f"corpus-{last.key[:20]}" for f in folders)


def test_chunks_no_cache_lists_are_deleted_after_the_grace_period(generated, processed, tmp_path, monkeypatch):
    src = _copy(generated, tmp_path, n=3)
    wb.load_corpus(src)
    first = {c.name for c in (processed / "chunks").glob("*/*")}
    for i in range(3):  # three changed versions: the first corpus cache is pruned, its chunk is listed by none
        (src / "r00001.txt").write_text(f"{(generated / 'r00001.txt').read_text(encoding='utf-8')}\n补充{i}。\n", encoding="utf-8")
        wb.load_corpus(src)
    assert first <= {c.name for c in (processed / "chunks").glob("*/*")}  # within the grace period: kept
    monkeypatch.setattr(corpus_store, "CHUNK_GRACE_SECONDS", -1)
    (src / "r00001.txt").write_text((generated / "r00001.txt").read_text(encoding="utf-8") + "\n补充9。\n", encoding="utf-8")
    last = wb.load_corpus(src)
    listed = {c for _, info in corpus_store._metas() for c in info["chunks"]}
    assert {c.name for c in (processed / "chunks").glob("*/*")} == listed
    assert first.isdisjoint(listed)
    assert_same(wb.load_corpus(src, cache=False), last)


def test_replicated_real_corpus_has_no_repeated_text(tmp_path):
    """BENCH_REAL: the real reports replicated to N under new names; no copy's cleaned body repeats (the build would drop it)."""
    from bench.synth import replicate_corpus

    from workbench.cleaning import clean
    from workbench.readers import read_raw

    real = config.PROJECT_ROOT / "tests" / "real" / "shenzhen-work-reports"
    originals = sorted(real.glob("*.txt"))
    folder = replicate_corpus(real, tmp_path / "real", len(originals) + 30)
    files = sorted(folder.iterdir())
    assert len(files) == len(originals) + 30 and all(p.suffix == ".txt" for p in files)
    bodies = [clean(p.read_text(encoding="utf-8")).body for p in files]
    assert len(set(bodies)) == len(bodies)
    first = originals[0]
    assert (folder / first.name).read_text(encoding="utf-8") == read_raw(first).text  # the first pass is unchanged
    copy = folder / f"{len(originals):05d}_{first.stem}.txt"
    assert copy.exists() and copy.read_text(encoding="utf-8") != read_raw(first).text
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        replicate_corpus(tmp_path / "nowhere", tmp_path / "x", 3)


def _jobs(folder: Path) -> list:
    from workbench.segmenter import read_wordlist

    stop = read_wordlist(config.STOPWORDS)
    return [
        corpus_build._Job(str(p), p.name, "k", {}, str(config.USER_DICT), stop, "auto", False)
        for p in sorted(folder.iterdir())[:4]
    ]


def test_a_workers_batch_comes_back_through_files_that_are_then_deleted(generated, tmp_path):
    jobs = _jobs(generated)
    outs, frames = corpus_build._process_batch(jobs)
    handoff = tmp_path / "handoff"
    handoff.mkdir()
    result = corpus_pool._process_batch_to_files(jobs, str(handoff))
    assert sorted(Path(p).name.split("-", 1)[1] for p in result[1].values()) == sorted(f"{n}.arrow" for n in frames)
    back_outs, back = corpus_pool._frames_from_files(result)
    assert list(handoff.iterdir()) == []
    assert [o.doc_id for o in back_outs] == [o.doc_id for o in outs]
    for name, frame in frames.items():
        assert back[name].equals(frame), name


def test_a_batch_whose_files_cannot_be_written_comes_back_as_frames(generated, tmp_path):
    jobs = _jobs(generated)
    _, frames = corpus_build._process_batch(jobs)
    result = corpus_pool._process_batch_to_files(jobs, str(tmp_path / "no such folder"))
    assert all(isinstance(v, pl.DataFrame) for v in result[1].values())  # the frames themselves, not paths
    _, back = corpus_pool._frames_from_files(result)
    for name, frame in frames.items():
        assert back[name].equals(frame), name


def test_bench_ratio_is_the_median_of_paired_ratios():
    """make bench's build / jieba: each cold build set against the jieba run right after it, not medians taken apart."""
    import doctest

    import bench.run as bench_run

    colds = [{"seconds": 6.0, "rss_mb": 900.0, "docs": 1, "mb": 1.0, "tokens": 1}, {"seconds": 5.0, "rss_mb": 950.0, "docs": 1, "mb": 1.0, "tokens": 1},
             {"seconds": 7.0, "rss_mb": 920.0, "docs": 1, "mb": 1.0, "tokens": 1}]
    jiebas = [{"seconds": 60.0}, {"seconds": 48.0}, {"seconds": 64.0}]
    row = bench_run.pair_summary(colds, jiebas)
    assert row["ratio"] == pytest.approx(5.0 / 48.0)  # by hand: 0.1, 0.10417, 0.10938; the ratio of the medians would be 6 / 60 = 0.1
    assert row["cold"]["seconds"] == 6.0 and row["cold"]["rss_mb"] == 950.0 and row["jieba"]["seconds"] == 60.0
    row.update(n=1000, cached={"seconds": 0.4, "rss_mb": 800.0}, incremental={"seconds": 1.0}, incremental_warm={"seconds": 0.5})
    text = bench_run.table([row])
    assert "| 0.104 |" in text and "6.0/60.0 = 0.100, 5.0/48.0 = 0.104, 7.0/64.0 = 0.109" in text
    assert doctest.testmod(bench_run).failed == 0
