"""Items and their words: the items of the report parts of one kind (:func:`plan_items`), the
content tokens of each item (:func:`item_tokens`) and the words dropped before vectorizing
(:func:`content_stopwords`)."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from .. import schemas
from ..places import place_tokens
from ..segmenter import boilerplate, stopwords
from .schemas import ITEM_TOKENS, ITEMS


def _check_corpus(func: str, corpus) -> None:
    for name in ("documents", "sections", "tokens"):
        if not isinstance(getattr(corpus, name, None), pl.DataFrame):
            msg = (
                f"{func}: expected a workbench Corpus (from wb.load_corpus) with a '{name}' frame; "
                f"found {type(corpus).__name__}"
            )
            raise TypeError(msg)


def content_stopwords() -> frozenset[str]:
    """Words dropped before vectorizing: function words plus the genre's boilerplate.

    The union of :func:`workbench.segmenter.stopwords` (的, 和, 等 …) and
    :func:`workbench.segmenter.boilerplate` (推进, 加强, 深化 …), read from
    ``data/dict/`` on each call.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> words = content_stopwords()
    >>> isinstance(words, frozenset)
    True
    """
    return stopwords() | boilerplate()


def item_tokens(
    corpus,
    items: pl.DataFrame,
    *,
    stop_words: Iterable[str] | None = None,
    min_chars: int = 2,
    drop_label: bool = True,
    drop_places: bool = True,
) -> pl.DataFrame:
    """Content tokens of each item, from the corpus token frame.

    A token belongs to an item when it lies inside the item's character range
    (``char_start <= token.char_start`` and ``token.char_end <= char_end``)
    in the same document, so the tokens of the item's sub-sections count too.
    Dropped: punctuation, numbers, tokens flagged ``is_stopword``, tokens in
    ``stop_words``, tokens shorter than ``min_chars`` characters, the item's
    own marker (``label``) and, with ``drop_places``, tokens inside a mention
    of one of the corpus's place names (:func:`workbench.places.place_tokens`,
    the same rule as ``drop_place_names`` in :mod:`workbench.keywords`: 椒江 in
    椒江区, 杭州 in 杭州市, but not 城区 in 主城区), which would otherwise tie a
    district's items together.

    Parameters
    ----------
    corpus : Corpus
        From :func:`workbench.load_corpus`.
    items : polars.DataFrame
        With columns ``doc_id``, ``district``, ``item_id``, ``label``,
        ``char_start``, ``char_end`` (as from :func:`plan_items`).
    stop_words : iterable of str, optional
        Words to drop; default :func:`content_stopwords` (function words and
        the genre's boilerplate).
    min_chars : int, default 2
        Shortest token kept. Single characters (法, 案, 率 …) rarely name a
        kind of plan.
    drop_label : bool, default True
        Drop the tokens of the item's marker, e.g. 一是.
    drop_places : bool, default True
        Drop tokens inside mentions of the corpus's place names (see above).

    Returns
    -------
    polars.DataFrame
        Columns (:data:`ITEM_TOKENS`): ``item_id``, ``position``, ``token``,
        ``char_start``, ``char_end``; sorted by item order then position.

    Raises
    ------
    TypeError
        ``corpus`` is not a Corpus.
    ValueError
        ``items`` lacks a needed column.

    Examples
    --------
    >>> import workbench as wb
    >>> corpus = wb.load_corpus()  # doctest: +SKIP
    >>> items = plan_items(corpus)  # doctest: +SKIP
    >>> item_tokens(corpus, items).head(3)  # doctest: +SKIP
    shape: (3, 5)
    ┌──────────────────────────┬──────────┬────────────────┬────────────┬──────────┐
    │ item_id                  ┆ position ┆ token          ┆ char_start ┆ char_end │
    ╞══════════════════════════╪══════════╪════════════════╪════════════╪══════════╡
    │ 000_270b53498ad70ad4/4.1 ┆ 1434     ┆ 全面落实       ┆ 2969       ┆ 2973     │
    │ 000_270b53498ad70ad4/4.1 ┆ 1436     ┆ 责任           ┆ 2979       ┆ 2981     │
    │ 000_270b53498ad70ad4/4.1 ┆ 1439     ┆ 习近平法治思想 ┆ 2984       ┆ 2991     │
    └──────────────────────────┴──────────┴────────────────┴────────────┴──────────┘
    """
    _check_corpus("item_tokens", corpus)
    needed = ["doc_id", "district", "item_id", "label", "char_start", "char_end"]
    missing = [c for c in needed if c not in items.columns]
    if missing:
        msg = f"item_tokens: items lacks columns {missing}; expected a frame from plan_items(corpus)"
        raise ValueError(msg)
    if min_chars < 1:
        msg = f"item_tokens: min_chars must be at least 1; found {min_chars}"
        raise ValueError(msg)
    stop = sorted(content_stopwords() if stop_words is None else set(stop_words))
    spans = items.select(
        "doc_id",
        "item_id",
        pl.col("district").fill_null(""),
        pl.col("char_start").alias("item_start"),
        pl.col("char_end").alias("item_end"),
        (pl.col("char_start") + pl.col("label").fill_null("").str.len_chars()).alias("label_end"),
        pl.int_range(pl.len()).alias("item_order"),
    )
    toks = corpus.tokens.filter(~pl.col("is_punct"), ~pl.col("is_number"), ~pl.col("is_stopword"))
    keep = (pl.col("char_start") >= pl.col("item_start")) & (pl.col("char_end") <= pl.col("item_end"))
    keep &= ~pl.col("token").is_in(stop) & (pl.col("token").str.len_chars() >= min_chars)
    if drop_label:
        keep &= pl.col("char_start") >= pl.col("label_end")
    if drop_places:
        toks = toks.join(place_tokens(corpus), on=["doc_id", "position"], how="anti")
    out = (
        spans.join(toks, on="doc_id", how="inner")
        .filter(keep)
        .sort("item_order", "position")
    )
    return schemas.conform(out, ITEM_TOKENS)


def plan_items(
    corpus,
    kind: str = "plans",
    *,
    stop_words: Iterable[str] | None = None,
    min_chars: int = 2,
    drop_label: bool = True,
    drop_places: bool = True,
) -> pl.DataFrame:
    """One row per item of the report parts of one kind (by default the plans for next year).

    An item is a direct child of a level-1 section of kind ``kind``: the (一)
    subsections, the 一是/二是 items or the 1./2. items, whichever level the
    report uses right under that part. A part with no children is one item
    (the whole part, ``level`` 1). ``item_id`` is the item's ``section_id``.
    The ``tokens`` column holds the item's content tokens (see
    :func:`item_tokens`; the keyword options are passed on to it), which
    :func:`cluster` vectorizes.

    Parameters
    ----------
    corpus : Corpus
        From :func:`workbench.load_corpus`.
    kind : {"plans", "achievements", "shortcomings", "duties", "other"}, default "plans"
        Section kind whose parts are cut into items.
    stop_words, min_chars, drop_label, drop_places
        Token filtering, see :func:`item_tokens`.

    Returns
    -------
    polars.DataFrame
        Columns (:data:`ITEMS`): ``doc_id``, ``district``, ``year``,
        ``part_id``, ``item_id``, ``level``, ``label``, ``heading``, ``text``,
        ``char_start``, ``char_end`` (offsets into ``documents.text``),
        ``tokens`` (list of str). Sorted by ``doc_id`` then ``char_start``.
        Empty (with these columns) when no part of that kind exists.

    Raises
    ------
    TypeError
        ``corpus`` is not a Corpus.
    ValueError
        ``kind`` is not a section kind.

    Examples
    --------
    >>> import workbench as wb
    >>> corpus = wb.load_corpus()  # doctest: +SKIP
    >>> plan_items(corpus).group_by("district").len().sort("district").head(3)  # doctest: +SKIP
    shape: (3, 2)
    ┌────────────┬─────┐
    │ district   ┆ len │
    ╞════════════╪═════╡
    │ 上城区     ┆ 3   │
    │ 余杭区     ┆ 4   │
    │ 宁波高新区 ┆ 3   │
    └────────────┴─────┘
    """
    _check_corpus("plan_items", corpus)
    if kind not in schemas.KINDS:
        msg = f"plan_items: kind '{kind}' is not a section kind; known: {', '.join(schemas.KINDS)}"
        raise ValueError(msg)
    secs = corpus.sections
    parts = secs.filter((pl.col("level") == 1) & (pl.col("kind") == kind)).select("section_id")
    children = secs.join(parts.rename({"section_id": "parent_id"}), on="parent_id", how="inner").with_columns(
        pl.col("parent_id").alias("part_id")
    )
    childless = (
        secs.join(parts, on="section_id", how="inner")
        .join(children.select(pl.col("part_id").alias("section_id")).unique(), on="section_id", how="anti")
        .with_columns(pl.col("section_id").alias("part_id"))
    )
    items = (
        pl.concat([children.select(childless.columns), childless])
        .rename({"section_id": "item_id"})
        .join(corpus.documents.select("doc_id", "district", "year"), on="doc_id", how="left")
        .sort("doc_id", "char_start", "item_id")
        .with_columns(pl.lit([], dtype=pl.List(pl.String())).alias("tokens"))
    )
    items = schemas.conform(items, ITEMS)
    if items.height == 0:
        return items
    toks = item_tokens(
        corpus, items, stop_words=stop_words, min_chars=min_chars, drop_label=drop_label, drop_places=drop_places
    )
    lists = toks.group_by("item_id", maintain_order=True).agg(pl.col("token").alias("tokens"))
    items = items.drop("tokens").join(lists, on="item_id", how="left").with_columns(
        pl.col("tokens").fill_null(pl.lit([], dtype=pl.List(pl.String())))
    )
    return schemas.conform(items.sort("doc_id", "char_start", "item_id"), ITEMS)
