"""Batches and workers: how the files to build are processed, here or in spawned processes, and the whole build.

A build runs in three steps:

1. :func:`_build`: every file gets a per-document key (its bytes, its name,
   its manifest row, the dictionaries and the code); a document whose key is
   in a corpus cache's ``meta.json`` and whose chunk is on disk is not
   processed.
2. :func:`_iter_processed`: the remaining files are processed in batches
   (:func:`.build._process_batch`: read, clean, metadata, sections,
   sentences, one rjieba cut per body, the batch's frames built in polars),
   in this process or, for many files, also in spawned worker processes;
   documents come back in file order.
3. :func:`.checks._assemble`: in file order, the checks that need earlier
   documents (duplicate texts, doc_id clashes, two reports for one place);
   each kept document goes to the :class:`.chunks._ChunkWriter`, which writes
   a chunk of the cache as soon as its run of documents is complete, keeps
   the chunk's finished frames and drops the documents' own. The corpus is
   then made from those chunks (:func:`.chunks._read_chunk_frames`
   ``fresh``); chunks reused from earlier builds are read and checked.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Literal

import polars as pl

from .. import config, readers
from ..manifest import read_manifest
from ..readers import supported
from ..segmenter import read_wordlist
from .build import _BatchOut, _DocOut, _Job, _process_batch, _slice_into
from .checks import _assemble
from .chunks import _ChunkWriter
from .key import _code_hash, _deps_digest, _doc_key, _file_digests
from .store import _known_documents


Engine = Literal["auto", "jieba", "rjieba"]

#: Fewer files to process than this are built in this process, in batches (starting
#: worker processes costs seconds: importing polars and loading the dictionaries).
PARALLEL_MIN = 400

#: Files per batch: each batch is segmented and its token frame built in one go.
BATCH = 100


def _process_batch_to_files(jobs: list[_Job], folder: str) -> tuple[list[_DocOut], dict | None]:
    """:func:`.build._process_batch` in a worker process, its frames written as Arrow IPC files in ``folder``.

    Only the documents and the files' paths cross back to the parent
    process: writing and reading an uncompressed IPC file costs less than
    pickling the frames through a pipe (about 140 against 230 ms for a
    batch of 100 reports). Where the files cannot be written (a full disk),
    the frames themselves are returned.
    """
    import uuid

    outs, frames = _process_batch(jobs)
    if frames is None:
        return outs, None
    stem = Path(folder) / uuid.uuid4().hex
    paths = {name: f"{stem}-{name}.arrow" for name in frames}
    try:
        for name, frame in frames.items():
            frame.write_ipc(paths[name], compression="uncompressed")
    except (OSError, pl.exceptions.PolarsError):
        for path in paths.values():
            Path(path).unlink(missing_ok=True)
        return outs, frames
    return outs, paths


def _frames_from_files(result: tuple[list[_DocOut], dict | None]) -> _BatchOut:
    """A worker's batch with its frames read from the files it wrote (which are then deleted)."""
    outs, paths = result
    if paths is None or not all(isinstance(p, str) for p in paths.values()):
        return outs, paths  # no frames, or the frames themselves
    try:
        return outs, {name: pl.read_ipc(path) for name, path in paths.items()}
    finally:
        for path in paths.values():
            Path(path).unlink(missing_ok=True)


@contextmanager
def _spawn_safely():
    """Let spawned workers start without re-running the caller's script and with one polars thread each.

    Workers only need :mod:`workbench.corpus`; hiding ``__main__``'s file and
    spec while they start means a script that calls :func:`load_corpus`
    without an ``if __name__ == "__main__":`` guard is not run again in them.
    """
    main = sys.modules.get("__main__")
    saved = {k: getattr(main, k) for k in ("__file__", "__spec__") if main is not None and hasattr(main, k)}
    env = os.environ.get("POLARS_MAX_THREADS")
    pl.thread_pool_size()  # this process's pool is sized before the variable changes
    try:
        for k in saved:
            if k == "__file__":
                delattr(main, k)
            else:
                setattr(main, k, None)
        os.environ["POLARS_MAX_THREADS"] = "1"
        yield
    finally:
        for k, v in saved.items():
            setattr(main, k, v)
        if env is None:
            os.environ.pop("POLARS_MAX_THREADS", None)
        else:
            os.environ["POLARS_MAX_THREADS"] = env


#: The smallest batch handed out at the end of a parallel build.
MIN_BATCH = 20


def _batches(jobs: list[_Job], n_workers: int) -> list[list[_Job]]:
    """Consecutive batches of at most :data:`BATCH` jobs.

    With workers, each batch is at most a ``2 * n_workers``-th of the jobs
    still to hand out (and at least :data:`MIN_BATCH`), so batches shrink
    towards the end and the processes finish together rather than one
    waiting for another's last large batch.

    Examples
    --------
    >>> [len(b) for b in _batches(list(range(250)), 1)]
    [100, 100, 50]
    >>> [len(b) for b in _batches(list(range(500)), 2)]
    [100, 100, 75, 57, 42, 32, 24, 20, 20, 20, 10]
    """
    if n_workers <= 1:
        return [jobs[i : i + BATCH] for i in range(0, len(jobs), BATCH)]
    out, i = [], 0
    while i < len(jobs):
        size = min(BATCH, max(MIN_BATCH, -(-(len(jobs) - i) // (2 * n_workers))))
        out.append(jobs[i : i + size])
        i += size
    return out


def _iter_processed(jobs: list[_Job], *, workers: int | None, progress: bool) -> Iterator[_DocOut]:
    """Process jobs in batches and yield the documents in job order, each with its frames.

    In this process for fewer than :data:`PARALLEL_MIN` jobs or ``workers=1``,
    else also in spawned worker processes. Documents are yielded as their
    batch is done, so the caller can store and drop them as it goes.
    """
    n_workers = workers or os.cpu_count() or 1
    if n_workers <= 1 or len(jobs) < PARALLEL_MIN:
        n_workers = 1
    batches = _batches(jobs, n_workers)
    bar = None
    if progress and jobs:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(jobs), desc="building corpus", unit="file")

    def spread(results: Iterator[_BatchOut]) -> Iterator[_DocOut]:
        for batch_outs, frames in results:
            if frames is not None:
                _slice_into([o for o in batch_outs if o.ok], frames)
            del frames
            if bar is not None:
                bar.update(len(batch_outs))
            yield from batch_outs

    dropped = False

    def no_more_here() -> None:
        """This process builds no more batches: in a large build, drop its segmenter (the corpus fills memory now)."""
        nonlocal dropped
        if len(jobs) >= PARALLEL_MIN and not dropped:
            _drop_segmenter()
            dropped = True

    def built_here(batch: list[_Job], i: int) -> _BatchOut:
        out = _process_batch(batch)
        if i == len(batches) - 1:
            no_more_here()
        return out

    try:
        if n_workers <= 1:
            yield from spread(built_here(batch, i) for i, batch in enumerate(batches))
            return
        import concurrent.futures as cf

        import multiprocessing as mp

        # "spawn": polars' thread pool makes fork unsafe; each worker loads its own Segmenter.
        # Batches are handed out in order. A worker is handed its next batch as soon as it hands one
        # back (a callback in the pool's thread), so it holds one batch at a time; this process builds
        # the next batch not handed out whenever the one due next in order is not back yet. So at the
        # end no batch waits at a worker while this process is idle (docs/scale.md, "How a build runs").
        import tempfile
        import threading

        pool = None
        handoff = tempfile.TemporaryDirectory(prefix="workbench-batches-")  # workers' frames on their way here
        try:
            lock = threading.RLock()  # reentrant: a callback on a future already done runs in the submitting thread
            pending: dict[int, cf.Future] = {}  # batches at a worker, until collected here
            nxt = 0  # next batch to hand out or build

            def hand_out(_finished: cf.Future | None = None) -> None:
                nonlocal nxt
                with lock:
                    while nxt < len(batches) and sum(not f.done() for f in pending.values()) < n_workers - 1:
                        try:
                            future = pool.submit(_process_batch_to_files, batches[nxt], handoff.name)
                        except RuntimeError:  # shut down (the build is ending) or broken (BrokenProcessPool: collecting raises)
                            return
                        pending[nxt] = future
                        nxt += 1
                        future.add_done_callback(hand_out)

            with _spawn_safely():  # the workers start here, on the first submissions
                pool = cf.ProcessPoolExecutor(max_workers=n_workers - 1, mp_context=mp.get_context("spawn"))
                hand_out()

            def in_order() -> Iterator[_BatchOut]:
                nonlocal nxt
                done: dict[int, _BatchOut] = {}
                for i in range(len(batches)):
                    while i not in done:
                        with lock:
                            last = nxt >= len(batches)  # every batch handed out or built
                            future = pending.get(i)
                            mine = None
                            if future is None or not (future.done() or last):
                                mine, nxt = nxt, nxt + 1  # build here the next batch not handed out
                            else:
                                del pending[i]
                        if last:
                            no_more_here()  # none is left for this process
                        if mine is None:
                            done[i] = _frames_from_files(future.result())
                        else:
                            done[mine] = built_here(batches[mine], mine)
                    if i == len(batches) - 1:  # every batch is back: the workers exit while this process finishes
                        pool.shutdown(wait=False)
                    yield done.pop(i)

            yield from spread(in_order())
        finally:
            try:
                if pool is not None:  # after a failure, cancel what has not started and wait for the rest; after
                    # the early shutdown above this waits for nothing (the pool no longer holds its manager thread)
                    pool.shutdown(wait=True, cancel_futures=True)
            finally:
                handoff.cleanup()
    finally:
        if bar is not None:
            bar.close()


def _drop_segmenter() -> None:
    """Drop this process's segmenter (its dictionaries, about 190 MB) and the remembered token flags."""
    from . import build

    build._SEGMENTERS.clear()
    build._flags.cache_clear()


def _release_build_memory() -> None:
    """Give back what a large build held once it is done: the segmenter (about 190 MB) and freed heap.

    Called after a build of :data:`PARALLEL_MIN` reports or more, so a
    session that rebuilds one report at a time keeps its segmenter warm.
    Memory freed to the C library's heap (rjieba's dictionary, numpy and
    Python objects) is handed back to the system where the C library can
    (glibc's ``malloc_trim``; elsewhere nothing more is done). Polars has an
    allocator of its own (jemalloc), which this does not reach.
    """
    import ctypes
    import gc

    _drop_segmenter()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _build(
    files: list[Path],
    *,
    strict: bool,
    progress: bool,
    engine: Engine = "auto",
    workers: int | None = None,
    cache: bool = False,
    digests: dict[str, str] | None = None,
    skipped: list[readers.Skipped] | None = None,
    notes: list[list[str]] | None = None,
) -> tuple[list[_DocOut], pl.DataFrame, list[_DocOut], list[str], dict[str, dict[str, pl.DataFrame]]]:
    """Process ``files``, taking unchanged documents from earlier builds when ``cache`` is on.

    A document whose per-document key is in a corpus cache (``meta.json``)
    and whose chunk is still on disk is not processed: its rows come from
    that chunk. The documents flow in file order through the checks across
    documents (:func:`_assemble`); with the cache on, each chunk is written
    as soon as its documents are through and their frames are dropped, so a
    build holds about one chunk at a time, not the corpus.

    Returns the kept documents in file order (with their frames only when
    ``cache`` is off), the problems frame, every document (for
    ``meta.json``), the chunk ids (empty when ``cache`` is off) and the
    frames of the chunks this build wrote, as stored, by chunk id (so the
    corpus need not read them back from disk).
    """
    manifest = read_manifest(config.MANIFEST)
    digests = digests if digests is not None else _file_digests(files)
    limits = readers.LIMITS
    base = _code_hash() + _deps_digest() + repr(limits)
    first = [(e.source_file, e.severity, e.message, None) for e in skipped or []]
    first += [(config.MANIFEST.name, "warning", m, None) for m in manifest.warnings([p.name for p in files])]
    user_dict = str(config.USER_DICT) if config.USER_DICT.exists() else None
    stop = read_wordlist(config.STOPWORDS)
    known = _known_documents(notes) if cache else {}
    plan: list[_DocOut | _Job | None] = []
    for path in files:
        if not supported(path):
            plan.append(None)
            continue
        row = manifest.get(path.name, {})
        key = _doc_key(base, path.name, row, digests[path.name])
        header = known.get(key)
        plan.append(_DocOut.from_header(header) if header is not None else _Job(str(path), path.name, key, row, user_dict, stop, engine, False, limits))
    processed = _iter_processed([p for p in plan if isinstance(p, _Job)], workers=workers, progress=progress)
    outs: list[_DocOut] = []

    def in_file_order() -> Iterator[_DocOut | None]:
        for p in plan:
            out = next(processed) if isinstance(p, _Job) else p
            if out is not None:
                outs.append(out)
            yield out

    writer = _ChunkWriter() if cache else None
    try:
        kept, problems = _assemble(files, in_file_order(), strict=strict, sink=writer.add if writer else None, first=first)
        chunks = writer.close() if writer else []
    finally:
        processed.close()
        if writer is not None:
            writer.pool.shutdown(wait=True, cancel_futures=True)  # after a failure: let started writes finish
    if sum(isinstance(p, _Job) for p in plan) >= PARALLEL_MIN:
        _release_build_memory()
    return kept, problems, outs, chunks, (writer.written if writer else {})
