"""Research workbench for annual reports on rule-of-law government construction (法治政府建设年度报告).

Load the corpus into polars frames with :func:`load_corpus`; compare keywords
with :mod:`workbench.keywords`; cluster plans with :mod:`workbench.topics`;
extract figures with :mod:`workbench.indicators`; chart with
:mod:`workbench.charts`; show tables with :mod:`workbench.tables`; export
data with a codebook with :func:`export`; render notebooks with
:mod:`workbench.report`.

The analysis modules are imported on first use (``wb.keywords.tfidf(...)``),
so ``import workbench`` stays fast for code that only needs the frames.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

from .corpus import Corpus, CorpusError, load_corpus  # noqa: E402

_SUBMODULES = (
    "exclusions", "prose", "keywords", "topics", "indicators", "charts", "notebook", "report", "schemas", "config",
    "segmenter", "tables", "codebook", "exports", "labels",
)

__all__ = ["Corpus", "CorpusError", "load_corpus", "export", "__version__", *_SUBMODULES]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name == "export":  # wb.export(...): workbench.exports.export
        return importlib.import_module(".exports", __name__).export
    msg = f"module 'workbench' has no attribute '{name}'"
    raise AttributeError(msg)
