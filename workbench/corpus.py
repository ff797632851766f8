"""The corpus: raw report files → five polars frames, cached as Parquet.

:func:`load_corpus` is the entry point. It reads every file of the source
folder, cleans it, infers metadata (overridden by ``data/manifest.csv``),
segments sections and sentences, tokenizes with jieba, and returns a
:class:`Corpus`. Built frames are cached under ``data/processed/`` keyed by
the raw files' content, the dictionaries, the manifest and the code; a
changed input rebuilds, an unchanged one loads in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from . import __version__, config, schemas
from .cleaning import clean
from .metadata import FIELDS, infer, read_manifest
from .readers import ReadError, read_raw, supported
from .segment import sections as find_sections
from .segment import sentence_spans
from .segmenter import Segmenter, is_number, is_punct

_CODE_FILES = ("readers.py", "cleaning.py", "metadata.py", "segment.py", "segmenter.py", "corpus.py", "schemas.py")


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


def _doc_frames(doc_id: str, body: str, segmenter: Segmenter) -> tuple[dict, dict, dict]:
    """Columns (as dicts of lists) of the sections, sentences and tokens of one body."""
    secs, _ = find_sections(body)
    ids = [f"{doc_id}/{s.path}" for s in secs]
    sec_cols = {
        "doc_id": [doc_id] * len(secs),
        "section_id": ids,
        "parent_id": [ids[s.parent] if s.parent is not None else None for s in secs],
        "level": [s.level for s in secs],
        "label": [s.label for s in secs],
        "heading": [s.heading for s in secs],
        "kind": [s.kind for s in secs],
        "text": [body[s.start : s.end] for s in secs],
        "char_start": [s.start for s in secs],
        "char_end": [s.end for s in secs],
    }
    spans = sentence_spans(body, [s.start for s in secs])
    # deepest section containing each sentence start (sections are nested and in order)
    order = sorted(range(len(secs)), key=lambda i: secs[i].start)
    sent_cols = {k: [] for k in ("doc_id", "section_id", "sentence_id", "text", "char_start", "char_end")}
    tok_cols = {k: [] for k in schemas.TOKENS}
    position = 0
    j = 0
    current: int | None = None
    stopwords = segmenter.stopwords
    for sid, (s, e) in enumerate(spans):
        while j < len(order) and secs[order[j]].start <= s:
            current = order[j]
            j += 1
        owner = current
        while owner is not None and secs[owner].end <= s:
            owner = secs[owner].parent
        sec_id = ids[owner] if owner is not None else ids[0]
        text = body[s:e]
        sent_cols["doc_id"].append(doc_id)
        sent_cols["section_id"].append(sec_id)
        sent_cols["sentence_id"].append(sid)
        sent_cols["text"].append(text)
        sent_cols["char_start"].append(s)
        sent_cols["char_end"].append(e)
        offset = s
        for tok in segmenter.cut(text):
            start = offset
            offset += len(tok)
            if tok.isspace():
                continue
            tok_cols["doc_id"].append(doc_id)
            tok_cols["section_id"].append(sec_id)
            tok_cols["sentence_id"].append(sid)
            tok_cols["position"].append(position)
            tok_cols["token"].append(tok)
            tok_cols["is_stopword"].append(tok in stopwords)
            tok_cols["is_punct"].append(is_punct(tok))
            tok_cols["is_number"].append(is_number(tok))
            tok_cols["char_start"].append(start)
            tok_cols["char_end"].append(offset)
            position += 1
    return sec_cols, sent_cols, tok_cols


def _frame(cols: dict, schema: dict) -> pl.DataFrame:
    return pl.DataFrame(cols, schema=schema)


@lru_cache(maxsize=2)
def _segmenter(dict_digest: str) -> Segmenter:
    """One Segmenter per dictionary content (jieba's start-up costs about a second)."""
    del dict_digest  # part of the cache key only
    return Segmenter()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _build(
    files: list[Path], *, strict: bool, progress: bool
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    segmenter = _segmenter(_file_digest(config.USER_DICT) + _file_digest(config.STOPWORDS))
    manifest = read_manifest(config.MANIFEST)
    problems: list[dict] = []

    def problem(name: str, severity: str, message: str) -> None:
        if strict and severity != "info":
            raise CorpusError(message if message.startswith(name) else f"{name}: {message}")
        problems.append({"source_file": name, "severity": severity, "message": message})

    docs, secs, sents, toks = [], [], [], []
    seen_text: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    seen_place: dict[tuple, str] = {}
    iterator = files
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(files, desc="building corpus", unit="file")
    for path in iterator:
        name = path.name
        if not supported(path):
            problem(name, "error", f"{name}: unknown file type '{path.suffix or '(none)'}'; expected .txt, .html or .docx. Not loaded.")
            continue
        try:
            raw = read_raw(path)
        except ReadError as err:
            problem(name, "error", f"{err} Not loaded.")
            continue
        for note in raw.notes:
            problem(name, "info", f"{name}: {note}")
        cleaned = clean(raw.text)
        for note in cleaned.notes:
            problem(name, "info", f"{name}: {note}")
        body = cleaned.body
        if not body.strip():
            problem(name, "error", f"{name}: no report text left after removing the page's metadata and navigation. Not loaded.")
            continue
        digest = hashlib.sha256(body.encode()).hexdigest()
        if digest in seen_text:
            problem(name, "warning", f"{name}: same report text as {seen_text[digest]}; kept {seen_text[digest]}, skipped this file.")
            continue
        seen_text[digest] = name
        doc_id = path.stem
        if doc_id in seen_ids:
            problem(name, "error", f"{name}: doc_id '{doc_id}' already used by {seen_ids[doc_id]}; rename one of the files. Not loaded.")
            continue
        seen_ids[doc_id] = name
        meta = infer(cleaned.title, body, cleaned.chrome)
        meta.update(manifest.get(name, {}))
        for key in ("district", "year"):
            if meta.get(key) is None:
                problem(name, "warning", f"{name}: could not infer {key} from the text; add it to data/manifest.csv.")
        place = (meta.get("district"), meta.get("year"))
        if None not in place and place in seen_place:
            problem(
                name,
                "warning",
                f"{name}: a second report for {place[0]} {place[1]} (the other is {seen_place[place]}); both kept, check which is right.",
            )
        seen_place.setdefault(place, name)
        sec_cols, sent_cols, tok_cols = _doc_frames(doc_id, body, segmenter)
        if not any(label for label, level in zip(sec_cols["label"], sec_cols["level"]) if level == 1):
            problem(name, "warning", f"{name}: no 一、/二、 parts found; loaded as one section of kind 'other'.")
        docs.append({"doc_id": doc_id, **{k: meta.get(k) for k in FIELDS}, "source_file": name, "n_chars": len(body), "text": body})
        secs.append(_frame(sec_cols, schemas.SECTIONS))
        sents.append(_frame(sent_cols, schemas.SENTENCES))
        toks.append(_frame(tok_cols, schemas.TOKENS))
    documents = (
        schemas.conform(pl.DataFrame(docs, schema=schemas.DOCUMENTS), schemas.DOCUMENTS)
        if docs
        else schemas.empty(schemas.DOCUMENTS)
    )
    cat = lambda frames, schema: pl.concat(frames) if frames else schemas.empty(schema)  # noqa: E731
    return (
        documents,
        cat(secs, schemas.SECTIONS),
        cat(sents, schemas.SENTENCES),
        cat(toks, schemas.TOKENS),
        pl.DataFrame(problems, schema=schemas.PROBLEMS),
    )


# ----------------------------------------------------------------------------- cache


def _files(source: Path) -> list[Path]:
    if not source.is_dir():
        msg = f"load_corpus: source '{source}' is not a folder; expected a folder of report files such as data/raw"
        raise FileNotFoundError(msg)
    return sorted(p for p in source.iterdir() if p.is_file() and not p.name.startswith("."))


def _code_hash() -> str:
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _CODE_FILES:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def cache_key(source: str | os.PathLike[str] = config.RAW_DIR) -> str:
    """Content hash of everything a build depends on: raw files, dictionaries, manifest, code."""
    h = hashlib.sha256(_code_hash().encode())
    for dep in (config.USER_DICT, config.STOPWORDS, config.BOILERPLATE, config.MANIFEST):
        h.update(dep.name.encode())
        h.update(dep.read_bytes() if dep.exists() else b"<absent>")
    for path in _files(config.resolve(source)):
        h.update(path.name.encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _read_cache(folder: Path, key: str) -> dict[str, pl.DataFrame] | None:
    meta = folder / "meta.json"
    if not meta.exists():
        return None
    try:
        info = json.loads(meta.read_text())
        if info.get("key") != key:
            return None
        return {name: pl.read_parquet(folder / f"{name}.parquet") for name in schemas.FRAMES}
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return None


def _write_cache(folder: Path, key: str, frames: dict[str, pl.DataFrame]) -> None:
    """Write all frames into a temporary folder, then rename it into place (atomic)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".tmp-", dir=folder.parent))
    try:
        for name, df in frames.items():
            df.write_parquet(tmp / f"{name}.parquet")
        (tmp / "meta.json").write_text(
            json.dumps({"key": key, "version": __version__, "built": dt.datetime.now().isoformat(timespec="seconds")})
        )
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def load_corpus(
    source: str | os.PathLike[str] = "data/raw",
    *,
    cache: bool = True,
    strict: bool = False,
    progress: bool | None = None,
) -> Corpus:
    """Load the corpus of a folder of report files into polars frames.

    Parameters
    ----------
    source : str or path-like, default "data/raw"
        Folder of reports (``.txt`` in UTF-8/GBK/GB18030, ``.html``, ``.docx``);
        relative paths are taken from the project root. Files are never modified.
    cache : bool, default True
        Read the Parquet cache under ``data/processed/`` when it matches the
        inputs; write it after a build. ``False`` always rebuilds and writes nothing.
    strict : bool, default False
        Raise :class:`CorpusError` on the first problem of severity error or
        warning instead of recording it in ``problems``.
    progress : bool, optional
        Show a progress bar while building; default: only when stderr is a terminal.

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
        With ``strict=True``, a file that cannot be used as expected.
    workbench.metadata.ManifestError
        ``data/manifest.csv`` is malformed.

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
    folder = config.resolve(source)
    files = _files(folder)
    if progress is None:
        progress = sys.stderr.isatty()
    key = cache_key(folder)
    target = config.PROCESSED_DIR / f"corpus-{key[:20]}"
    if cache:
        frames = _read_cache(target, key)
        if frames is not None:
            if strict:
                bad = frames["problems"].filter(pl.col("severity") != "info")
                if bad.height:
                    raise CorpusError(bad["message"][0])
            return Corpus(**frames, source=folder, key=key)
    documents, sections, sentences, tokens, problems = _build(files, strict=strict, progress=progress)
    frames = {
        "documents": documents,
        "sections": sections,
        "sentences": sentences,
        "tokens": tokens,
        "problems": problems,
    }
    if cache:
        _write_cache(target, key, frames)
    return Corpus(**frames, source=folder, key=key)
