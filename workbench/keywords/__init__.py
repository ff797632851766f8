"""Keyword comparison across groups of the corpus: counts, TF-IDF, keyness, similarity, KWIC.

Every helper takes a :class:`~workbench.corpus.Corpus` and a grouping ``by``:
one column, or a list of columns, of ``documents`` (``district``, ``year``,
``doc_id``, ``city`` …) or of ``sections`` (``kind``, ``level``,
``section_id`` …). Tokens are joined to their document on ``doc_id`` and to
their section on ``section_id`` (never by row order). Each output keeps the
grouping columns under their own names *and* a readable ``group`` string: the
values joined with ``" · "`` (e.g. ``"拱墅区 · 2024"``); a missing value reads
``"(missing)"``.

Terms
-----
A *term* is a jieba token of the corpus that survives these filters:

* punctuation and numbers are always dropped (``tokens.is_punct``,
  ``tokens.is_number``);
* ``stopwords=True`` drops function words (``tokens.is_stopword`` or a word of
  :func:`workbench.segmenter.stopwords`);
* ``min_chars=2`` drops single characters (in this genre they are mostly
  fragments: 等, 年, 区, 化 …);
* ``drop_boilerplate`` drops the genre's formulaic words
  (:func:`workbench.segmenter.boilerplate`: 推进, 加强, 深化 …). Default
  ``False`` for counts and keyness (a district that leans on a formula more
  than the others is itself a finding, and keyness already measures use
  *relative* to the reference); ``True`` for TF-IDF and similarity (with only
  a handful of groups the idf is weak, at most ln((1+n)/2)+1, so formulas
  that every report repeats would crowd the top of each list and make every
  pair of reports look alike);
* ``drop_place_names`` drops tokens that lie inside a mention of one of the
  corpus's own place names (:func:`place_names`: 拱墅区, 拱墅, 杭州市,
  高新区 …; a token such as 法治浙江 that extends beyond the mention is
  kept). Default ``False`` for counts, ``True`` for TF-IDF, similarity and
  keyness: every report names itself, so its own name is trivially its most
  distinctive term and says nothing about what it reports;
* ``min_count`` drops terms whose frequency over the whole corpus is lower.

Totals (the denominators of relative frequencies, keyness and log ratio) are
the group's *running words*: all tokens that are not punctuation, before the
filters above (WordSmith's convention). They do not change when a filter
option changes.

Pooled years
------------
A group is one bag of words. When a group holds one district's reports of
different years (``by="district"`` on a corpus with 2023 and 2024 reports of
拱墅区), :func:`term_counts`, :func:`tfidf`, :func:`keyness`,
:func:`distinctive_terms` and :func:`similarity` warn
(:class:`PooledYearsWarning`): such a pooled group is longer and broader than
a single report, and in similarity it comes out close to every other group.
Group by ``["district", "year"]`` (:func:`separate_years` chooses it).

See ``docs/keywords.md`` for the user guide.
"""

from __future__ import annotations

from ..places import place_names
from .counts import PooledYearsWarning, _counts, group_sizes, largest_group, separate_years, term_counts
from .keyness import distinctive_terms, keyness, keyness_table
from .kwic import kwic
from .schemas import DISTINCTIVE, GROUP_SEP, GROUP_SIZES, KEYNESS, KWIC, MISSING, SIMILARITY, TERM_COUNTS, TFIDF
from .similarity import nearest_groups, similarity, similarity_matrix
from .tables import top_term, top_terms_table
from .tfidf import _tfidf_matrix, tfidf

__all__ = [
    "GROUP_SIZES",
    "KEYNESS",
    "KWIC",
    "SIMILARITY",
    "distinctive_terms",
    "group_sizes",
    "keyness",
    "keyness_table",
    "kwic",
    "largest_group",
    "nearest_groups",
    "place_names",
    "PooledYearsWarning",
    "separate_years",
    "similarity",
    "similarity_matrix",
    "term_counts",
    "tfidf",
    "top_term",
    "top_terms_table",
]
