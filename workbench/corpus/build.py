"""Reports → rows: one batch of report files becomes documents, sections, sentences, tokens and metadata rows.

Owns the per-report work (:func:`_process`: read and clean), the batch's
metadata (:func:`_finish_batch`) and the batch's frames
(:func:`_batch_frames`: sections and sentences per body, one segmenter cut
over every body, the token frame built in polars), and how a batch's rows
are handed to its documents (:func:`_slice_into`). It knows nothing of the
cache or of worker processes (:mod:`.pool`, :mod:`.chunks`, :mod:`.store`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl

from .. import schemas
from ..cleaning import clean
from ..manifest import CITATION_FIELDS
from ..metadata import FIELDS, infer_report
from ..readers import Limits, ReadError, read_raw
from ..segment import sections as find_sections
from ..segment import sentence_spans
from ..segmenter import Segmenter, is_number, is_punct
from .checks import _not_a_report
from .key import _file_digest
from .slices import lean_schema, read_frame, stored_schema, with_byte_offsets


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


def _deepest(starts: np.ndarray, doc: np.ndarray, secs: dict[str, np.ndarray]) -> np.ndarray:
    """Index of the deepest section holding each offset (all in the batch's concatenated bodies).

    The last section of the offset's document starting at or before it; up
    its parents while that ends at or before the offset; the document's
    first section when none holds it. Sections are nested and in document order.
    """
    cur = np.searchsorted(secs["start"], starts, side="right") - 1
    safe = np.maximum(cur, 0)
    fine = (cur >= 0) & (secs["doc"][safe] == doc) & (secs["end"][safe] > starts)
    for i in np.flatnonzero(~fine).tolist():  # rare: an offset past its section's end, or before any section
        owner = int(cur[i]) if cur[i] >= 0 and secs["doc"][cur[i]] == doc[i] else -1
        while owner >= 0 and secs["end"][owner] <= starts[i]:
            owner = int(secs["parent"][owner])
        cur[i] = owner if owner >= 0 else secs["first"][doc[i]]
    return cur


def _batch_frames(
    docs: list[tuple[str, str]], segmenter: Segmenter, stopwords: frozenset[str]
) -> tuple[dict[str, pl.DataFrame], list[bool]]:
    """The sections, sentences and tokens frames of many bodies at once, and whether each has 一、 parts.

    ``docs`` holds (doc_id, body); every frame has a ``_doc`` column, the index in ``docs``.

    Sections and sentences are found per body (:mod:`workbench.segment`);
    offsets are then taken into the batch's concatenated bodies, and each
    sentence's section and each token's sentence are found by a binary search
    over the whole batch (numpy). Each body is cut into tokens whole (jieba
    cuts text in blocks that never cross a sentence end, a line end or a
    space, so the tokens are those of each sentence in turn, with the
    whitespace between sentences as tokens of its own, which are dropped):
    offsets come from cumulative token lengths, flags are computed once per
    distinct token and spread by its categorical code. Sections and
    sentences carry each row's UTF-8 byte offsets in its report
    (``byte_start``, ``byte_end``: :func:`.slices.stored_schema`), computed
    here, in the process that built the batch, so storing them costs nothing more.
    """
    sec_cols: dict[str, list] = {k: [] for k in lean_schema("sections")}
    sec_start: list[int] = []  # in the concatenated bodies
    sec_end: list[int] = []
    sec_parent: list[int] = []  # index in the batch's sections, -1 for none
    sec_first: list[int] = []  # each document's first section
    sec_doc: list[int] = []  # index of each row's document in ``docs`` (doc_ids need not be unique here)
    sent_start: list[int] = []  # in the concatenated bodies
    sent_end: list[int] = []
    sent_doc: list[int] = []
    base = 0
    bases: list[int] = []
    has_parts: list[bool] = []
    for i, (doc_id, body) in enumerate(docs):
        secs, found = find_sections(body)
        has_parts.append(found)
        ids = [f"{doc_id}/{s.path}" for s in secs]
        n, first = len(secs), len(sec_start)
        sec_first.append(first)
        sec_doc.extend([i] * n)
        sec_cols["doc_id"].extend([doc_id] * n)
        sec_cols["section_id"].extend(ids)
        sec_cols["parent_id"].extend([ids[s.parent] if s.parent is not None else None for s in secs])
        sec_cols["level"].extend([s.level for s in secs])
        sec_cols["label"].extend([s.label for s in secs])
        sec_cols["heading"].extend([s.heading for s in secs])
        sec_cols["kind"].extend([s.kind for s in secs])
        sec_cols["char_start"].extend([s.start for s in secs])
        sec_cols["char_end"].extend([s.end for s in secs])
        sec_start.extend([base + s.start for s in secs])
        sec_end.extend([base + s.end for s in secs])
        sec_parent.extend([first + s.parent if s.parent is not None else -1 for s in secs])
        spans = sentence_spans(body, [s.start for s in secs])
        sent_doc.extend([i] * len(spans))
        sent_start.extend([base + s for s, _ in spans])
        sent_end.extend([base + e for _, e in spans])
        bases.append(base)
        base += len(body)
    sections = pl.DataFrame(sec_cols, schema=lean_schema("sections"))
    base_of = np.asarray(bases, dtype=np.int64)
    s_start, s_end = np.asarray(sent_start, dtype=np.int64), np.asarray(sent_end, dtype=np.int64)
    s_doc = np.asarray(sent_doc, dtype=np.int64)
    tree = {"start": np.asarray(sec_start, dtype=np.int64), "end": np.asarray(sec_end, dtype=np.int64),
            "parent": np.asarray(sec_parent, dtype=np.int64), "doc": np.asarray(sec_doc, dtype=np.int64),
            "first": np.asarray(sec_first, dtype=np.int64)}
    per_doc = np.bincount(s_doc, minlength=len(docs))
    doc_ids = pl.Series("doc_id", [d for d, _ in docs], dtype=pl.String)
    sentences = pl.DataFrame(
        {
            "doc_id": doc_ids.gather(s_doc),
            "section_id": sections["section_id"].gather(_deepest(s_start, s_doc, tree)),
            "sentence_id": np.arange(len(s_doc), dtype=np.int64) - (np.cumsum(per_doc) - per_doc)[s_doc],
            "char_start": s_start - base_of[s_doc],
            "char_end": s_end - base_of[s_doc],
        }
    ).cast(lean_schema("sentences"))
    # both as the chunk store keeps them: with each row's UTF-8 byte offsets in its report (one pass over the batch's text)
    bodies = [body for _, body in docs]
    sections, sentences = with_byte_offsets(pl.Series(bodies, dtype=pl.String), [(sections, tree["doc"]), (sentences, s_doc)])
    sections = sections.with_columns(_doc=pl.Series(sec_doc, dtype=pl.Int64))
    sentences = sentences.with_columns(_doc=pl.Series(s_doc, dtype=pl.Int64))
    # tokens of each whole body; they concatenate back to it exactly
    flat, counts = segmenter.cut_flat(bodies)
    lens = flat.str.len_chars().to_numpy().astype(np.int64)
    ends = np.cumsum(lens)  # offsets in the concatenated bodies
    if (int(ends[-1]) if ends.size else 0) != base:
        msg = "load_corpus: the tokens do not concatenate back to the report bodies (a segmenter bug)"
        raise RuntimeError(msg)
    cat = flat.cast(pl.Categorical)
    codes = cat.to_physical().to_numpy()
    distinct = cat.unique()
    vocab, where = distinct.cast(pl.String).to_list(), distinct.to_physical().to_numpy()
    table = np.zeros((4, int(where.max()) + 1 if where.size else 0), dtype=bool)
    table[:, where] = np.array([(*_flags(t), t in stopwords) for t in vocab], dtype=bool).reshape(-1, 4).T
    keep = ~table[0][codes]  # whitespace tokens are dropped
    t_end = ends[keep]
    t_start = t_end - lens[keep]
    t_doc = np.repeat(np.arange(len(docs), dtype=np.int64), counts)[keep]
    # each token's sentence: the sentences starting at or before it, less one (t_start never decreases:
    # it is a cumulative sum of lengths; one search per sentence among the tokens, not one per token)
    sent = np.cumsum(np.bincount(np.searchsorted(t_start, s_start), minlength=t_start.size + 1)[: t_start.size]) - 1
    safe = np.maximum(sent, 0)
    outside = np.flatnonzero((sent < 0) | (s_doc[safe] != t_doc) | (t_end > s_end[safe]))
    if outside.size:
        msg = f"load_corpus: token {flat.filter(keep)[int(outside[0])]!r} lies outside every sentence (a segmentation bug)"
        raise RuntimeError(msg)
    # position: the row's index within its document (rows are in document order)
    per_doc = np.bincount(t_doc, minlength=len(docs))
    tokens = pl.DataFrame(
        {
            "doc_id": sentences["doc_id"].gather(sent),
            "section_id": sentences["section_id"].gather(sent),
            "sentence_id": sentences["sentence_id"].gather(sent),
            "position": (np.arange(t_doc.size) - (np.cumsum(per_doc) - per_doc)[t_doc]).astype(np.int32),
            "token": flat.filter(keep),
            "is_stopword": table[3][codes][keep],
            "is_punct": table[1][codes][keep],
            "is_number": table[2][codes][keep],
            "char_start": (t_start - base_of[t_doc]).astype(np.int32),  # as the contract has them: conform copies nothing
            "char_end": (t_end - base_of[t_doc]).astype(np.int32),
            "_doc": t_doc,
        }
    )
    return {"sections": sections, "sentences": sentences, "tokens": tokens}, has_parts


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
    """Give each document of a batch its rows of the batch's frames (zero-copy slices; rows are in document order).

    This is where a batch's frames are finished: each is conformed to its
    contract here (:func:`workbench.schemas.conform`: Categorical ids, Int32
    offsets), in this process, whichever process built the batch.
    """
    for name in _FRAME_NAMES:
        frame = frames[name]
        counts = np.bincount(frame["_doc"].to_numpy(), minlength=len(outs)) if frame.height else np.zeros(len(outs), dtype=np.int64)
        frame = schemas.conform(frame, stored_schema(name))  # drops _doc
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


def _fresh_frames(docs: list[_DocOut], *, text: bool = True) -> dict[str, pl.DataFrame]:
    """The frames of documents processed in this build, concatenated in order.

    With ``text`` (the default) each frame is as its contract has it:
    sections' and sentences' text are made as views into the documents' text
    (:func:`.slices.read_frame`); without, they are as a build makes them and
    the chunk store keeps them (:func:`.slices.stored_schema`: byte offsets
    in place of the text).
    """
    out = {"documents": schemas.conform(pl.DataFrame([o.meta for o in docs], schema=schemas.DOCUMENTS), schemas.DOCUMENTS)}
    for name in _FRAME_NAMES:
        out[name] = pl.concat([o.frames[name] for o in docs]) if docs else schemas.empty(stored_schema(name))
        if text:
            out[name] = read_frame(name, out[name], out["documents"])
    return out
