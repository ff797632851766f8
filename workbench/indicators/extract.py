"""Reading a sentence: the label of each quantity, the indicator its cues name, and
:func:`extract`, the one-row-per-quantity table of a corpus."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from .numbers import _PROTECTED, _CHANGE, _DECREASE, UNITS, Quantity, quantities
from .schemas import INDICATORS
from .taxonomy import Indicator, Taxonomy, load_taxonomy

#: A verb of movement to a level (败诉率下降至3.1%, 出庭应诉率提升至100%, 增加到1200件): the
#: number after it is the year's level, not a change; the verb is not part of the label.
_MOVE = re.compile(
    r"(?:同比|环比|(?:较|比)(?:上年|去年|上一年|20\d\d年)度?(?:同期)?)?"
    r"(?:下降|降低|减少|下滑|回落|上升|提高|增长|增加|提升|压降|压缩|缩短|扩大|降|升|增|减)(?:了)?(?:至|到|为)(?:约|近|将近|接近|超过|逾)?\s*$"
)
#: 从/由 before a number that a movement verb then carries to another (从95%提高到100%).
_FROM = re.compile(r"(?:从|由)(?:上年|去年|上一年|20\d\d年)?度?(?:同期)?的?\s*$")
#: Words that make a figure a target rather than a result, read in the sentence before the
#: number (back to the last ；): 力争…达到100%, 确保…不低于90%, 目标为…, 将…提高到…, 明年….
_TARGET = re.compile(
    r"力争|争取|确保(?!了)|预计|计划(?:到|于|在)|目标(?:是|为|值|:|：)|不低于|不少于|不超过|"
    r"将(?:达到|实现|提高|提升|增加|降低|下降|控制|保持|扩大)|明年|下一年|下一步|今后"
)


def change_unit(unit: str) -> str:
    """What a change's number is measured in: percentage points, a relative (%) change, or the unit itself.

    Examples
    --------
    >>> change_unit("个百分点"), change_unit("%"), change_unit("件")
    ('percentage_points', 'relative', 'absolute')
    """
    if unit in {"个百分点", "百分点"}:
        return "percentage_points"
    return "relative" if unit in {"%", "‰"} else "absolute"

# ----------------------------------------------------------------------------- labels and matching

_CLAUSE_BREAK = re.compile(r"[,;、。:!?()]")
_LEAD = re.compile(
    r"^(?:其中|另外|另|并且|并|同时|此外|全年度|全年|全区|全县|全市|全镇|今年以来|今年|当年|年内|累计|共计|合计|总计|"
    r"共|已经|已|目前|现|我区|我县|区本级|本级|20\d\d年度?|\d{1,2}-\d{1,2}月|\d{1,2}月)+"
)
_TRAIL = re.compile(
    r"(?:达到|达|(?<![行作成认])为|是|共计|合计|总计|累计|共|超过|将近|接近|近|超|约|逾|大约|高达|多达|实现|分别为|分别|等|仅|只有|"
    r"保持在|保持|维持在|维持|稳定在|连续[一二三四五六七八九十两0-9]+年|数量|总量|总数|不低于|不少于|不超过|不高于|低于|高于|控制在|\s)+$"
)
_QUOTES = re.compile(r"[《》“”\"'‘’「」\s]")
_FUNCTION_END = set("对为将向的有在把与和及给从")
_PREPOSITION_START = set("对为向将把给")


@lru_cache(maxsize=1 << 16)
def _clean(label: str) -> str:
    label = _ASIDE.sub("", _QUOTES.sub("", label))
    for _ in range(3):
        label = _LEAD.sub("", label)
        label = _TRAIL.sub("", label)
    return label


@dataclass
class _Found:
    q: Quantity
    label: str
    pre: str
    post: str
    clause: str
    clause_index: int
    is_change: bool
    sign: float
    indicator: str | None = None
    topic_text: str = ""
    change_words: str = ""
    value_previous: float | None = None
    is_target: bool = False
    merged: bool = False  # the "from" value of a 从X提高到Y pair, kept as Y's value_previous
    part: str | None = None


@lru_cache(maxsize=1024)
def _anchored(pattern: str) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern})$")


def _best_cue(tax: Taxonomy, text: str, unit: str, is_change: bool) -> str | None:
    """Indicator whose cue matches the end of ``text``: longest match, then file order.

    ``re.search`` of ``(?:cue)$`` returns the leftmost start of a match that ends
    at the end of ``text``, i.e. the longest such match.
    """
    if not text:
        return None
    best: tuple[int, int] | None = None
    found: str | None = None
    for order, ind in enumerate(tax.indicators):
        if not ind.accepts(unit, is_change=is_change):
            continue
        for cue in ind.cues:
            m = _anchored(cue.pattern).search(text)
            if m:
                key = (m.start(), order)
                if best is None or key < best:
                    best, found = key, ind.id
    return found


class _CueFinder:
    """:func:`_best_cue` of one taxonomy, each (text, unit, is_change) answered once.

    Labels recur across sentences and reports (办结, 收到复议申请 …); the answer depends on
    nothing else, so it is kept; so are the candidates of :func:`_bare`. Also holds the
    taxonomy's ``by_id`` map.
    """

    def __init__(self, tax: Taxonomy) -> None:
        self.tax = tax
        self.by_id = tax.by_id()
        self._known: dict[tuple[str, str, bool], str | None] = {}
        self._bare: dict[tuple[str, str, bool], list[Indicator]] = {}

    def __call__(self, text: str, unit: str, is_change: bool) -> str | None:
        key = (text, unit, is_change)
        if key not in self._known:
            self._known[key] = _best_cue(self.tax, text, unit, is_change)
        return self._known[key]

    def bare(self, label: str, unit: str, is_change: bool) -> list[Indicator]:
        """:func:`_bare_candidates` of the taxonomy, each (label, unit, is_change) answered once."""
        key = (label, unit, is_change)
        if key not in self._bare:
            self._bare[key] = _bare_candidates(self.tax, label, unit, is_change)
        return self._bare[key]


#: A short aside in brackets without a number (乡镇(街道)和部门): part of the phrase around it.
_ASIDE = re.compile(r"\([^()0-9０-９,;。]{1,8}\)")


def _breaks(sentence: str) -> list[int]:
    """Positions of clause breaks (,;、。:!?()) outside quotations, titles (“双随机、一公开”) and
    short asides in brackets (乡镇(街道))."""
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(sentence)]
    protected += [(m.start() - 1, m.end() + 1) for m in _ASIDE.finditer(sentence)]
    return [
        m.start()
        for m in _CLAUSE_BREAK.finditer(sentence)
        if not any(a < m.start() < b - 1 for a, b in protected)
    ]


def _clauses(sentence: str, breaks: list[int] | None = None) -> list[tuple[int, str]]:
    """(start, text) of each clause of ``sentence`` (``breaks``: its :func:`_breaks`, if known)."""
    cuts = [-1, *(_breaks(sentence) if breaks is None else breaks), len(sentence)]
    return [(a + 1, sentence[a + 1 : b]) for a, b in zip(cuts, cuts[1:]) if b > a + 1]


def _label_parts(
    sentence: str, q: Quantity, prev_end: int, next_start: int, breaks: list[int] | None = None
) -> tuple[str, str, str, int]:
    """(pre, post, clause, clause_start) around quantity ``q`` in ``sentence`` (``breaks``: its :func:`_breaks`)."""
    if breaks is None:
        breaks = _breaks(sentence)
    cs = max((b + 1 for b in breaks if b < q.start), default=0)
    ce = min((b for b in breaks if b >= q.end), default=len(sentence))
    if ce < len(sentence) and sentence[ce] == "、" and ce > q.end:
        # the object after the unit runs over 、 (156项重大合同、协议开展合法性审查); a 、 right after
        # the unit starts the next item of a list instead (培训15次、检查企业20家)
        ce = min((b for b in breaks if b >= q.end and sentence[b] != "、"), default=len(sentence))
    ce = min(ce, next_start)
    pre = sentence[max(cs, prev_end) : q.start]
    after = q.end
    clause_end = min((b for b in breaks if b >= q.end), default=len(sentence))
    tail = re.match(r"以上|左右|以内|以下", sentence[after:])
    if tail:
        after += tail.end()
    return pre, sentence[after:ce].rstrip("、"), sentence[cs : min(ce, clause_end)], cs


_LABEL_CHARS = 16


_POST_VERB = re.compile(r"实行|进行|开展|提供|纳入|列入|获评|获得|入选|参加|参与|完成|作为|作|为|被|获")


#: Words that join two phrases after a number (进行专题学习和集中辅导).
_COORDINATION = re.compile(r"[和及并与]")


def _noun_before_verb(words: str) -> str:
    """The words after a number up to their first verb (市场主体提供法治体检 → 市场主体); unchanged if none."""
    verb = _POST_VERB.search(words)
    return words[: verb.start()] if verb and verb.start() >= 2 else words


def _short(label: str, *, from_start: bool = False) -> str:
    """A label for display: at most 16 characters, the end of a phrase before the number or,
    for words after the number, the noun before their first verb (市场主体提供法治体检 → 市场主体)."""
    if from_start:
        verb = _POST_VERB.search(label)
        if verb and verb.start() >= 2:
            label = label[: verb.start()]
    if len(label) <= _LABEL_CHARS:
        return label
    return label[:_LABEL_CHARS] if from_start else label[-_LABEL_CHARS:]


def _sentence_rows(
    sentence: str, headings: list[str], tax: Taxonomy, *, best_cue: _CueFinder | None = None
) -> list[_Found]:
    """Quantities of one sentence with their labels and indicators (see docs/indicators.md).

    ``best_cue`` is a :class:`_CueFinder` of ``tax`` to share between sentences (its answers are kept).
    """
    qs = quantities(sentence, exclude=tuple(p.pattern for p in tax.exclude))
    if not qs:
        return []
    best = _CueFinder(tax) if best_cue is None else best_cue
    breaks = _breaks(sentence)
    found: list[_Found] = []
    for k, q in enumerate(qs):
        prev_end = qs[k - 1].end if k else 0
        next_start = qs[k + 1].start if k + 1 < len(qs) else len(sentence)
        pre, post, clause, cs = _label_parts(sentence, q, prev_end, next_start, breaks)
        if q.qualifier in {"数", "上"} and pre[-1:] in {"数", "几", "上"}:
            pre = pre[:-1]  # 数百件, 上千人: the word of approximation is the qualifier, not the label
        move = _MOVE.search(pre)
        value_previous = None
        if move:
            pre = pre[: move.start()]
            earlier = found[k - 1] if k else None
            if (
                earlier is not None
                and not pre.strip()
                and earlier.q.unit == q.unit
                and _FROM.search(sentence[: earlier.q.start])
            ):
                # 出庭应诉率从95%提高到100%: 100% is the level, 95% its previous value, one row
                earlier.merged = True
                value_previous = earlier.q.value
                pre = _FROM.sub("", sentence[max(cs, qs[k - 2].end if k > 1 else 0) : earlier.q.start])
        pre_c = _clean(pre)
        change = _CHANGE.search(pre_c) if q.unit != "元" and not move else None
        is_change = bool(change) or q.unit in {"个百分点", "百分点"}
        sign = -1.0 if change and change["dir"] in _DECREASE else 1.0
        if change:
            pre_c = _clean(pre_c[: change.start()])
        post_c = _clean(post)
        use_post = bool(post_c) and (
            len(pre_c) < 2 or pre_c[-1] in _FUNCTION_END or (pre_c[0] in _PREPOSITION_START and len(pre_c) <= 4)
        )
        label = post_c if use_post else pre_c
        since = max(sentence.rfind(";", 0, q.start), sentence.rfind("；", 0, q.start)) + 1
        target = _TARGET.search(sentence[since : q.start])
        found.append(
            _Found(
                q, label, pre_c, post_c, clause, cs, is_change, sign,
                change_words=change.group() if change else "", value_previous=value_previous, is_target=bool(target),
            )
        )
    clauses = _clauses(sentence, breaks)
    by_id = best.by_id
    for k, f in enumerate(found):
        f.topic_text = f.clause
        from_start = f.label == f.post and f.label != f.pre
        # 1. cues anchored at the end of the label; 2. at the end of the words after the unit, or of
        # their noun before the first verb (9项重大行政决策事项纳入年度目录 -> 重大行政决策事项)
        ind = best(f.label, f.q.unit, f.is_change)
        if ind is None and f.post and f.label != f.post:
            ind = best(f.post, f.q.unit, f.is_change)
            if ind is not None:
                f.label, from_start = f.post, True
        if ind is None and f.post:
            # the noun before the first verb, or the first of coordinated phrases (进行专题学习和集中辅导)
            heads = [_noun_before_verb(f.post)] + [f.post[: m.start()] for m in _COORDINATION.finditer(f.post)]
            for head in (h for h in heads if h and h != f.post):
                ind = best(head, f.q.unit, f.is_change)
                if ind is not None:
                    f.label, from_start = f.post, True
                    break
        # 3. a change without a noun of its own (同比下降5.87个百分点) changes the figure before it
        if ind is None and f.is_change and not f.label and k:
            prev = found[k - 1]
            if prev.indicator and by_id[prev.indicator].accepts(f.q.unit, is_change=True):
                ind = prev.indicator
                f.topic_text = prev.topic_text + f.clause
        # 4. a label without a noun (办结148件) takes its topic from an earlier clause or the heading
        if ind is None and f.label:
            ind, topic_text = _bare(tax, f, found[:k], clauses, headings, best)
            if ind is not None:
                f.topic_text = f.clause + "|" + topic_text
        f.indicator = ind
        if ind is not None and by_id[ind].parts:
            f.part = by_id[ind].part_of(f.label) or by_id[ind].part_of(f.clause[: f.q.start - f.clause_index])
        f.label = _short(f.label, from_start=from_start) if f.label else (f.change_words or _short(f.clause.strip()))
    return [f for f in found if not f.merged]


def _bare_candidates(tax: Taxonomy, label: str, unit: str, is_change: bool) -> list[Indicator]:
    """Indicators whose ``bare`` labels (办结, 受理 …) match the whole of ``label`` in that unit."""
    return [
        ind
        for ind in tax.indicators
        if ind.bare and ind.accepts(unit, is_change=is_change) and any(b.fullmatch(label) for b in ind.bare)
    ]


def _bare(
    tax: Taxonomy,
    f: _Found,
    earlier: list[_Found],
    clauses: list[tuple[int, str]],
    headings: list[str],
    memo: _CueFinder | None = None,
) -> tuple[str | None, str]:
    """Indicator for a noun-less label: the nearest earlier clause of the sentence that matches a topic.

    Earlier clauses are read nearest first; a clause whose own quantity has an
    indicator is the last one read (it is the topic of what follows). When no
    earlier clause has an indicator, the section headings are read too.
    """
    candidates = _bare_candidates(tax, f.label, f.q.unit, f.is_change) if memo is None else memo.bare(
        f.label, f.q.unit, f.is_change
    )
    if not candidates:
        return None, ""
    assigned = {e.clause_index: e for e in earlier}
    contexts: list[str] = []
    stop = False
    for start, text in reversed([c for c in clauses if c[0] < f.clause_index]):
        owner = assigned.get(start)
        if owner is not None and owner.indicator is not None:
            contexts.append(owner.topic_text)
            stop = True
            break
        contexts.append(text)
    if not stop:
        contexts.extend(headings)
    for ctx in contexts:
        for ind in candidates:
            if ind.topic is not None and ind.topic.search(ctx):
                return ind.id, ctx
    return None, ""


# ----------------------------------------------------------------------------- extract

#: What every match of the quantity pattern (:data:`numbers._QUANTITY`) holds: the last character
#: of a number, its qualifiers and multiplier, and a unit. A sentence without it has no quantity.
#: Written for polars (no look-ahead), checked against the pattern by tests/test_indicators.py.
_MAYBE_QUANTITY = (
    "[0-9０-９零〇一二两三四五六七八九十百千万亿](?:余|多)?(?:万|亿|千)?(?:余|多)?[ \u3000]?(?:"
    + "|".join(sorted(UNITS, key=len, reverse=True))
    + ")"
)


def extract(corpus, *, taxonomy_path: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """One row per quantity mentioned in the reports, with its label, indicator and source.

    Works on ``corpus.sentences`` joined with ``corpus.sections`` (for the
    section kind and headings) and ``corpus.documents`` (district, year) on
    their keys.

    Parameters
    ----------
    corpus : workbench.Corpus
        A loaded corpus (see :func:`workbench.load_corpus`).
    taxonomy_path : str or path-like, optional
        Taxonomy YAML, as for :func:`load_taxonomy` (a relative path is taken
        from the current working directory); default the project's
        ``data/indicators.yml``.

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`INDICATORS`): ``doc_id``, ``district``, ``year``,
        ``section_id``, ``section_kind``, ``indicator`` (canonical id or null),
        ``label``, ``value`` (Float64, 万/亿 multiplied out, percentages in
        percent, decreases negative when ``is_change``), ``unit``,
        ``qualifier`` (余 多 近 超 约 以上 or null), ``is_change``,
        ``sentence``, ``char_start``, ``char_end`` (``documents.text[char_start:char_end]``
        is the number and its unit). Sorted by ``doc_id``, ``char_start``.

    Raises
    ------
    ValueError
        The taxonomy file is malformed (see :func:`load_taxonomy`).

    See Also
    --------
    points, citations, coverage, accuracy, load_taxonomy

    Examples
    --------
    >>> import workbench as wb
    >>> from workbench import indicators
    >>> rows = indicators.extract(wb.load_corpus())  # doctest: +SKIP
    >>> rows.filter(pl.col("district") == "椒江区", pl.col("indicator").str.starts_with("reconsideration")).select(
    ...     "indicator", "label", "value", "unit").head(3)  # doctest: +SKIP
    shape: (3, 4)
    ┌──────────────────────────┬──────────────┬───────┬──────┐
    │ indicator                ┆ label        ┆ value ┆ unit │
    ╞══════════════════════════╪══════════════╪═══════╪══════╡
    │ reconsideration_received ┆ 收到复议申请 ┆ 167.0 ┆ 件   │
    │ reconsideration_closed   ┆ 办结         ┆ 148.0 ┆ 件   │
    │ reconsideration_settled  ┆ 和解结案     ┆ 79.0  ┆ 件   │
    └──────────────────────────┴──────────────┴───────┴──────┘
    """
    tax = load_taxonomy(taxonomy_path)
    sections = corpus.sections.select("section_id", "parent_id", "kind", "heading")
    heads = dict(sections.select("section_id", "heading").iter_rows())
    parents = dict(sections.select("section_id", "parent_id").iter_rows())
    sents = (
        corpus.sentences.join(sections.select("section_id", "kind"), on="section_id", how="left")
        .join(corpus.documents.select("doc_id", "district", "year"), on="doc_id", how="left")
        .sort("doc_id", "sentence_id")
    )
    # only sentences with a numeral followed by a unit can hold a quantity (a third of them on the
    # benchmark's reports): found in one pass over the column instead of a Python call per sentence
    sents = sents.filter(pl.col("text").str.contains(_MAYBE_QUANTITY))
    best = _CueFinder(tax)
    chains: dict[str, list[str]] = {}
    rows: dict[str, list] = {k: [] for k in INDICATORS}
    for s in sents.iter_rows(named=True):
        text = s["text"]
        chain = chains.get(s["section_id"])
        if chain is None:
            chain, sid = [], s["section_id"]
            while sid is not None and len(chain) < 3:
                if heads.get(sid):
                    chain.append(heads[sid])
                sid = parents.get(sid)
            chains[s["section_id"]] = chain
        for f in _sentence_rows(text, chain, tax, best_cue=best):
            rows["doc_id"].append(s["doc_id"])
            rows["district"].append(s["district"])
            rows["year"].append(s["year"])
            rows["section_id"].append(s["section_id"])
            rows["section_kind"].append(s["kind"])
            rows["indicator"].append(f.indicator)
            rows["label"].append(f.label)
            rows["part"].append(f.part)
            sign = f.sign if f.is_change else 1.0
            rows["value"].append(f.q.value * sign)
            rows["value_high"].append(None if f.q.value_high is None else f.q.value_high * sign)
            rows["value_previous"].append(f.value_previous)
            rows["unit"].append(f.q.unit)
            rows["qualifier"].append(f.q.qualifier)
            rows["is_change"].append(f.is_change)
            rows["change_unit"].append(change_unit(f.q.unit) if f.is_change else None)
            rows["is_target"].append(f.is_target)
            rows["sentence"].append(text)
            rows["char_start"].append(s["char_start"] + f.q.start)
            rows["char_end"].append(s["char_start"] + f.q.end)
    out = pl.DataFrame(rows, schema=INDICATORS)
    return out.sort("doc_id", "char_start")


