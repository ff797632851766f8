"""Corpus records: which chunks make a corpus, reading and writing them, and pruning old caches.

A corpus record is a folder ``corpus-<key>/`` under ``data/processed/``
holding ``meta.json`` (the key, the source folder, the chunks in order, every
file's header) and ``problems.parquet``. This module reads a record and its
chunks back into frames (:func:`_read_cache`), writes one atomically
(:func:`_write_cache`), finds the documents earlier builds already processed
(:func:`_known_documents`) and removes what is no longer used (:func:`_prune`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import polars as pl

from .. import __version__, config, integrity, schemas
from .chunks import _chunk_dir, _chunk_ids, _chunk_ok, _chunk_what, _read_chunk_frames, _verified_chunk


#: Corpus caches kept per source folder (the newest); older ones are deleted after a build.
KEEP_CORPUS_CACHES = 2

#: Chunks no corpus cache lists are deleted after a build once they are this old.
CHUNK_GRACE_SECONDS = 3600


def _record(meta: Path) -> dict:
    """A corpus record (``meta.json``), checked: its checksum and the types of the fields the cache relies on."""
    what = f"cache: corpus record {meta.parent.name}"
    info = integrity.read_record(meta, what=what)
    docs, chunks = info.get("docs"), info.get("chunks")
    if not (
        isinstance(info.get("key"), str) and isinstance(info.get("source"), str) and isinstance(info.get("built"), str)
        and isinstance(chunks, list) and all(isinstance(c, str) for c in chunks)
        and isinstance(docs, list) and all(isinstance(d, dict) and isinstance(d.get("key"), str) for d in docs)
    ):
        msg = f"{what}: meta.json lacks a field or has one of the wrong type"
        raise integrity.Damaged(msg)
    return info


def _entries(folder: Path) -> list[Path]:
    """The entries of a folder; none when it cannot be listed (a concurrent build may be removing it)."""
    try:
        return [Path(e.path) for e in os.scandir(folder)]
    except OSError:
        return []


def _metas() -> list[tuple[Path, dict]]:
    """Every valid corpus record's folder and ``meta.json``, newest first (damaged ones are left out)."""
    found = []
    for folder in _entries(config.PROCESSED_DIR):
        if not folder.name.startswith("corpus-") or integrity.TMP_MARK in folder.name or integrity.TRASH_MARK in folder.name:
            continue  # a record being written or removed by another build
        meta = folder / "meta.json"
        try:
            info = _record(meta)
            stamp = f"{info['built']}|{meta.stat().st_mtime_ns:020d}"
        except (OSError, integrity.Damaged):
            continue
        found.append((stamp, meta.parent, info))
    return [(folder, info) for _, folder, info in sorted(found, key=lambda x: x[0], reverse=True)]


def _prune(source: Path, *, keep: Path) -> None:
    """Delete all but the newest :data:`KEEP_CORPUS_CACHES` corpus caches built from ``source``, then unused chunks."""
    mine = [folder for folder, info in _metas() if info.get("source") == str(source) and folder != keep]
    for folder in mine[KEEP_CORPUS_CACHES - 1 :]:
        integrity.remove(folder)
    used = {c for _, info in _metas() for c in info.get("chunks", [])}
    now = dt.datetime.now().timestamp()
    shards = _entries(config.PROCESSED_DIR / "chunks")
    for folder in (f for shard in shards for f in _entries(shard)):
        try:
            # an hour's grace: another build running on the same folder may not have listed its new chunks yet
            stale = now - folder.stat().st_mtime > CHUNK_GRACE_SECONDS
        except OSError:
            continue
        if folder.name not in used and integrity.TMP_MARK not in folder.name and integrity.TRASH_MARK not in folder.name and stale:
            integrity.remove(folder)
    # what killed builds left: temporary and set-aside folders past the same grace period
    integrity.sweep([config.PROCESSED_DIR, *shards], older_than=CHUNK_GRACE_SECONDS)


def _known_documents(notes: list[list[str]] | None = None) -> dict[str, dict]:
    """Headers of documents in any corpus cache whose chunk checks out (or that were not loaded), by per-document key.

    A chunk that does not match its ``check.json`` is deleted (its documents
    are processed again, and the chunk written anew), with a note.
    """
    known: dict[str, dict] = {}
    bad: set[str] = set()
    for _, info in _metas():
        if info.get("schema") != schemas.VERSION:
            continue  # written under another frame contract: none of its keys can match, its chunks are not damaged
        for d in info["docs"]:
            if d["key"] in known:
                continue
            if not d.get("ok"):
                known[d["key"]] = d  # a file that could not be loaded: its problems are all there is
            elif d.get("kept") and isinstance(d.get("chunk"), str) and d["chunk"] and d["chunk"] not in bad:
                ids = _chunk_ids(d["chunk"])
                if ids is not None:
                    if d.get("doc_id") in ids:  # else the record does not describe this chunk: process the file again
                        known[d["key"]] = d
                elif _chunk_dir(d["chunk"]).exists():
                    bad.add(d["chunk"])
                    if notes is not None and not any(m.startswith(_chunk_what(d["chunk"])) for _, m in notes):
                        notes.append(["info", _damage_note(d["chunk"])])
                    integrity.remove(_chunk_dir(d["chunk"]))
    return known


def _damage_note(chunk: str) -> str:
    try:
        _verified_chunk(chunk)
        reason = f"{_chunk_what(chunk)}: damaged"
    except integrity.Damaged as err:
        reason = str(err)
    return f"{reason}; its reports were processed again and the chunk rewritten."


def _read_cache(
    folder: Path, key: str, notes: list[list[str]] | None = None, *, fresh: dict[str, dict[str, pl.DataFrame]] | None = None
) -> dict[str, pl.DataFrame] | None:
    """The five frames of a corpus cache, every file checked; None if it is missing, for another key, or damaged.

    ``fresh``: the finished frames of chunks this process has just written, taken
    as they are rather than read back (:func:`.chunks._read_chunk_frames`).

    Damage (a record or file that does not match its checksum, a chunk
    holding other documents than the record lists) adds an info note naming
    what was wrong; the caller rebuilds.
    """
    meta = folder / "meta.json"
    if not meta.exists():
        return None
    try:
        info = _record(meta)
        if info["key"] != key:
            return None
        kept = [d for d in info["docs"] if d.get("kept")]
        doc_ids: dict[str, list[str]] = {}
        for d in kept:
            doc_ids.setdefault(d.get("chunk"), []).append(d.get("doc_id"))
        if list(doc_ids) != info["chunks"]:
            msg = f"cache: corpus record {folder.name}: its chunk list does not match its documents"
            raise integrity.Damaged(msg)
        frames = _read_chunk_frames(info["chunks"], doc_ids, fresh=fresh)
        frames["problems"] = integrity.read_parquet(folder / "problems.parquet", info.get("problems"), what=f"cache: corpus record {folder.name}")
        schemas.check(frames["problems"], schemas.PROBLEMS, "problems")
    except integrity.Damaged as err:
        if notes is not None:
            notes.append(["info", f"{err}; the corpus was rebuilt from the reports (unchanged chunks reused)."])
        return None
    except (OSError, ValueError, TypeError, pl.exceptions.PolarsError) as err:
        if notes is not None:
            notes.append(["info", f"cache: corpus record {folder.name} cannot be read ({err.__class__.__name__}: {err}); the corpus was rebuilt."])
        return None
    return frames


def _write_cache(folder: Path, key: str, problems: pl.DataFrame, *, chunks: list[str], source: Path, docs: list[dict]) -> None:
    """Write a corpus cache (``meta.json`` and the problems) into a temporary folder, then rename it into place.

    ``meta.json`` records the key, the source folder, the corpus's chunks,
    each document's header (per-document key, problems, metadata without the
    text, chunk), so later builds can take unchanged documents from here, and
    the checksum of ``problems.parquet``; it carries a checksum of its own.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + integrity.TMP_MARK, dir=folder.parent))
    try:
        written = integrity.write_parquet(problems, tmp / "problems.parquet")
        info = {
            "key": key, "version": __version__, "schema": schemas.VERSION, "built": dt.datetime.now().isoformat(timespec="microseconds"),
            "source": str(source), "chunks": chunks, "docs": docs, "problems": written,
        }
        integrity.write_record(tmp / "meta.json", info)
        integrity.put_in_place(tmp, folder, valid=lambda f: _record_ok(f, key))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _has_damaged_chunk(folder: Path) -> bool:
    """True when a chunk listed by the (readable) corpus record in ``folder`` does not match its own ``check.json``.

    Then the record is kept for the build, which reuses its intact chunks;
    otherwise the damage is in the record and it is removed.
    """
    try:
        chunks = _record(folder / "meta.json")["chunks"]
    except (OSError, integrity.Damaged):
        return False
    return not all(_chunk_ok(c) for c in chunks)


def _record_ok(folder: Path, key: str) -> bool:
    """True when ``folder`` holds a corpus record for ``key`` that loads, every file checked (another build's, as good as ours)."""
    return _read_cache(folder, key) is not None
