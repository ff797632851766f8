"""The corpus: raw report files → five polars frames, cached as Parquet.

:func:`load_corpus` is the entry point. It reads every file of the source
folder, cleans it, infers metadata (overridden by ``data/manifest.csv``),
segments sections and sentences, tokenizes with jieba (or rjieba, same
tokens), and returns a :class:`Corpus`. Built frames are cached under
``data/processed/`` in chunks of about 64 reports, keyed by the raw files'
content, the dictionaries, the manifest and the code: a changed input
rebuilds only the chunks it touches, an unchanged corpus loads from disk
(about 0.3 s for 1,000 reports). See ``docs/scale.md``.

The package is split by what each part owns:

* :mod:`.build`: reports → rows (reading, cleaning, metadata, sections,
  sentences and tokens of a batch of files);
* :mod:`.checks`: checks across documents and :class:`CorpusError`;
* :mod:`.pool`: batches, worker processes and the whole build;
* :mod:`.chunks`: the chunk store (Parquet files, checks, atomic writes);
* :mod:`.store`: corpus records, reading a cached corpus, pruning;
* :mod:`.key`: the cache keys;
* this module: :class:`Corpus` and :func:`load_corpus`.
"""

from __future__ import annotations

import os
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .. import config, integrity, schemas
from .build import _fresh_frames
from .checks import CorpusError
from .chunks import CHUNK_DOCS
from .key import _file_digests, _scan, cache_key
from .pool import BATCH, PARALLEL_MIN, Engine, _build
from .store import CHUNK_GRACE_SECONDS, KEEP_CORPUS_CACHES, _has_damaged_chunk, _prune, _read_cache, _write_cache

__all__ = [
    "BATCH",
    "CHUNK_DOCS",
    "CHUNK_GRACE_SECONDS",
    "KEEP_CORPUS_CACHES",
    "PARALLEL_MIN",
    "Corpus",
    "CorpusError",
    "Engine",
    "cache_key",
    "load_corpus",
]


@dataclass
class Corpus:
    """The five frames of a corpus; see ``workbench.schemas`` for their columns.

    Attributes
    ----------
    documents, sections, sentences, tokens, problems : polars.DataFrame
    source : Path
        Folder the reports were read from.
    key : str
        Cache key (content hash of inputs and code).
    """

    documents: pl.DataFrame
    sections: pl.DataFrame
    sentences: pl.DataFrame
    tokens: pl.DataFrame
    problems: pl.DataFrame
    metadata: pl.DataFrame = field(default_factory=lambda: schemas.empty(schemas.METADATA))
    source: Path = field(default_factory=lambda: config.RAW_DIR)
    key: str = ""

    def summary(self) -> pl.DataFrame:
        """One row per document: district, year, and counts of sections, sentences and tokens."""
        counts = [
            self.sections.group_by("doc_id").agg(pl.len().alias("n_sections")),
            self.sentences.group_by("doc_id").agg(pl.len().alias("n_sentences")),
            self.tokens.group_by("doc_id").agg(pl.len().alias("n_tokens")),
        ]
        out = self.documents.select("doc_id", "district", "year", "n_chars")
        for c in counts:
            out = out.join(c, on="doc_id", how="left")
        return out.with_columns(pl.exclude("doc_id", "district", "year", "n_chars").fill_null(0)).sort("doc_id")

    def describe(self) -> str:
        """A short text summary: documents, sections by kind, sentences, tokens, problems."""
        kinds = (
            self.sections.filter(pl.col("level") == 1)
            .group_by("kind")
            .len()
            .sort("kind")
            .iter_rows()
        )
        by_sev = dict(self.problems.group_by("severity").len().iter_rows())
        lines = [
            f"documents: {self.documents.height}",
            f"sections:  {self.sections.height} (level-1 parts: "
            + ", ".join(f"{k} {n}" for k, n in kinds)
            + ")",
            f"sentences: {self.sentences.height}",
            f"tokens:    {self.tokens.height}",
            "problems:  "
            + (", ".join(f"{s} {by_sev[s]}" for s in schemas.SEVERITIES if s in by_sev) or "none"),
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Corpus({self.source}, key={self.key[:12]})\n" + self.describe()


def _with_notes(frames: dict[str, pl.DataFrame], notes: list[list[str]]) -> dict[str, pl.DataFrame]:
    """``frames`` with the notes of this load (cache damage, an unwritable cache) added to ``problems`` (not cached)."""
    if not notes:
        return frames
    rows = pl.DataFrame([{"source_file": "cache", "severity": sev, "message": msg} for sev, msg in notes], schema=schemas.PROBLEMS)
    return {**frames, "problems": pl.concat([frames["problems"], rows])}


def load_corpus(
    source: str | os.PathLike[str] | None = None,
    *,
    cache: bool = True,
    strict: bool = False,
    progress: bool | None = None,
    engine: Engine = "auto",
    workers: int | None = None,
) -> Corpus:
    """Load the corpus of a folder of report files into polars frames.

    Parameters
    ----------
    source : str or path-like, optional
        Folder of reports (``.txt`` in UTF-8/GBK/GB18030, ``.html``, ``.docx``).
        A relative path is taken from the current working directory, as
        ``open()`` takes it (in a notebook: the notebook's folder, so
        ``"../data/raw"`` from ``notebooks/``). Default: the project's
        ``data/raw``, wherever Python runs. Files are never modified.
    cache : bool, default True
        Read the cache under ``data/processed/`` when it matches the inputs;
        write it after a build. ``False`` always rebuilds and writes nothing.
        The cache holds the frames in chunks of about 64 consecutive reports
        (``chunks/``) listed by a small corpus record (``corpus-<key>/``); each
        report is known by a per-document key (its bytes, name, manifest row,
        the dictionaries and the code), so a changed, added or removed report
        is the only one processed again and only its chunk is rewritten.
    strict : bool, default False
        Raise :class:`CorpusError` on the first problem of severity error or
        warning instead of recording it in ``problems``.
    progress : bool, optional
        Show a progress bar while building; default: only when stderr is a terminal.
    engine : {"auto", "jieba", "rjieba"}, default "auto"
        Word segmenter (:class:`workbench.segmenter.Segmenter`): ``"jieba"``
        is the reference, ``"rjieba"`` the fast engine, ``"auto"`` takes
        rjieba when installed. All give the same tokens, so the cache is
        shared between them (the engine is not part of its key).
    workers : int, optional
        Processes that build documents in parallel (this one and
        ``workers - 1`` spawned workers); default: all cores. Fewer than
        ``PARALLEL_MIN`` (400) documents to build are always built in this
        process (starting a worker costs about 2 s: imports and dictionaries).

    Returns
    -------
    Corpus
        ``documents``, ``sections``, ``sentences``, ``tokens``, ``problems``;
        columns as in :mod:`workbench.schemas` (and the README). Offsets
        ``char_start``/``char_end`` index ``documents.text``.

    Raises
    ------
    FileNotFoundError
        ``source`` is not a folder.
    CorpusError
        With ``strict=True``, the first file (or manifest row, or skipped
        entry) that cannot be used as expected; the message names it and the
        exception is chained to the cause. Without ``strict``, nothing that
        is wrong with one file raises: it is a row of ``problems``.
    workbench.manifest.ManifestError
        ``data/manifest.csv`` is malformed (the message names the line and column).

    See Also
    --------
    workbench.readers.read_raw, workbench.cleaning.clean, workbench.segment.sections

    Examples
    --------
    >>> import workbench as wb
    >>> corpus = wb.load_corpus()  # doctest: +SKIP
    >>> corpus.documents.select("district", "year").sort("year").head(3)  # doctest: +SKIP
    shape: (3, 2)
    ┌──────────┬──────┐
    │ district ┆ year │
    ╞══════════╪══════╡
    │ 上城区   ┆ 2021 │
    │ 余杭区   ┆ 2021 │
    │ 椒江区   ┆ 2023 │
    └──────────┴──────┘
    """
    if engine not in ("auto", "jieba", "rjieba"):
        msg = f"load_corpus: engine must be 'auto', 'jieba' or 'rjieba'; got {engine!r}"
        raise ValueError(msg)
    if workers is not None and workers < 1:
        msg = f"load_corpus: workers must be a positive number of processes or None (all cores); got {workers!r}"
        raise ValueError(msg)
    folder = config.RAW_DIR if source is None else config.user_path(source)
    try:
        scanned = _scan(folder)
    except FileNotFoundError as err:
        raise FileNotFoundError(f"{err}{config.where_hint(source) if source is not None else ''}") from None
    files = scanned.files
    if progress is None:
        progress = sys.stderr.isatty()
    digests = _file_digests(files)
    key = cache_key(folder, digests=digests, _scanned=scanned)
    target = config.PROCESSED_DIR / f"corpus-{key[:20]}"
    notes: list[list[str]] = []  # [severity, message] about the cache, for this load's problems only
    options = dict(strict=strict, progress=progress, engine=engine, workers=workers, digests=digests, skipped=scanned.skipped)
    if cache:
        frames = _read_cache(target, key, notes)
        if frames is None and notes and not _has_damaged_chunk(target):
            integrity.remove(target)  # the record itself is wrong: the build writes it anew
        if frames is not None:
            if strict:
                bad = frames["problems"].filter(pl.col("severity") != "info")
                if bad.height:
                    raise CorpusError(bad["message"][0])
            return Corpus(**frames, source=folder, key=key)
        why = integrity.unwritable(config.PROCESSED_DIR)
        if why is not None:
            notes.append(["warning", _no_cache_note(why)])
            cache = False
    for _ in range(2 if cache else 0):
        try:
            kept, problems, outs, chunks, written = _build(files, cache=True, notes=notes, **options)
            _write_cache(target, key, problems, chunks=chunks, source=folder, docs=[o.header(text=False) for o in outs])
            _prune(folder, keep=target)
        except integrity.Damaged as err:  # a chunk reused from an earlier build changed under this build: again without it
            notes.append(["info", f"{err}; the build was started again."])
            continue
        except (OSError, pl.exceptions.PolarsError) as err:  # a full disk, a folder that turned read-only
            notes.append(["warning", _no_cache_note(f"{err.__class__.__name__}: {err}")])
            break
        del kept, outs
        frames = _read_cache(target, key, notes, fresh=written)  # the chunks just written are not read back
        del written
        if frames is not None:
            return Corpus(**_with_notes(frames, notes), source=folder, key=key)
        # damaged or removed between writing and reading (another build): once more, reusing what checks out
    else:
        if cache:
            notes.append(["warning", _no_cache_note("the cache just written could not be read back twice")])
    kept, problems, _, _, _ = _build(files, cache=False, **options)
    frames = {**_fresh_frames(kept), "problems": problems}
    return Corpus(**_with_notes(frames, notes), source=folder, key=key)


def _no_cache_note(why: str) -> str:
    return (
        f"cache: the cache folder {config.PROCESSED_DIR} cannot be written ({why}); the corpus was built without "
        "caching, so the next load builds it again. Free disk space or fix the folder's permissions "
        "(or point WORKBENCH_PROCESSED_DIR elsewhere)."
    )


# ----------------------------------------------------------------------------- the package's constants
#
# BATCH, PARALLEL_MIN, CHUNK_DOCS, KEEP_CORPUS_CACHES and CHUNK_GRACE_SECONDS are read where they
# are used (pool, chunks, store). Setting one on the package (``workbench.corpus.BATCH = 50``, as
# before the split) sets it there too, instead of quietly changing nothing.

from . import chunks as _chunks  # noqa: E402
from . import pool as _pool  # noqa: E402
from . import store as _store  # noqa: E402

_OWNERS = {
    "BATCH": _pool,
    "PARALLEL_MIN": _pool,
    "CHUNK_DOCS": _chunks,
    "KEEP_CORPUS_CACHES": _store,
    "CHUNK_GRACE_SECONDS": _store,
}


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: object) -> None:
        if name in _OWNERS:
            setattr(_OWNERS[name], name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
