"""README.md: its ad-hoc examples run on the seed corpus, and its frame tables state the dtypes of workbench.schemas."""

from __future__ import annotations

import re

import polars as pl
import pytest

from workbench import config, schemas

README = config.PROJECT_ROOT / "README.md"


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _python_blocks(section: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", section, flags=re.M | re.S)


def test_the_ad_hoc_examples_run_and_the_id_idioms_do_what_they_say(tmp_path, monkeypatch):
    blocks = _python_blocks(_section(README.read_text(encoding="utf-8"), "Ad-hoc use"))
    assert len(blocks) >= 3, "README's Ad-hoc use lost its examples"
    # run where a user would, in a folder of their own: relative paths (wb.export(corpus, "my_export")) land there
    monkeypatch.chdir(tmp_path)
    ns: dict = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), ns)  # noqa: S102 - the README's own code
    assert (tmp_path / "my_export" / "csv" / "documents.csv").exists()
    # 1. filter by an id string
    assert ns["one"].height > 0 and set(ns["one"]["doc_id"].to_list()) == {"000_270b53498ad70ad4"}
    assert set(ns["some"]["section_id"].to_list()) == {"000_270b53498ad70ad4/1", "000_270b53498ad70ad4/2"}
    # 2. joins: between frames without a cast, with a user's frame after casting to pl.Categorical
    corpus = ns["corpus"]
    assert ns["per_section"].height == corpus.tokens["section_id"].n_unique()
    assert ns["per_section"]["len"].sum() == corpus.tokens.height
    assert ns["coded"].select("doc_id", "coder").rows() == [("000_270b53498ad70ad4", "A")]
    with pytest.raises(pl.exceptions.SchemaError):  # what idiom 2 warns about: a String key does not join
        corpus.documents.join(pl.DataFrame({"doc_id": ["000_270b53498ad70ad4"]}), on="doc_id")
    # 3. .str after a cast
    assert ns["prefixes"]["prefix"].to_list() == [d[:3] for d in corpus.documents["doc_id"].to_list()]
    with pytest.raises(pl.exceptions.SchemaError):  # and without it .str fails, as the README says
        corpus.documents.select(pl.col("doc_id").str.slice(0, 3))


@pytest.mark.parametrize("name", ["documents", "sections", "sentences", "tokens"])
def test_the_frame_tables_state_the_schema_dtypes(name):
    text = README.read_text(encoding="utf-8")
    start = text.index(f"**{name}** —")
    table = text[start : text.index("\n\n", text.index("|---", start))]
    stated: dict[str, str] = {}
    for cols, dtype in re.findall(r"^\| ((?:`\w+`(?:, )?)+) \| (\w+) \|", table, flags=re.M):
        for col in re.findall(r"`(\w+)`", cols):
            stated[col] = dtype
    expected = {col: type(dtype).__name__ for col, dtype in schemas.FRAMES[name].items()}
    assert stated == expected
