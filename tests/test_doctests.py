"""The examples in the package's docstrings run and print what they show (numpydoc ``Examples`` sections).

Every module of ``workbench`` is imported and its docstrings run with
:mod:`doctest`, from the project folder (examples read ``data/raw``).
Examples marked ``# doctest: +SKIP`` (those that build a whole corpus or
open a browser) are not run.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import workbench

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(m.name for m in pkgutil.walk_packages(workbench.__path__, "workbench.") if not m.name.endswith("__main__"))


def test_every_module_is_found():
    assert {"workbench.corpus.slices", "workbench.schemas", "workbench.readers", "workbench.keywords.keyness"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in finder.find(module, name):
        if not test.examples:
            continue
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, "".join(report)
