"""Research workbench for annual reports on rule-of-law government construction (法治政府建设年度报告).

Load the corpus into polars frames with :func:`load_corpus`; compare keywords
with :mod:`workbench.keywords`; cluster plans with :mod:`workbench.topics`;
extract figures with :mod:`workbench.indicators`; chart with
:mod:`workbench.charts`; render notebooks with :mod:`workbench.report`.
"""

__version__ = "0.1.0"

from .corpus import Corpus, CorpusError, load_corpus  # noqa: E402

__all__ = ["Corpus", "CorpusError", "load_corpus", "__version__"]
