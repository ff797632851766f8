"""Build tiny corpora for the indicator tests: one document, one section, given sentences."""

from __future__ import annotations

import polars as pl

import workbench as wb
from workbench import schemas


def corpus_of(
    sentences: list[str],
    *,
    heading: str = "主要举措和成效",
    kind: str = "achievements",
    doc_id: str = "t",
    district: str = "测试区",
    year: int = 2023,
) -> wb.Corpus:
    """A Corpus whose text is ``heading + "。" + sentences`` joined, one section, one sentence per item."""
    text = heading + "。"
    spans = [(0, len(text))]
    for s in sentences:
        spans.append((len(text), len(text) + len(s)))
        text += s
    sid = f"{doc_id}/1"
    documents = schemas.conform(
        pl.DataFrame(
            {
                "doc_id": [doc_id],
                "title": [None],
                "district": [district],
                "city": [None],
                "province": [None],
                "level": [None],
                "year": [year],
                "publish_date": [None],
                "doc_number": [None],
                "index_number": [None],
                "publisher": [None],
                "url": [None],
                "accessed": [None],
                "note": [None],
                "source_file": [f"{doc_id}.txt"],
                "n_chars": [len(text)],
                "text": [text],
            }
        ),
        schemas.DOCUMENTS,
    )
    sections = pl.DataFrame(
        {
            "doc_id": [doc_id],
            "section_id": [sid],
            "parent_id": [None],
            "level": [1],
            "label": ["一、"],
            "heading": [heading],
            "kind": [kind],
            "text": [text],
            "char_start": [0],
            "char_end": [len(text)],
        },
        schema=schemas.SECTIONS,
    )
    sents = pl.DataFrame(
        {
            "doc_id": [doc_id] * len(spans),
            "section_id": [sid] * len(spans),
            "sentence_id": list(range(len(spans))),
            "text": [text[s:e] for s, e in spans],
            "char_start": [s for s, _ in spans],
            "char_end": [e for _, e in spans],
        },
        schema=schemas.SENTENCES,
    )
    return wb.Corpus(
        documents=documents,
        sections=sections,
        sentences=sents,
        tokens=schemas.empty(schemas.TOKENS),
        problems=schemas.empty(schemas.PROBLEMS),
    )
