"""Fuzz the loader: the seed reports in every supported format, mutated 300 ways (seeded).

Each seed is written as UTF-8, GBK and UTF-16 text, an HTML page and a .docx;
each of those is then damaged by one of twelve mutations (bytes flipped,
truncated, re-encoded, NULs, junk, wrapped in broken or deep HTML, a damaged
.docx archive or XML part …). All 300 files go into one folder beside the
five untouched seeds and are loaded once. Nothing may escape
``load_corpus``; every mutated file must be a document or a problem row
naming it; the seeds' rows must equal those of a load of the seeds alone.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest

import workbench as wb
from workbench import config
from _report_helpers import docx_bytes

SEEDS = sorted(config.RAW_DIR.glob("*.txt"))
RANDOM_SEED = 20261130
FORMATS = ("utf8.txt", "gbk.txt", "utf16.txt", "page.html", "word.docx")
MUTATIONS = (
    "flip", "flip-many", "truncate", "re-encode", "nul", "junk-prefix",
    "broken-html", "deep-html", "html-in-text", "zip-flip", "zip-truncate", "xml-flip",
)
N_CASES = len(SEEDS) * len(FORMATS) * len(MUTATIONS)


def _docx(text: str) -> bytes:
    return docx_bytes(text)


def _page(text: str) -> str:
    return "<!DOCTYPE html><html><head><meta charset='utf-8'><title>网站</title></head><body>" + "".join(
        f"<p>{line}</p>" for line in text.split("\n")
    ) + "</body></html>"


def _encode(text: str, fmt: str) -> bytes:
    if fmt == "utf8.txt":
        return text.encode("utf-8")
    if fmt == "gbk.txt":
        return text.encode("gbk", errors="replace")
    if fmt == "utf16.txt":
        return text.encode("utf-16")
    if fmt == "page.html":
        return _page(text).encode("utf-8")
    return _docx(text)


def _flip(data: bytes, rng: random.Random, n: int) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def _rezip(data: bytes, rng: random.Random) -> bytes:
    """The .docx with its document.xml's bytes flipped (the archive itself intact)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                content = _flip(content, rng, rng.randint(1, 30))
            out.writestr(info.filename, content)
    return buf.getvalue()


def _mutate(text: str, data: bytes, fmt: str, mutation: str, rng: random.Random) -> bytes:
    if mutation == "flip":
        return _flip(data, rng, rng.randint(1, 3))
    if mutation == "flip-many":
        return _flip(data, rng, rng.randint(50, 500))
    if mutation == "truncate":
        return data[: rng.randrange(0, len(data))]
    if mutation == "re-encode":
        codec = rng.choice(["big5", "shift_jis", "euc-kr", "utf-16-be", "utf-32", "latin-1", "cp1252"])
        return text.encode(codec, errors="replace")
    if mutation == "nul":
        i = rng.randrange(len(data))
        return data[:i] + b"\x00" * rng.randint(1, 64) + data[i:]
    if mutation == "junk-prefix":
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))) + data
    if mutation == "broken-html":
        lines = text.split("\n")
        soup = "".join(rng.choice(["<p>", "<div>", "</span>", "<table><tr><td>", "<!--", "<script>", "&#xD800;", "<b"]) + line for line in lines)
        return ("<html><body>" + soup).encode("utf-8")
    if mutation == "deep-html":
        depth = rng.choice([100, 254, 255, 256, 800, 2100])
        return ("<html><body>" + "<div>" * depth + _page(text) + "</div>" * rng.randrange(depth)).encode("utf-8")
    if mutation == "html-in-text":
        return ("本报告提到<html>与<body>标签。</body>\n" + text).encode("utf-8")
    if mutation == "zip-flip":
        return _flip(_docx(text) if fmt != "word.docx" else data, rng, rng.randint(1, 20))
    if mutation == "zip-truncate":
        whole = _docx(text) if fmt != "word.docx" else data
        return whole[: rng.randrange(len(whole))]
    if mutation == "xml-flip":
        return _rezip(_docx(text) if fmt != "word.docx" else data, rng)
    raise ValueError(mutation)


def _suffix(fmt: str, mutation: str) -> str:
    if mutation.startswith(("zip-", "xml-")):
        return ".docx"
    if mutation in ("broken-html", "deep-html"):
        return ".html"
    return "." + fmt.rsplit(".", 1)[1]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory) -> tuple[Path, list[str]]:
    rng = random.Random(RANDOM_SEED)
    folder = tmp_path_factory.mktemp("fuzz")
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    names = []
    for s, seed in enumerate(SEEDS):
        text = seed.read_text(encoding="utf-8")
        for fmt in FORMATS:
            data = _encode(text, fmt)
            for mutation in MUTATIONS:
                name = f"m{len(names):03d}_s{s}_{fmt.split('.')[0]}_{mutation}{_suffix(fmt, mutation)}"
                (folder / name).write_bytes(_mutate(text, data, fmt, mutation, rng))
                names.append(name)
    return folder, names


def _seed_rows(corpus: wb.Corpus) -> dict[str, pl.DataFrame]:
    ids = [s.stem for s in SEEDS]
    out = {name: getattr(corpus, name).filter(pl.col("doc_id").is_in(ids)) for name in ("documents", "sections", "sentences", "tokens", "metadata")}
    out["problems"] = corpus.problems.filter(pl.col("source_file").is_in([s.name for s in SEEDS]))
    return out


def test_fuzzed_files_never_break_the_load(fuzzed, tmp_path):
    folder, names = fuzzed
    assert len(names) == N_CASES == 300
    corpus = wb.load_corpus(folder, cache=False, workers=1)  # no exception escapes
    loaded = set(corpus.documents["source_file"])
    named = set(corpus.problems["source_file"])
    unaccounted = [n for n in names if n not in loaded and n not in named]
    assert not unaccounted, unaccounted
    for row in corpus.problems.iter_rows(named=True):
        assert row["message"].startswith(row["source_file"]), row
    # the good files' frames are unchanged by 300 bad neighbours
    alone = tmp_path / "seeds"
    alone.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, alone / seed.name)
    reference = _seed_rows(wb.load_corpus(alone, cache=False, workers=1))
    got = _seed_rows(corpus)
    for name, frame in reference.items():
        assert got[name].equals(frame), name
    # what the mutations did, for the record (docs/reliability.md quotes these counts)
    outcome = {
        "loaded": sum(n in loaded for n in names),
        "error": corpus.problems.filter(pl.col("source_file").is_in(names) & (pl.col("severity") == "error"))["source_file"].n_unique(),
    }
    print(f"fuzz: {len(names)} cases, {outcome['loaded']} loaded as documents, {outcome['error']} error rows, 0 exceptions")
    assert outcome["loaded"] > 50 and outcome["error"] > 50  # the mutations exercise both outcomes
