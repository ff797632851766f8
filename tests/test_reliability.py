"""The probe's attacks on the loader, as regression tests: one bad entry is one problem row, the others load.

Every case uses real files: the seed reports of data/raw, copied and damaged
in tmp_path. docs/reliability.md lists each attack with the test that covers it.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import polars as pl
import pytest

import workbench as wb
from workbench import config, readers
from workbench.manifest import ManifestError, read_manifest
from _report_helpers import docx_bytes

GOOD = [config.RAW_DIR / "002_7456ba8b65555133.txt", config.RAW_DIR / "004_195c9ab24f188643.txt"]
SEED = GOOD[0]
TEXT = SEED.read_text(encoding="utf-8")
#: The text of damaged files that should still load (another seed, so it is not a duplicate of a good file).
OTHER = (config.RAW_DIR / "003_78505e7b94e162d7.txt").read_text(encoding="utf-8")


def _folder(tmp_path: Path, bad: dict[str, bytes] | None = None) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir(parents=True)
    for good in GOOD:
        shutil.copy(good, folder / good.name)
    for name, data in (bad or {}).items():
        (folder / name).write_bytes(data)
    return folder


def _row(corpus: wb.Corpus, name: str) -> dict:
    rows = corpus.problems.filter(pl.col("source_file") == name).to_dicts()
    assert rows, f"no problem row for {name}: {corpus.problems.to_dicts()}"
    assert all(r["message"].startswith(name) for r in rows), rows
    return rows[0]


def _good_loaded(corpus: wb.Corpus) -> None:
    assert set(corpus.documents["source_file"]) >= {g.name for g in GOOD}


def _docx(text: str = TEXT) -> bytes:
    return docx_bytes(text)


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, content if info.filename == member else src.read(info))
    return buf.getvalue()


def _patch_headers(data: bytes, member: str, *, local: int, central: int, value: int, fmt: str = "<H") -> bytes:
    """Overwrite a field of ``member``'s local header and central-directory entry (offsets from each header's start)."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    struct.pack_into(fmt, out, info.header_offset + local, value)
    cd = out.find(b"PK\x01\x02")
    while cd != -1:
        n = struct.unpack_from("<H", out, cd + 28)[0]
        if out[cd + 46 : cd + 46 + n] == member.encode():
            struct.pack_into(fmt, out, cd + central, value)
            break
        cd = out.find(b"PK\x01\x02", cd + 4)
    return bytes(out)


def _broken_docx(kind: str) -> bytes:
    data = _docx()
    if kind == "broken-xml":
        return _replace_member(data, "word/document.xml", b"<w:document xmlns:w='x'><w:body><w:p>")
    if kind == "corrupt-deflate":
        info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        out = bytearray(data)
        for i in range(start + 20, start + min(info.compress_size, 400), 7):
            out[i] ^= 0x5A
        return bytes(out)
    if kind == "encrypted":
        return _patch_headers(data, "word/document.xml", local=6, central=8, value=0x1)
    if kind == "unknown-compression":
        return _patch_headers(data, "word/document.xml", local=8, central=10, value=99)
    if kind == "no-body":  # python-docx's AttributeError: a document part without w:body
        return _replace_member(
            data, "word/document.xml",
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"></w:document>',
        )
    if kind == "entities":
        return _replace_member(
            data, "word/document.xml",
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>',
        )
    if kind == "truncated":
        return data[: len(data) // 2]
    raise ValueError(kind)


# ----------------------------------------------------------------------------- 1. per-file isolation


def test_utf8_bom_before_gbk_bytes_loads_with_a_note(tmp_path):
    folder = _folder(tmp_path, {"bom_gbk.txt": b"\xef\xbb\xbf" + OTHER.encode("gbk")})
    c = wb.load_corpus(folder, cache=False)
    _good_loaded(c)
    assert "bom_gbk.txt" in c.documents["source_file"].to_list()
    assert "byte-order mark but is not UTF-8" in _row(c, "bom_gbk.txt")["message"]
    ref = wb.load_corpus(_folder(tmp_path / "ref", {"bom_gbk.txt": OTHER.encode("utf-8")}), cache=False)
    assert c.documents.equals(ref.documents)


def test_utf16_with_odd_byte_count_is_an_error_row(tmp_path):
    folder = _folder(tmp_path, {"odd.txt": b"\xff\xfe" + TEXT.encode("utf-16-le") + b"\x00"})
    c = wb.load_corpus(folder, cache=False)
    _good_loaded(c)
    row = _row(c, "odd.txt")
    assert row["severity"] == "error" and "not valid UTF-16" in row["message"]


@pytest.mark.parametrize("kind", ["broken-xml", "corrupt-deflate", "encrypted", "unknown-compression", "no-body", "entities", "truncated"])
def test_damaged_docx_is_an_error_row(tmp_path, kind):
    folder = _folder(tmp_path, {f"{kind}.docx": _broken_docx(kind)})
    c = wb.load_corpus(folder, cache=False)
    _good_loaded(c)
    assert c.documents.height == 2
    row = _row(c, f"{kind}.docx")
    assert row["severity"] == "error" and ".docx" in row["message"] and "Not loaded" in row["message"]
    expect = {"encrypted": "encrypted", "unknown-compression": "compression method 99", "entities": "DTD or entities"}
    assert expect.get(kind, "") in row["message"]


def test_a_good_docx_still_loads(tmp_path):
    c = wb.load_corpus(_folder(tmp_path, {"good.docx": _docx(OTHER)}), cache=False)
    assert "good.docx" in c.documents["source_file"].to_list()


def _unreadable_probe(folder: Path) -> subprocess.CompletedProcess:
    code = (
        "import workbench as wb, sys; c = wb.load_corpus(sys.argv[1], cache=False); "
        "print(sorted(c.documents['source_file'])); print(c.problems.filter(c.problems['source_file'] == 'locked.txt').to_dicts())"
    )
    cmd = [sys.executable, "-c", code, str(folder)]
    if os.geteuid() == 0:  # root reads anything: run the load as nobody
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    env = {**os.environ, "WORKBENCH_PROCESSED_DIR": str(folder.parent / "processed")}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="running as root without setpriv: every file is readable")
def test_unreadable_file_is_an_error_row():
    base = Path(tempfile.mkdtemp(prefix="wb-unreadable-"))
    try:
        base.chmod(0o755)
        folder = _folder(base)
        folder.chmod(0o755)
        (folder / "locked.txt").write_bytes(SEED.read_bytes())
        (folder / "locked.txt").chmod(0o000)
        for p in folder.iterdir():
            if p.name != "locked.txt":
                p.chmod(0o644)
        out = _unreadable_probe(folder)
        assert out.returncode == 0, out.stderr
        assert "Traceback" not in out.stderr
        docs, row = out.stdout.splitlines()[:2]
        assert docs == str(sorted(g.name for g in GOOD))
        assert "locked.txt: cannot be read (PermissionError" in row and "'severity': 'error'" in row
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize("cache", [False, True])
def test_file_name_that_is_not_utf8_is_an_error_row(tmp_path, monkeypatch, cache):
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    folder = _folder(tmp_path)
    (folder / os.fsdecode(b"report_\xb1\xa8.txt")).write_bytes(SEED.read_bytes())
    c = wb.load_corpus(folder, cache=cache)
    assert sorted(c.documents["source_file"]) == sorted(g.name for g in GOOD)
    row = _row(c, "report_\\xb1\\xa8.txt")
    assert row["severity"] == "error" and "not valid UTF-8" in row["message"]


def test_strict_raises_corpus_error_naming_the_file_chained_to_the_cause(tmp_path):
    folder = _folder(tmp_path, {"odd.txt": b"\xff\xfe" + TEXT.encode("utf-16-le") + b"\x00"})
    with pytest.raises(wb.CorpusError, match=r"^odd.txt: starts with a UTF-16 byte-order mark") as info:
        wb.load_corpus(folder, cache=False, strict=True)
    assert isinstance(info.value.__cause__, readers.ReadError)
    assert isinstance(info.value.__cause__.__cause__, UnicodeDecodeError)


def test_strict_names_a_damaged_docx_chained_to_the_zip_error(tmp_path):
    folder = _folder(tmp_path, {"bad.docx": _broken_docx("corrupt-deflate")})
    with pytest.raises(wb.CorpusError, match=r"^bad.docx: part 'word/document.xml' of the .docx is damaged") as info:
        wb.load_corpus(folder, cache=False, strict=True)
    assert info.value.__cause__.__cause__ is not None


def test_report_names_the_file_when_the_load_fails(tmp_path, monkeypatch):
    from workbench import report

    manifest = tmp_path / "manifest.csv"
    manifest.write_text('source_file,district\n002_7456ba8b65555133.txt,"上城区\n', encoding="utf-8")
    monkeypatch.setattr(config, "MANIFEST", manifest)
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    with pytest.raises(report.ReportError, match=r"could not load the corpus .*manifest.csv line 2, column 2"):
        report.build_reports(notebooks=sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))[:1], out=tmp_path / "out", source=str(_folder(tmp_path)), parameters={}, log=lambda _: None)


# ----------------------------------------------------------------------------- 2. honest readers


def test_txt_mentioning_html_stays_text(tmp_path):
    text = "说明:本文件曾以<html>网页形式发布。\n" + OTHER
    c = wb.load_corpus(_folder(tmp_path, {"mention.txt": text.encode("utf-8")}), cache=False)
    plain = wb.load_corpus(_folder(tmp_path / "ref", {"mention.txt": OTHER.encode("utf-8")}), cache=False)
    got = c.documents.filter(pl.col("source_file") == "mention.txt").row(0, named=True)
    ref = plain.documents.filter(pl.col("source_file") == "mention.txt").row(0, named=True)
    assert got["title"] == ref["title"] is not None
    assert got["text"].count("\n") >= ref["text"].count("\n") > 40
    assert "索引号" not in got["text"]
    assert c.problems.filter(pl.col("message").str.contains("HTML")).height == 0


def test_txt_that_is_an_html_document_is_read_as_html_with_a_note(tmp_path):
    page = "<!-- saved from url=(0030)http://example.gov.cn/ -->\n<html><body>" + "".join(f"<p>{line}</p>" for line in OTHER.split("\n")) + "</body></html>"
    c = wb.load_corpus(_folder(tmp_path, {"page.txt": page.encode("utf-8")}), cache=False)
    row = c.problems.filter((pl.col("source_file") == "page.txt") & pl.col("message").str.contains("HTML document")).row(0, named=True)
    assert row["severity"] == "info"
    assert "<p>" not in c.documents.filter(pl.col("source_file") == "page.txt")["text"][0]


@pytest.mark.parametrize("depth", [254, 600])
def test_deep_html_is_parsed_with_a_note(tmp_path, depth):
    page = "<html><body>" + "<div>" * depth + "".join(f"<p>{line}</p>" for line in OTHER.split("\n")) + "</div>" * depth + "</body></html>"
    c = wb.load_corpus(_folder(tmp_path, {"deep.html": page.encode("utf-8")}), cache=False)
    doc = c.documents.filter(pl.col("source_file") == "deep.html")
    assert doc.height == 1 and "法治政府" in doc["text"][0]
    row = _row(c, "deep.html")
    assert row["severity"] == "info" and f"nests elements {depth + 3} deep" in row["message"]


def test_html_past_the_depth_limit_is_an_error_stating_the_depth(tmp_path):
    page = "<html><body>" + "<div>" * 3000 + TEXT + "</div>" * 3000 + "</body></html>"
    c = wb.load_corpus(_folder(tmp_path, {"deeper.html": page.encode("utf-8")}), cache=False)
    _good_loaded(c)
    row = _row(c, "deeper.html")
    assert row["severity"] == "error" and "nests elements 2048+ deep, past the limit of 1000" in row["message"]


def test_docx_expanding_past_the_limit_is_refused_before_expanding(tmp_path):
    """A 600 MB document.xml (declared): refused from the zip directory with the default limits."""
    data = _docx()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    bomb = _patch_headers(data, "word/document.xml", local=22, central=24, value=600 * 2**20, fmt="<I")
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml").file_size == 600 * 2**20 != info.file_size
    c = wb.load_corpus(_folder(tmp_path, {"bomb.docx": bomb}), cache=False)
    _good_loaded(c)
    row = _row(c, "bomb.docx")
    assert row["severity"] == "error" and "past the limit of 128.0 MiB" in row["message"]


def test_limits_are_configurable(tmp_path, monkeypatch):
    big_xml = _docx(TEXT * 40)  # a 46 KB file whose XML parts expand past 1 MiB
    monkeypatch.setattr(readers, "LIMITS", readers.Limits(max_docx_xml_bytes=1 * 2**20))
    c = wb.load_corpus(_folder(tmp_path / "docx", {"big.docx": big_xml}), cache=False)
    assert "past the limit of 1.0 MiB (workbench.readers.Limits.max_docx_xml_bytes)" in _row(c, "big.docx")["message"]
    monkeypatch.setattr(readers, "LIMITS", readers.Limits(max_file_bytes=15_000))
    c = wb.load_corpus(_folder(tmp_path / "txt", {"big.txt": (OTHER * 2).encode()}), cache=False)
    assert "(workbench.readers.Limits.max_file_bytes)" in _row(c, "big.txt")["message"]
    assert c.documents.height == 2  # 002 (11 KB) and 004 (9 KB) are under 15,000 bytes


def test_skipped_entries_each_get_a_row_and_links_out_are_not_followed(tmp_path):
    outside = tmp_path / "elsewhere.txt"
    shutil.copy(GOOD[0], outside)
    folder = _folder(tmp_path)
    (folder / "outside.txt").symlink_to(outside)
    (folder / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (folder / "inside.txt").symlink_to(folder / GOOD[1].name)
    (folder / "x.txt").mkdir()
    (folder / ".hidden.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(folder / "pipe.txt")
    c = wb.load_corpus(folder, cache=False)
    assert "outside.txt" not in c.documents["source_file"].to_list()
    assert _row(c, "outside.txt")["severity"] == "warning" and "outside the source folder" in _row(c, "outside.txt")["message"]
    assert _row(c, "broken.txt")["severity"] == "warning" and "does not exist" in _row(c, "broken.txt")["message"]
    assert _row(c, "x.txt")["severity"] == "info" and "a folder" in _row(c, "x.txt")["message"]
    assert _row(c, ".hidden.txt")["severity"] == "info"
    assert _row(c, "pipe.txt")["severity"] == "warning" and "not a regular file" in _row(c, "pipe.txt")["message"]
    # a link inside the folder is an ordinary file: here the same text twice
    assert "same report text" in _row(c, "inside.txt")["message"]


def test_skipped_entries_change_the_cache_key(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    folder = _folder(tmp_path)
    first = wb.load_corpus(folder)
    (folder / "x.txt").mkdir()
    second = wb.load_corpus(folder)
    assert second.key != first.key
    assert _row(second, "x.txt")["severity"] == "info"


# ----------------------------------------------------------------------------- 4. the manifest


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('source_file,district,year\na.txt,"上城区,2021\nb.txt,余杭区,2020\n', r"line 2, column 2: a quoted cell is never closed"),
        ('source_file,district,year\na.txt,"上城区,2021\nb.txt,"余杭区",2020\n', r"line 2, column 2: malformed CSV"),
        ('source_file,district,year\na.txt,上"城区,2021\n', r"line 2, column 2 \(district\): a \" inside a cell"),
        ('source_file,district,year\na.txt,上城区,2021,x\n', r"line 2: 4 cells, expected 3"),
        ("source_file,district,year\na.txt,上城区,²\n", r"line 2, column 3 \(year\): year '²' is not a whole number"),
        ("source_file,publish_date\na.txt,20220331\n", r"line 2, column 2 \(publish_date\): publish_date '20220331' is not YYYY-MM-DD"),
        ("source_file,year,year\na.txt,2021,2021\n", r"line 1: columns \['year'\] appear more than once"),
        ("source_file,county\na.txt,x\n", r"line 1: unknown columns \['county'\]"),
    ],
)
def test_malformed_manifest_names_line_and_column(tmp_path, content, message):
    p = tmp_path / "manifest.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        read_manifest(p)


def test_gbk_manifest_names_the_line(tmp_path):
    p = tmp_path / "manifest.csv"
    p.write_bytes("source_file,district\na.txt,上城区\n".encode("gbk"))
    with pytest.raises(ManifestError, match=r"manifest.csv line 2, byte 7 of the line: not UTF-8.*save the manifest as UTF-8") as info:
        read_manifest(p)
    assert isinstance(info.value.__cause__, UnicodeDecodeError)


def test_manifest_that_is_a_folder(tmp_path):
    (tmp_path / "manifest.csv").mkdir()
    with pytest.raises(ManifestError, match="is a folder; expected a CSV file"):
        read_manifest(tmp_path / "manifest.csv")


def test_unmatched_and_duplicate_manifest_rows_are_warnings(tmp_path, monkeypatch):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f"source_file,district\n{SEED.name},上城区\nno_such_file.txt,余杭区\n{SEED.name},西湖区\n", encoding="utf-8"
    )
    monkeypatch.setattr(config, "MANIFEST", manifest)
    c = wb.load_corpus(_folder(tmp_path), cache=False)
    rows = c.problems.filter(pl.col("source_file") == "manifest.csv").sort("message").to_dicts()
    assert [r["severity"] for r in rows] == ["warning", "warning"]
    assert rows[0]["message"].startswith("manifest.csv line 3: source_file 'no_such_file.txt' matches no file")
    assert rows[1]["message"].startswith(f"manifest.csv line 4: a second row for '{SEED.name}' (the first is line 2)")
    assert c.documents.filter(pl.col("source_file") == SEED.name)["district"][0] == "上城区"  # the first row is used
    with pytest.raises(wb.CorpusError, match="manifest.csv line"):
        wb.load_corpus(_folder(tmp_path / "again"), cache=False, strict=True)


def test_manifest_accepts_every_metadata_field():
    from workbench import manifest, metadata

    assert set(metadata.FIELDS) <= set(manifest.COLUMNS)
