"""Place names of the corpus's own metadata, and the tokens that mention them.

Used by :mod:`workbench.keywords` (``drop_place_names``) and
:mod:`workbench.topics` (``drop_places``), so both analyses drop the same
tokens: every report names itself, and its own name would otherwise top its
keyword list or pull its items into one cluster.
"""

from __future__ import annotations

import re
import weakref

import polars as pl

from . import schemas
from .corpus import Corpus


def place_names(corpus: Corpus) -> list[str]:
    """The place names of the corpus's own metadata, longest first.

    The values of ``district``, ``city`` and ``province``; each without its
    final 区/县/市/省 (拱墅区 → 拱墅) when two or more characters remain; and a
    district's name after its city's (宁波高新区 → 高新区).

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    list of str
        Sorted by length descending, then alphabetically.

    Examples
    --------
    >>> import workbench as wb
    >>> place_names(wb.load_corpus())[:3]  # doctest: +SKIP
    ['宁波高新区', '宁波高新', '上城区']
    """
    names: set[str] = set()
    rows = corpus.documents.select("district", "city", "province").iter_rows()
    for district, city, province in rows:
        for name in (district, city, province):
            if not name:
                continue
            names.add(name)
            stem = name[:-1] if name[-1] in "区县市省" else name
            if len(stem) >= 2:
                names.add(stem)
        if district and city:
            city_stem = city[:-1] if city.endswith("市") else city
            if district.startswith(city_stem) and len(district) - len(city_stem) >= 2:
                names.add(district[len(city_stem) :])
    return sorted(names, key=lambda n: (-len(n), n))


#: place_tokens results of the corpora still alive: id(corpus) -> (documents, tokens, result).
#: Frames are held by weak reference, so an entry is used only while the corpus still has
#: the very frames it was computed from.
_PLACE_TOKENS: dict[int, tuple[weakref.ref, weakref.ref, pl.DataFrame]] = {}


def place_tokens(corpus: Corpus) -> pl.DataFrame:
    """Tokens that lie inside a mention of one of the corpus's place names.

    A token counts only when it lies wholly inside a match of
    :func:`place_names` in ``documents.text`` (longest name first), so 城区
    inside 上城区 is a place token but 城区 inside 主城区 is not.

    The result is remembered for the corpus object as long as it keeps the
    same ``documents`` and ``tokens`` frames (every keyword helper asks for
    it; on 1,000 reports it takes about two seconds). Replacing either frame
    recomputes it.

    Returns
    -------
    polars.DataFrame
        ``doc_id`` (Categorical, as in every frame), ``position`` (Int32), sorted by both; joins to
        ``corpus.tokens`` on those keys.
    """
    hit = _PLACE_TOKENS.get(id(corpus))
    if hit is not None and hit[0]() is corpus.documents and hit[1]() is corpus.tokens:
        return hit[2]
    out = _place_tokens(corpus)
    key = id(corpus)
    _PLACE_TOKENS[key] = (weakref.ref(corpus.documents), weakref.ref(corpus.tokens), out)
    weakref.finalize(corpus, _PLACE_TOKENS.pop, key, None)
    return out


def _place_tokens(corpus: Corpus) -> pl.DataFrame:
    names = place_names(corpus)
    rows: dict[str, list] = {"doc_id": [], "char_start": [], "char_end": []}
    if names:
        pattern = re.compile("|".join(re.escape(n) for n in names))
        for doc_id, text in corpus.documents.select("doc_id", "text").iter_rows():
            for m in pattern.finditer(text):
                rows["doc_id"].append(doc_id)
                rows["char_start"].append(m.start())
                rows["char_end"].append(m.end())
    spans = pl.DataFrame(rows, schema={"doc_id": schemas.ID, "char_start": schemas.OFFSET, "char_end": schemas.OFFSET})
    toks = corpus.tokens.select("doc_id", "position", "char_start", "char_end")
    # regex matches do not overlap, so the only mention that can hold a token is the
    # last one starting at or before it: an as-of join instead of a cross join per document
    return (
        toks.sort("doc_id", "char_start")
        .join_asof(
            spans.rename({"char_start": "_s", "char_end": "_e"}).sort("doc_id", "_s"),
            left_on="char_start",
            right_on="_s",
            by="doc_id",
            strategy="backward",
            check_sortedness=False,  # both sides sorted by (doc_id, offset) just above
        )
        .filter(pl.col("_e").is_not_null() & (pl.col("char_end") <= pl.col("_e")))
        .select("doc_id", "position")
        .unique()
        .sort("doc_id", "position")
    )
