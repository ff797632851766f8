"""The cache verifies what it loads: damaged or edited files are rebuilt with a note, never returned.

The probe's cache attacks, on real cache files written from the seed reports:
a flipped byte, an edited chunk list or doc_id, a corpus record of ``[]`` or
``null``, a damaged chunk followed by an edit, concurrent builds, a cache
folder that cannot be written, leftovers of killed builds. After each, the
load must equal a fresh build (``cache=False``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import pytest

import workbench as wb
import workbench.corpus as corpus_mod
import workbench.corpus.chunks as corpus_chunks
from workbench import config, integrity

from _old_contract import as_old, old_contract, old_schema

FRAMES = ("documents", "sections", "sentences", "tokens", "metadata")


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """The five seeds, one chunk each (CHUNK_DOCS = 1), a cache of our own."""
    src = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, src)
    processed = tmp_path / "processed"
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)
    monkeypatch.setattr(corpus_chunks, "CHUNK_DOCS", 1)
    return src, processed


def _same_as_fresh(corpus: wb.Corpus, src: Path) -> None:
    fresh = wb.load_corpus(src, cache=False)
    for name in FRAMES:
        assert getattr(corpus, name).equals(getattr(fresh, name)), name
    assert corpus.problems.filter(pl.col("source_file") != "cache").equals(fresh.problems)


def _cache_notes(corpus: wb.Corpus) -> list[tuple[str, str]]:
    return corpus.problems.filter(pl.col("source_file") == "cache").select("severity", "message").rows()


def _record(processed: Path) -> Path:
    """The newest corpus record."""
    return max(processed.glob("corpus-*/meta.json"), key=lambda p: json.loads(p.read_text(encoding="utf-8"))["built"])


def _chunk_of(processed: Path, doc_id: str) -> Path:
    info = json.loads(_record(processed).read_text(encoding="utf-8"))
    (chunk,) = {d["chunk"] for d in info["docs"] if d["doc_id"] == doc_id}
    return processed / "chunks" / chunk[:2] / chunk


def test_a_flipped_byte_in_a_chunk_is_caught_and_rebuilt(setup):
    src, processed = setup
    wb.load_corpus(src)
    chunk = _chunk_of(processed, "002_7456ba8b65555133")
    path = chunk / "documents.parquet"
    data = bytearray(path.read_bytes())
    at = data.find("1312件".encode())
    assert at > 0, "the figure is stored as a literal in the lz4 page"
    data[at] = ord("9")  # 1312件 → 9312件, the probe's flip
    path.write_bytes(bytes(data))
    c = wb.load_corpus(src)
    assert "9312件" not in c.documents["text"].str.join("").item()
    (note,) = _cache_notes(c)
    assert note[0] == "info" and f"cache: chunk {chunk.name[:12]}: documents.parquet does not match its checksum" in note[1]
    _same_as_fresh(c, src)
    assert _cache_notes(wb.load_corpus(src)) == []  # healed


@pytest.mark.parametrize("edit", ["drop-chunk", "doc-id", "rechecksummed-drop-chunk", "rechecksummed-doc-id"])
def test_an_edited_corpus_record_is_caught_and_rebuilt(setup, edit):
    src, processed = setup
    wb.load_corpus(src)
    meta = _record(processed)
    info = json.loads(meta.read_text(encoding="utf-8"))
    if edit.endswith("drop-chunk"):
        info["chunks"] = info["chunks"][1:]  # the probe: loads 238 of 300 documents
    else:
        info["docs"][2]["doc_id"] = info["docs"][1]["doc_id"]  # a duplicate doc_id
    if edit.startswith("rechecksummed"):
        integrity.write_record(meta, {k: v for k, v in info.items() if k != "checksum"})  # consistent with its checksum
    else:
        meta.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    c = wb.load_corpus(src)
    assert c.documents.height == 5 and c.documents["doc_id"].n_unique() == 5
    (note,) = _cache_notes(c)
    expected = {
        "drop-chunk": "meta.json does not",  # start with (or match) its checksum
        "doc-id": "meta.json does not",
        "rechecksummed-drop-chunk": "its chunk list does not match its documents",
        "rechecksummed-doc-id": "holds other documents than the corpus record lists",
    }[edit]
    assert note[0] == "info" and expected in note[1], note
    _same_as_fresh(c, src)


@pytest.mark.parametrize("content", ["[]", "null", "{}", '{"key": 3}', "\x00\x01garbage"])
def test_a_malformed_corpus_record_does_not_break_later_loads(setup, tmp_path, content):
    src, processed = setup
    wb.load_corpus(src)
    _record(processed).write_text(content, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(config.RAW_DIR / "004_195c9ab24f188643.txt", other)
    assert wb.load_corpus(other).documents.height == 1  # another source's build reads every record: not broken
    c = wb.load_corpus(src)
    _same_as_fresh(c, src)
    assert [sev for sev, _ in _cache_notes(c)] == ["info"]
    assert _cache_notes(wb.load_corpus(src)) == []


def test_a_damaged_chunk_then_an_edit_to_its_report_heals(setup):
    src, processed = setup
    wb.load_corpus(src)
    chunk = _chunk_of(processed, "002_7456ba8b65555133")
    (chunk / "tokens.parquet").write_bytes(b"damaged")
    report = src / "002_7456ba8b65555133.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("2481.83万元", "2481.84万元"), encoding="utf-8")
    c = wb.load_corpus(src)  # the probe: failed on every build from here on
    assert "2481.84万元" in c.documents.filter(pl.col("doc_id") == "002_7456ba8b65555133")["text"][0]
    _same_as_fresh(c, src)
    # a damaged chunk of an unchanged report in the same situation: rebuilt with a note
    other = _chunk_of(processed, "003_78505e7b94e162d7")
    (other / "sentences.parquet").write_bytes(b"damaged")
    (src / "004_195c9ab24f188643.txt").write_text((src / "004_195c9ab24f188643.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    c = wb.load_corpus(src)
    assert any(f"cache: chunk {other.name[:12]}" in m for _, m in _cache_notes(c))
    _same_as_fresh(c, src)


def test_missing_check_record_means_rebuilt(setup):
    src, processed = setup
    wb.load_corpus(src)
    (_chunk_of(processed, "000_270b53498ad70ad4") / "check.json").unlink()
    c = wb.load_corpus(src)
    (note,) = _cache_notes(c)
    assert "check.json cannot be read" in note[1]
    _same_as_fresh(c, src)


_CONCURRENT = """
import sys, workbench as wb
for _ in range(3):
    c = wb.load_corpus(sys.argv[1])
    bad = c.problems.filter(c.problems["severity"] != "info")
    print(c.documents.height, c.tokens.height, bad.height)
    for row in bad.rows():
        print(row, file=sys.stderr)
"""


def test_concurrent_builds_never_crash(tmp_path):
    """Eight processes build and load the same corpus and cache at once (the probe: 4-5 of 90 crashed)."""
    src = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, src)
    env = {**os.environ, "WORKBENCH_PROCESSED_DIR": str(tmp_path / "processed")}
    procs = [
        subprocess.Popen([sys.executable, "-c", _CONCURRENT, str(src)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    results = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    lines = {line for out, _ in results for line in out.splitlines()}
    assert all(not err.strip() for _, err in results), [err for _, err in results if err.strip()]
    fresh = wb.load_corpus(src, cache=False)
    assert lines == {f"5 {fresh.tokens.height} 0"}
    assert not [p for p in (tmp_path / "processed").rglob("*") if integrity.TMP_MARK in p.name or integrity.TRASH_MARK in p.name]


def test_a_cache_folder_that_cannot_be_created_gives_one_warning(tmp_path, monkeypatch):
    src = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, src)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(config, "PROCESSED_DIR", blocker / "processed")  # read-only in effect, even for root
    c = wb.load_corpus(src)
    (note,) = _cache_notes(c)
    assert note[0] == "warning" and "cannot be written" in note[1] and "built without caching" in note[1]
    _same_as_fresh(c, src)
    # strict loads are not refused for it: the warning is about the cache, not the reports
    assert wb.load_corpus(src, strict=False).documents.height == 5


def test_a_cache_write_that_fails_mid_build_gives_one_warning(setup):
    """The folder is writable but chunks cannot be written (as on a full disk): built without the cache."""
    src, processed = setup
    processed.mkdir()
    (processed / "chunks").write_text("in the way")
    c = wb.load_corpus(src)
    (note,) = _cache_notes(c)
    assert note[0] == "warning" and "cannot be written" in note[1]
    _same_as_fresh(c, src)
    assert not list(processed.glob("corpus-*"))


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="root writes anywhere and setpriv is missing")
def test_a_read_only_cache_folder_gives_one_warning():
    base = Path(tempfile.mkdtemp(prefix="wb-readonly-"))  # under /tmp, reachable by the unprivileged user
    try:
        src = base / "raw"
        shutil.copytree(config.RAW_DIR, src)
        processed = base / "processed"
        processed.mkdir()
        for p in (base, src, *src.iterdir()):
            p.chmod(0o755 if p.is_dir() else 0o644)
        processed.chmod(0o555)
        code = (
            "import sys, workbench as wb; c = wb.load_corpus(sys.argv[1]); print(c.documents.height); "
            "print(c.problems.filter(c.problems['source_file'] == 'cache').rows())"
        )
        cmd = [sys.executable, "-c", code, str(src)]
        if os.geteuid() == 0:  # root writes anywhere: run the load as nobody
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        env = {**os.environ, "WORKBENCH_PROCESSED_DIR": str(processed)}
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        assert out.returncode == 0, out.stderr
        height, rows = out.stdout.splitlines()[:2]
        assert height == "5"
        assert rows.count("'warning'") == 1 and "cannot be written (PermissionError" in rows
        assert not list(processed.iterdir())
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_leftovers_of_killed_builds_are_removed_after_the_grace_period(setup):
    src, processed = setup
    wb.load_corpus(src)
    old = time.time() - corpus_mod.CHUNK_GRACE_SECONDS - 60
    stale = [processed / "corpus-abc.tmp-x1", processed / "chunks" / "ab" / ("ab" + "0" * 62 + ".tmp-y2"), processed / "chunks" / "ab" / "abc.trash-1-ff"]
    fresh = processed / "corpus-def.tmp-z3"
    for folder in (*stale, fresh):
        folder.mkdir(parents=True)
        (folder / "tokens.parquet").write_bytes(b"half")
    for folder in stale:
        os.utime(folder, (old, old))
    (src / "001_cb0d57f057b2aa38.txt").unlink()  # a change: a build runs and tidies up
    wb.load_corpus(src)
    assert not any(folder.exists() for folder in stale)
    assert fresh.exists()  # another build may still be writing it


def _strip_schema(record: Path) -> None:
    """Rewrite a record as the code before the compact contract wrote it: no "schema" member, its checksum recomputed."""
    info = json.loads(record.read_text(encoding="utf-8"))
    integrity.write_record(record, {k: v for k, v in info.items() if k not in ("checksum", "schema")})


def test_a_cache_of_the_string_id_contract_is_rebuilt_not_misread(setup, monkeypatch):
    """A real cache as the previous contract wrote it (String ids, Int64 offsets, no contract version) is not read."""
    src, processed = setup
    with monkeypatch.context() as m:
        old_contract(m)
        old = wb.load_corpus(src)
    assert old.tokens.schema["doc_id"] == pl.String and old.tokens.schema["char_start"] == pl.Int64
    for record in [*processed.glob("chunks/*/*/check.json"), *processed.glob("corpus-*/meta.json")]:
        _strip_schema(record)
    old_chunks = sorted(p.parent.name for p in processed.glob("chunks/*/*/check.json"))
    assert len(old_chunks) == 5
    assert pl.read_parquet_schema(next(processed.glob("chunks/*/*/tokens.parquet")))["doc_id"] == pl.String

    c = wb.load_corpus(src)
    for name in FRAMES:
        assert dict(getattr(c, name).schema) == dict(wb.schemas.FRAMES[name]), name
        assert dict(getattr(old, name).schema) == old_schema(wb.schemas.FRAMES[name]), name
    assert _cache_notes(c) == []  # not damage: another contract's cache is simply not this corpus's
    _same_as_fresh(c, src)
    chunks = {p.parent.name for p in processed.glob("chunks/*/*/check.json")}
    new_chunks = chunks - set(old_chunks)
    assert len(new_chunks) == 5 and set(old_chunks) <= chunks  # five new chunks; the old ones stay until pruned as usual
    for chunk in new_chunks:
        assert json.loads((processed / "chunks" / chunk[:2] / chunk / "check.json").read_text(encoding="utf-8"))["schema"] == 2
    assert len(list(processed.glob("corpus-*/meta.json"))) == 2
    again = wb.load_corpus(src)  # the new cache is the one read from now on: nothing more is written
    assert _cache_notes(again) == [] and {p.parent.name for p in processed.glob("chunks/*/*/check.json")} == chunks
    _same_as_fresh(again, src)


def test_a_chunk_with_the_old_dtypes_under_the_current_record_is_rebuilt(setup):
    """A chunk whose files and check.json agree (checksums recomputed) but whose dtypes are the old contract's."""
    src, processed = setup
    wb.load_corpus(src)
    chunk = _chunk_of(processed, "002_7456ba8b65555133")
    check = json.loads((chunk / "check.json").read_text(encoding="utf-8"))
    for name in ("documents", "sections", "sentences", "tokens", "metadata"):
        frame = as_old(pl.read_parquet(chunk / f"{name}.parquet"))
        check["files"][name] = integrity.write_parquet(frame, chunk / f"{name}.parquet", compression="lz4", statistics=False)
    integrity.write_record(chunk / "check.json", {k: v for k, v in check.items() if k != "checksum"})
    assert pl.read_parquet_schema(chunk / "tokens.parquet")["char_start"] == pl.Int64

    c = wb.load_corpus(src)
    notes = _cache_notes(c)
    assert notes and all(sev == "info" for sev, _ in notes)
    assert any(f"cache: chunk {chunk.name[:12]}" in m and "dtypes" in m for _, m in notes), notes
    for name in FRAMES:
        assert dict(getattr(c, name).schema) == dict(wb.schemas.FRAMES[name]), name
    _same_as_fresh(c, src)
    assert pl.read_parquet_schema(chunk / "tokens.parquet")["char_start"] == pl.Int32  # rewritten
    assert _cache_notes(wb.load_corpus(src)) == []  # healed
