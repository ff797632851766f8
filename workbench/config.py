"""Paths of the project, defined once.

Every other module asks this one where things are. ``data/raw`` is read-only:
nothing in the package writes there. Only :mod:`workbench.report`,
:mod:`workbench.exports` (``exports/`` or the folder it is given) and
:mod:`workbench.cli` write outside ``data/processed``.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Root of the repository (the folder that holds ``pyproject.toml``).
PROJECT_ROOT: Path = Path(
    os.environ.get("WORKBENCH_ROOT", Path(__file__).resolve().parent.parent)
).resolve()

DATA_DIR: Path = PROJECT_ROOT / "data"
#: Raw reports exactly as received. Never modified.
RAW_DIR: Path = DATA_DIR / "raw"
#: Built frames (Parquet cache). Safe to delete. ``WORKBENCH_PROCESSED_DIR`` moves it (the benchmark does).
PROCESSED_DIR: Path = Path(os.environ.get("WORKBENCH_PROCESSED_DIR", DATA_DIR / "processed")).resolve()
#: Dictionaries: jieba user dictionary, stopwords, boilerplate.
DICT_DIR: Path = DATA_DIR / "dict"
USER_DICT: Path = DICT_DIR / "user_dict.txt"
STOPWORDS: Path = DICT_DIR / "stopwords.txt"
BOILERPLATE: Path = DICT_DIR / "boilerplate.txt"
#: Optional metadata overrides keyed by file name.
MANIFEST: Path = DATA_DIR / "manifest.csv"
#: Indicator taxonomy (cue patterns → canonical ids).
INDICATORS: Path = DATA_DIR / "indicators.yml"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
REPORTS_DIR: Path = PROJECT_ROOT / "reports_out"
#: Hand annotation of the seed reports' indicators (``workbench.indicators.read_gold``).
GOLD_DIR: Path = PROJECT_ROOT / "tests" / "gold"
#: Default folder of ``workbench export`` (outside ``reports_out``, which ``workbench report`` replaces whole).
EXPORTS_DIR: Path = PROJECT_ROOT / "exports"


def user_path(path: str | os.PathLike[str]) -> Path:
    """Return a path a user gave as an absolute path, relative ones taken from the current working directory.

    This is what Python users expect of ``open()`` and ``pl.read_csv()``: in a
    notebook the kernel's working directory is the notebook's folder, so a
    notebook in ``notebooks/`` reaches the seed reports as ``"../data/raw"``.
    A leading ``~`` is the home folder. Symbolic links are kept (as
    ``os.path.abspath`` does), so a ``data/raw`` that links elsewhere reads
    the same as :data:`RAW_DIR`. The project's own paths (the constants
    above) do not depend on the working directory.

    Examples
    --------
    >>> import os
    >>> user_path("data/raw") == Path(os.getcwd(), "data", "raw").resolve()
    True
    >>> user_path(RAW_DIR) == RAW_DIR
    True
    """
    return Path(os.path.abspath(Path(path).expanduser()))


def where_hint(given: str | os.PathLike[str]) -> str:
    """What to add to a "not found" message about a path a user gave (empty for an absolute one).

    A relative path is taken from the working directory (:func:`user_path`);
    code written when paths were taken from the project root breaks here, so
    the hint names the working directory and, when the path exists under the
    project root, how to reach it from here.

    Examples
    --------
    >>> where_hint(RAW_DIR)
    ''
    >>> "relative paths are taken from the working directory" in where_hint("data/raw")
    True
    """
    p = Path(given).expanduser()
    if p.is_absolute():
        return ""
    hint = f" (relative paths are taken from the working directory, {Path.cwd()}"
    there = PROJECT_ROOT / p
    if there.exists():
        hint += f"; the project's {p.as_posix()} is {os.path.relpath(there)} from here, or {there}"
    return hint + ")"


def shown(path: str | os.PathLike[str]) -> str:
    """A path as a page or a record shows it: relative to the project root when inside it, else absolute.

    Inside means the path as given, or where its symbolic links lead, is
    under the project root.

    Examples
    --------
    >>> shown(RAW_DIR)
    'data/raw'
    >>> shown("/somewhere/else")
    '/somewhere/else'
    """
    p = Path(os.path.abspath(Path(path).expanduser()))
    for q in (p, p.resolve()):  # as given (a linked data/raw inside the project), then where a link leads
        if q == PROJECT_ROOT or PROJECT_ROOT in q.parents:
            return q.relative_to(PROJECT_ROOT).as_posix() or "."
    return p.as_posix()
