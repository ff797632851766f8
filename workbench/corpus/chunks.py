"""The chunk store: runs of consecutive reports' rows as Parquet files, checked and written atomically.

The cache stores the kept documents' rows in chunks: runs of consecutive
documents (in file order) cut where a file name's hash says so, about
:data:`CHUNK_DOCS` documents each. A chunk is a folder of Parquet files (one
per frame) and a ``check.json`` (checksums, sizes, rows, doc_ids), named by
the hash of its documents' per-document keys; a corpus record
(:mod:`.store`) lists its chunks. Changing, adding or removing one report
rewrites only its chunk, and a load reads the corpus's chunks in order.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import polars as pl

from .. import __version__, config, integrity, schemas
from .build import _FRAME_NAMES, _DocOut, _fresh_frames
from .slices import read_frame, stored_schema


#: Average number of documents per chunk (chunk edges are where a file name's hash is 0 modulo this).
CHUNK_DOCS = 64

_CHUNK_FRAMES = ("documents", *_FRAME_NAMES)


#: The record in each chunk folder: checksum, size and rows of its Parquet files, and its doc_ids in order.
_CHECK = "check.json"


def _chunk_dir(chunk: str) -> Path:
    return config.PROCESSED_DIR / "chunks" / chunk[:2] / chunk


def _chunk_what(chunk: str) -> str:
    return f"cache: chunk {chunk[:12]}"


def _chunk_check(chunk: str) -> dict:
    """A chunk's ``check.json``, well-formed (raises :class:`integrity.Damaged`)."""
    what = _chunk_what(chunk)
    try:
        info = integrity.read_record(_chunk_dir(chunk) / _CHECK, what=what)
    except OSError as err:
        msg = f"{what}: {_CHECK} cannot be read ({err.__class__.__name__}: {err.strerror or err})"
        raise integrity.Damaged(msg) from err
    ids, files = info.get("doc_ids"), info.get("files")
    if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids) and isinstance(files, dict)):
        msg = f"{what}: {_CHECK} is malformed"
        raise integrity.Damaged(msg)
    if info.get("schema") != schemas.VERSION:
        msg = f"{what}: written under frame contract {info.get('schema', 1)}, this is {schemas.VERSION} (see workbench.schemas)"
        raise integrity.Damaged(msg)
    return info


def _verified_chunk(chunk: str) -> dict:
    """A chunk's ``check.json`` once every file matches it and has the columns and dtypes of its frame's contract.

    The dtypes are read from each Parquet file's footer (no rows are read).
    Raises :class:`integrity.Damaged` saying what does not match.
    """
    check = _chunk_check(chunk)
    folder = _chunk_dir(chunk)
    for name in _CHUNK_FRAMES:
        path = folder / f"{name}.parquet"
        integrity.verify(path, check["files"].get(name), what=_chunk_what(chunk))
        try:
            found = pl.read_parquet_schema(path)
        except (OSError, pl.exceptions.PolarsError) as err:
            msg = f"{_chunk_what(chunk)}: {path.name} matches its checksum but cannot be read ({err.__class__.__name__})"
            raise integrity.Damaged(msg) from err
        stored = stored_schema(name)
        if list(found.items()) != list(stored.items()):
            wrong = {c: str(t) for c, t in found.items() if stored.get(c) != t}
            msg = f"{_chunk_what(chunk)}: {path.name} has other columns or dtypes than its contract ({wrong or list(found)})"
            raise integrity.Damaged(msg)
    return check


#: Chunks checked by this process: chunk id → (the stat of its files then, its doc_ids); builds check each chunk once.
_CHECKED: dict[str, tuple[tuple, list[str]]] = {}


def _chunk_ids(chunk: str) -> list[str] | None:
    """The doc_ids of a chunk whose files all match its ``check.json`` (sizes and checksums), else None.

    Remembered while the files' sizes and times stay the same.
    """
    folder = _chunk_dir(chunk)
    try:
        stamp = tuple((st.st_size, st.st_mtime_ns) for st in (os.stat(folder / f) for f in (_CHECK, *(f"{n}.parquet" for n in _CHUNK_FRAMES))))
    except OSError:
        return None
    if chunk in _CHECKED and _CHECKED[chunk][0] == stamp:
        return _CHECKED[chunk][1]
    try:
        check = _verified_chunk(chunk)
    except integrity.Damaged:
        return None
    if len(_CHECKED) > 10_000:
        _CHECKED.clear()
    _CHECKED[chunk] = (stamp, check["doc_ids"])
    return check["doc_ids"]


def _chunk_ok(chunk: str) -> bool:
    """True when every file of a chunk matches its ``check.json``."""
    return _chunk_ids(chunk) is not None


def _read_chunk_frames(
    chunks: list[str], doc_ids: dict[str, list[str]] | None = None, *, text: bool = True, fresh: dict[str, dict[str, pl.DataFrame]] | None = None
) -> dict[str, pl.DataFrame]:
    """The frames of the given chunks, in order, every file checked against its chunk's ``check.json``.

    ``doc_ids`` (chunk → the doc_ids a corpus record says it holds) is
    checked too. With ``text=False`` the frames are as stored
    (:func:`.slices.stored_schema`: sections and sentences with byte offsets
    in place of their text). ``fresh`` holds the finished frames of chunks
    this process has just written (:attr:`_ChunkWriter.written`):
    they are taken as they are instead of being read back from their files.
    Raises :class:`integrity.Damaged` naming the chunk and file.
    """
    if not chunks:
        return {name: schemas.empty(schemas.FRAMES[name] if text else stored_schema(name)) for name in _CHUNK_FRAMES}
    fresh = {c: fresh[c] for c in chunks if c in (fresh or {})} if text else {}
    disk = [c for c in chunks if c not in fresh]
    names = ", ".join(c[:12] for c in chunks[:3]) + (" …" if len(chunks) > 3 else "")
    ids = {c: fresh[c]["documents"]["doc_id"].cast(pl.String).to_list() for c in fresh}
    read, rows = _read_stored(disk, names, ids, text=text)
    if doc_ids is not None:
        for c in chunks:
            if ids[c] != doc_ids.get(c):
                msg = f"{_chunk_what(c)}: holds other documents than the corpus record lists"
                raise integrity.Damaged(msg)
    if not fresh:
        out = read
    else:  # the chunks in order: fresh ones as given, the others sliced from what was read
        out = {}
        for name in _CHUNK_FRAMES:
            pieces, at = [], 0
            for c in chunks:
                if c in fresh:
                    pieces.append(fresh[c][name])
                else:
                    pieces.append(read[name].slice(at, rows[c][name]))
                    at += rows[c][name]
            out[name] = pl.concat(pieces)
            schemas.check(out[name], schemas.FRAMES[name], name)
    if out["documents"]["doc_id"].cast(pl.String).to_list() != [i for c in chunks for i in ids[c]]:
        msg = f"cache: chunks {names}: the documents are not the doc_ids their records list"
        raise integrity.Damaged(msg)
    return out


def _read_stored(chunks: list[str], names: str, ids: dict[str, list[str]], *, text: bool) -> tuple[dict[str, pl.DataFrame], dict[str, dict[str, int]]]:
    """The frames of chunks on disk, in order, every file checked (with their text, or as stored); and each chunk's rows per frame.

    Adds each chunk's doc_ids (from its ``check.json``) to ``ids``.
    """
    if not chunks:
        return {}, {}
    checks = {c: _chunk_check(c) for c in chunks}
    ids.update({c: checks[c]["doc_ids"] for c in chunks})
    import concurrent.futures as cf

    paths = {name: [_chunk_dir(c) / f"{name}.parquet" for c in chunks] for name in _CHUNK_FRAMES}
    jobs = [(path, checks[c]["files"].get(name), _chunk_what(c)) for name in _CHUNK_FRAMES for c, path in zip(chunks, paths[name])]
    # the checksums are computed in a thread while polars reads the files (both release the GIL)
    with cf.ThreadPoolExecutor(max_workers=1) as pool:
        verified = pool.submit(integrity.verify_many, jobs)
        try:
            out = {name: pl.read_parquet(paths[name]) for name in _CHUNK_FRAMES}
        except (OSError, ValueError, pl.exceptions.PolarsError) as err:
            verified.result()  # a file that does not match its checksum explains it (and is named)
            msg = f"cache: chunks {names}: cannot be read ({err.__class__.__name__})"
            raise integrity.Damaged(msg) from err
        verified.result()
    rows = {c: {name: checks[c]["files"][name].get("rows", -1) for name in _CHUNK_FRAMES} for c in chunks}
    for name in _CHUNK_FRAMES:
        expected = sum(r[name] for r in rows.values())
        if out[name].height != expected:
            msg = f"cache: chunks {names}: {name} has {out[name].height} rows, {expected} were written"
            raise integrity.Damaged(msg)
        try:  # columns and dtypes are checked, never cast: a chunk of another contract is rebuilt
            schemas.check(out[name], stored_schema(name), name)
            if text:
                out[name] = read_frame(name, out[name], out["documents"])
        except (TypeError, ValueError) as err:
            msg = f"cache: chunks {names}: the {name} frame has the wrong columns, dtypes or offsets ({err})"
            raise integrity.Damaged(msg) from err
    return out, rows


def _write_chunk(run: list[_DocOut], chunk: str, old: dict[str, dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame] | None:
    """Write one chunk (into a temporary folder, renamed into place) from fresh rows and rows of older chunks.

    Returns the frames written (as stored), or None when an intact chunk of that name was there already.
    """
    folder = _chunk_dir(chunk)
    if folder.is_dir() and _chunk_ok(chunk):
        return None
    pieces: dict[str, list[pl.DataFrame]] = {name: [] for name in _CHUNK_FRAMES}
    if all(o.frames is not None for o in run):  # all processed in this build (a cold build)
        pieces = {name: [frame] for name, frame in _fresh_frames(run, text=False).items()}
        run = []
    for o in run:  # fresh rows and rows of older chunks (read as stored) alike: sections and sentences with byte offsets
        if o.frames is not None:
            pieces["documents"].append(pl.DataFrame([o.meta], schema=schemas.DOCUMENTS))
            for name in _FRAME_NAMES:
                pieces[name].append(o.frames[name])
        else:
            rows = old[o.chunk]
            for name in _CHUNK_FRAMES:
                pieces[name].append(rows[name].get((o.doc_id,), schemas.empty(stored_schema(name))))
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=chunk + integrity.TMP_MARK, dir=folder.parent))
    try:
        files, written = {}, {}
        for name in _CHUNK_FRAMES:
            frame = written[name] = pl.concat([schemas.conform(p, stored_schema(name)) for p in pieces[name]])
            # lz4 without statistics: about 2.5x faster to read than the default zstd, for twice the size
            files[name] = integrity.write_parquet(frame, tmp / f"{name}.parquet", compression="lz4", statistics=False)
            if name == "documents":
                doc_ids = frame["doc_id"].to_list()
        integrity.write_record(tmp / _CHECK, {"chunk": chunk, "schema": schemas.VERSION, "files": files, "doc_ids": doc_ids})
        integrity.put_in_place(tmp, folder, valid=lambda _: _chunk_ok(chunk))  # a damaged chunk of the same name is replaced
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


class _ChunkWriter:
    """Cuts the kept documents (given in file order) into runs and writes each run's chunk when it closes.

    Chunks are written by one background thread (polars releases the GIL
    while it writes Parquet), so writing overlaps the processing of the next
    batch. Each document's ``chunk`` is set and its frames are dropped once
    written. Rows of unchanged documents in a changed run are read from the
    chunk that held them (the last few such chunks are kept in memory).
    """

    def __init__(self) -> None:
        import concurrent.futures as cf

        #: The finished frames (with their text) of every chunk written, by chunk id, so the
        #: build need not read them back: :func:`_read_chunk_frames` ``fresh``.
        self.written: dict[str, dict[str, pl.DataFrame]] = {}
        self.ids: list[str] = []
        self.run: list[_DocOut] = []
        self.old: dict[str, dict[str, dict]] = {}
        self.pool = cf.ThreadPoolExecutor(max_workers=1)
        self.pending: list = []

    def add(self, out: _DocOut) -> None:
        self.run.append(out)
        if int(hashlib.sha256(out.name.encode()).hexdigest()[:8], 16) % CHUNK_DOCS == 0:
            self._flush()

    def close(self) -> list[str]:
        """Write what is left, wait for every write, and return the chunk ids in order (re-raising a failed write)."""
        try:
            if self.run:
                self._flush()
            for future in self.pending:
                future.result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
        return self.ids

    def _flush(self) -> None:
        run, self.run = self.run, []
        h = hashlib.sha256(__version__.encode())
        for o in run:
            h.update(o.key.encode())
        chunk = h.hexdigest()
        old = {}
        if _chunk_dir(chunk).is_dir() and _chunk_ok(chunk):
            try:
                os.utime(_chunk_dir(chunk))  # in use again: not "unlisted and old" for a concurrent prune
            except OSError:
                pass
        else:
            for c in dict.fromkeys(o.chunk for o in run if o.frames is None):
                if c not in self.old:
                    if len(self.old) >= 4:
                        self.old.pop(next(iter(self.old)))
                    self.old[c] = {
                        name: frame.partition_by("doc_id", as_dict=True, maintain_order=True)
                        for name, frame in _read_chunk_frames([c], text=False).items()
                    }
                old[c] = self.old[c]
        for future in [f for f in self.pending if f.done()]:
            future.result()  # a failed write stops the build here
        self.pending = [f for f in self.pending if not f.done()]
        self.pending.append(self.pool.submit(self._write, run, chunk, old))
        self.ids.append(chunk)

    def _write(self, run: list[_DocOut], chunk: str, old: dict) -> None:
        written = _write_chunk(run, chunk, old)
        if written is not None:  # finished here, a chunk at a time: small transients
            try:
                self.written[chunk] = {name: read_frame(name, frame, written["documents"]) for name, frame in written.items()}
            except (TypeError, ValueError):  # not kept: the corpus reads the chunk from disk, where damage is named and rebuilt
                pass
        for o in run:
            o.chunk = chunk
            o.frames = None
            o.meta.pop("text", None)  # in the chunk now; the header does not carry it
