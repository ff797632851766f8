"""Inputs researchers really have: other encodings, line ends, HTML, .docx, traditional script, bad files."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import polars as pl
import pytest

import workbench as wb
from workbench import config, schemas
from _report_helpers import docx_bytes

SEED = config.RAW_DIR / "001_cb0d57f057b2aa38.txt"  # 椒江区: metadata header, stray spaces
SEED_TWICE = config.RAW_DIR / "000_270b53498ad70ad4.txt"  # 拱墅区: body printed twice


def _frames(folder: Path) -> dict[str, pl.DataFrame]:
    c = wb.load_corpus(folder, cache=False)
    return {
        "documents": c.documents.drop("source_file"),
        "sections": c.sections,
        "sentences": c.sentences,
        "tokens": c.tokens,
    }


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = {}
    for seed in (SEED, SEED_TWICE):
        folder = tmp_path_factory.mktemp("ref")
        shutil.copy(seed, folder / seed.name)
        out[seed.name] = _frames(folder)
    return out


def _variants(text: str) -> dict[str, bytes]:
    lines = text.split("\n")
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>某网站</title>"
        "<script>var tracker = '发布日期';</script><style>p{margin:0}</style></head><body>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        + "</body></html>"
    )
    fullwidth = "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalnum() else ch for ch in text)
    import opencc

    return {
        ".txt:utf-8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        ".txt:gb18030": text.encode("gb18030"),
        ".txt:gbk": text.encode("gbk"),
        ".txt:crlf": text.replace("\n", "\r\n").encode("utf-8"),
        ".txt:cr": text.replace("\n", "\r").encode("utf-8"),
        ".txt:fullwidth": fullwidth.encode("utf-8"),
        ".txt:traditional": opencc.OpenCC("s2t").convert(text).encode("utf-8"),
        ".html:page": page.encode("utf-8"),
        ".html:gbk-page": page.replace("utf-8", "gbk").encode("gbk"),
    }


@pytest.mark.parametrize("seed", [SEED, SEED_TWICE], ids=["椒江区", "拱墅区"])
@pytest.mark.parametrize(
    "variant",
    [".txt:utf-8-bom", ".txt:gb18030", ".txt:gbk", ".txt:crlf", ".txt:cr", ".txt:fullwidth", ".txt:traditional", ".html:page", ".html:gbk-page"],
)
def test_variant_gives_the_same_frames(tmp_path, reference, seed, variant):
    text = seed.read_text(encoding="utf-8")
    data = _variants(text)[variant]
    suffix = variant.split(":")[0]
    folder = _write(tmp_path, seed.stem + suffix, data)
    got = _frames(folder)
    for name, df in reference[seed.name].items():
        assert got[name].equals(df), (variant, name)


def test_docx_gives_the_same_frames(tmp_path, reference):
    folder = tmp_path / "docx"
    folder.mkdir()
    (folder / (SEED.stem + ".docx")).write_bytes(docx_bytes(SEED.read_text(encoding="utf-8")))
    got = _frames(folder)
    for name, df in reference[SEED.name].items():
        assert got[name].equals(df), name


def test_traditional_mirror_is_converted(tmp_path):
    import opencc

    trad = opencc.OpenCC("s2t").convert(SEED.read_text(encoding="utf-8")).replace("椒江區", "海淀區")
    folder = _write(tmp_path, "mirror.txt", trad.encode("utf-8"))
    c = wb.load_corpus(folder, cache=False)
    assert "法治政府建设" in c.documents["text"][0]
    assert c.problems.filter(pl.col("message").str.contains("traditional characters")).height == 1


def test_the_traditional_characters_are_found_in_the_ranges_looked_up():
    """_traditional converts only the CJK ranges (_T2S_RANGES): the installed OpenCC changes no other
    character of U+0080-U+FFFF on its own, so looking at all of them would find the same set."""
    import opencc

    from workbench.readers import _T2S_RANGES, _traditional

    t2s = opencc.OpenCC("t2s")
    chars = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF]
    out = t2s.convert("\n".join(chars)).split("\n")
    assert len(out) == len(chars)
    changed = {c for c, o in zip(chars, out) if c != o}
    assert len(changed) > 2000 and "們" in changed and "们" not in changed
    outside = sorted(c for c in changed if not any(lo <= ord(c) < hi for lo, hi in _T2S_RANGES))
    assert not outside, outside[:10]
    pattern = _traditional()
    assert all(pattern.fullmatch(c) for c in changed)
    assert not any(pattern.fullmatch(c) for c in chars if c not in changed)


def test_simplified_text_is_never_converted(tmp_path):
    """OpenCC's t2s changes simplified words (打坏 → 打坯, 批覆 → 批复, 乾坤 → 干坤, 昇腾 → 升腾): a report in
    simplified script is left exactly as it is, also when it holds a few characters t2s would change
    (乾, 昇), and no conversion note is written; a report in traditional script is converted."""
    import opencc

    from workbench.readers import TRADITIONAL_SHARE, _traditional, to_simplified

    t2s, s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    words = "会后打坏的设备已修复,对批覆和回覆意见逐条整改,朗朗乾坤,完成昇腾算力中心建设"
    assert t2s.convert(words) != words  # what converting every text would do
    assert to_simplified(words) == words
    assert to_simplified(s2t.convert(words)) == t2s.convert(s2t.convert(words))  # traditional script: converted
    # traditional-only characters count, simplified ones do not
    assert all(_traditional().search(ch) for ch in "們國說這為與會關於")
    assert not any(_traditional().search(ch) for ch in "们国说这为与会关法治政府建设年度报告")
    title = "乾縣人民政府關於2023年度法治政府建設情況的報告"  # a title in traditional script is converted
    assert to_simplified(title) == t2s.convert(title) == "乾县人民政府关于2023年度法治政府建设情况的报告"
    assert 0.1 <= TRADITIONAL_SHARE <= 0.25  # between the simplified (at most 0.8 %) and traditional (27-36 %) files measured
    text = SEED.read_text(encoding="utf-8").replace("深入学习贯彻党的二十大精神,", "深入学习贯彻党的二十大精神,会后打坏的设备已修复,朗朗乾坤,", 1)
    assert "打坏的设备" in text
    folder = _write(tmp_path, "simplified.txt", text.encode("utf-8"))
    c = wb.load_corpus(folder, cache=False)
    assert "打坏的设备已修复,朗朗乾坤" in c.documents["text"][0]
    assert c.problems.filter(pl.col("message").str.contains("traditional characters")).height == 0


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("2021年政府工作报告（在福田区第八届人民代表大会第一次会议上）_2021.txt", "打造一批覆盖全域"),  # 批覆 read across two words
        ("2025年光明区政府工作报告_2025.txt", "昇腾"),  # Huawei's Ascend, not 升腾
        ("深圳市宝安区人民政府区长王立德在深圳市宝安区第六届人民代表大会第七次会议上作政府工作报告_2021.txt", "朗朗乾坤"),
    ],
)
def test_real_simplified_reports_keep_their_words(name, words):
    """Real Shenzhen reports whose words t2s changed (一批复盖, 升腾, 朗朗干坤) keep them, with no conversion note."""
    from workbench.readers import read_raw

    path = Path(__file__).parent / "real" / "shenzhen-work-reports" / name
    assert words in path.read_text(encoding="utf-8")
    raw = read_raw(path)
    assert words in raw.text
    assert not any("traditional" in note for note in raw.notes)


# ----------------------------------------------------------------------------- bad input


@pytest.fixture
def messy(tmp_path):
    folder = tmp_path / "messy"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\r\n ")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 ...")
    (folder / "copy_of_jiaojiang.txt").write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    (folder / "notes.txt").write_text("这是一段没有任何章节结构的文字。它说明了一些情况,但没有一、二、三这样的标题。", encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    return folder


def test_bad_inputs_become_problems_naming_the_file(messy):
    c = wb.load_corpus(messy, cache=False)
    schemas.check(c.problems, schemas.PROBLEMS, "problems")
    probs = {r["source_file"]: r for r in c.problems.iter_rows(named=True)}
    assert probs["empty.txt"]["severity"] == "error" and "empty" in probs["empty.txt"]["message"]
    assert probs["blank.txt"]["severity"] == "error"
    assert probs["binary.txt"]["severity"] == "error" and "binary" in probs["binary.txt"]["message"]
    assert probs["scan.pdf"]["severity"] == "error" and "unknown file type '.pdf'" in probs["scan.pdf"]["message"]
    assert probs["broken.docx"]["severity"] == "error" and ".docx" in probs["broken.docx"]["message"]
    dup = probs["copy_of_jiaojiang.txt"]
    assert dup["severity"] == "warning" and SEED.name in dup["message"]
    notes = c.problems.filter(pl.col("source_file") == "notes.txt")
    assert set(notes["severity"]) == {"warning"} and notes.height == 4
    assert any("district: no source names the reporting unit" in m for m in notes["message"])
    assert any("year: no title, opening line" in m for m in notes["message"])
    assert any("no 一、/二、 parts" in m for m in notes["message"])
    assert any("does not look like a 法治政府建设 report" in m for m in notes["message"])
    for name, row in probs.items():
        assert row["message"].startswith(name), row
    assert probs[".DS_Store"]["severity"] == "info" and "hidden" in probs[".DS_Store"]["message"]  # skipped, said so
    # loaded: the seed and the unstructured note, as one section of kind other
    assert sorted(c.documents["source_file"]) == sorted([SEED.name, "notes.txt"])
    note = c.sections.filter(pl.col("doc_id") == "notes")
    assert note.select("level", "kind").rows() == [(1, "other")]


def test_strict_raises_with_the_file_named(messy):
    with pytest.raises(wb.CorpusError, match=r"^(binary|blank|broken|empty)"):
        wb.load_corpus(messy, cache=False, strict=True)


def test_read_errors_name_file_and_fix(tmp_path):
    from workbench.readers import ReadError, read_raw

    p = tmp_path / "report.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadError, match=r"report.doc: unknown file type '.doc'.*\.docx"):
        read_raw(p)
