"""The notebooks to render: discovery, their parameters, and their jupytext pairs (``NN_name.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from ._base import PARAMETERS_TAG, ReportError


# ----------------------------------------------------------------------------- discovery


def notebook_paths(folder: Path, *, only: list[str] | None = None) -> list[Path]:
    """Notebooks to render, in name order.

    Parameters
    ----------
    folder : pathlib.Path
        Folder of ``.ipynb`` files (not searched recursively).
    only : list of str, optional
        Keep notebooks whose file name contains any of these strings.

    Returns
    -------
    list of pathlib.Path
        Sorted by file name; names starting with ``_`` or ``.`` are skipped.

    Examples
    --------
    >>> notebook_paths(Path("/nonexistent"))
    []
    """
    paths = sorted(
        p for p in folder.glob("*.ipynb") if p.is_file() and not p.name.startswith(("_", "."))
    )
    if only:
        paths = [p for p in paths if any(s in p.name for s in only)]
    return paths


def declared_parameters(nb: nbformat.NotebookNode) -> dict[str, str]:
    r"""Names and default source text of the assignments in the ``parameters``-tagged cell.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook.

    Returns
    -------
    dict
        ``{name: source of the default value}``; empty if there is no such cell.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells.append(nbformat.v4.new_code_cell('source = "data/raw"\nn = 10', metadata={"tags": ["parameters"]}))
    >>> declared_parameters(nb)
    {'source': '"data/raw"', 'n': '10'}
    """
    import ast

    out: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            tree = ast.parse(cell.source)
            for node in tree.body:
                targets = []
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                for t in targets:
                    if isinstance(t, ast.Name):
                        out[t.id] = ast.get_source_segment(cell.source, value) or ""
    return out


def parameter_help(nb: nbformat.NotebookNode) -> list[tuple[str, str, str]]:
    r"""Each parameter of the ``parameters`` cell: name, default (source text) and meaning.

    The meaning is the comment on the line where the assignment starts; the
    default is the value's source, normalised (``ast.unparse``).

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells.append(nbformat.v4.new_code_cell('source = "data/raw"  # folder of reports\nn = 10',
    ...                                           metadata={"tags": ["parameters"]}))
    >>> parameter_help(nb)
    [('source', "'data/raw'", 'folder of reports'), ('n', '10', '')]
    """
    import io
    import tokenize

    out = []
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            comments: dict[int, str] = {}
            try:
                for tok in tokenize.generate_tokens(io.StringIO(cell.source).readline):
                    if tok.type == tokenize.COMMENT:
                        comments.setdefault(tok.start[0], tok.string.lstrip("#").strip())
            except (tokenize.TokenError, SyntaxError):
                pass
            import ast

            for node in ast.parse(cell.source).body:
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for t in targets:
                        if isinstance(t, ast.Name):
                            out.append((t.id, ast.unparse(node.value), comments.get(node.lineno, "")))
    return out


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def parameters_listing(paths: list[Path]) -> str:
    """Text printed by ``workbench report --list-params``: each notebook's parameters, defaults and meanings."""
    blocks = []
    for path in paths:
        rows = parameter_help(current_notebook(path))
        shown = [f"{name} = {default}" for name, default, _ in rows]
        width = min(max((_display_width(t) for t in shown), default=0), 44)
        lines = [f"{path.name}" + ("" if rows else ": no parameters cell")]
        for text, (_, _, meaning) in zip(shown, rows, strict=True):
            pad = " " * max(width - _display_width(text), 0)
            lines.append(f"  {text}{pad}  {meaning}".rstrip() if _display_width(text) <= width
                         else f"  {text}\n  {' ' * width}  {meaning}".rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n\nSet one with -p NAME VALUE (VALUE is YAML), e.g. -p target 余杭区; --source DIR sets `source`."


def parse_parameters(pairs: list[list[str]] | list[tuple[str, str]]) -> dict[str, object]:
    """Command-line ``-p NAME VALUE`` pairs as a dict, each VALUE parsed as YAML.

    Examples
    --------
    >>> parse_parameters([("top_n", "10"), ("target", "拱墅区")])
    {'top_n': 10, 'target': '拱墅区'}
    """
    import yaml

    return {name: yaml.safe_load(value) for name, value in pairs}


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read the notebook at ``path`` (nbformat 4).

    Raises
    ------
    ReportError
        Naming the file, if it cannot be read or is not a valid notebook.
    """
    try:
        return nbformat.read(path, as_version=4)
    except Exception as err:  # JSON, schema, encoding or OS errors of a hand-edited notebook
        msg = (
            f"notebook {path} cannot be read ({type(err).__name__}: {str(err)[:300]}); "
            "expected a Jupyter notebook (.ipynb, nbformat 4): restore it from git or re-save it from JupyterLab"
        )
        raise ReportError(msg) from None


def paired_text_files(path: Path, nb: nbformat.NotebookNode | None = None) -> list[tuple[Path, str]]:
    """Text files paired with notebook ``path`` by jupytext, and their formats.

    The pairing is read from the notebook's ``metadata.jupytext.formats`` (the
    curated notebooks declare ``"ipynb,py:percent"``, as does
    ``notebooks/jupytext.toml``).

    Parameters
    ----------
    path : pathlib.Path
        An ``.ipynb`` file.
    nb : nbformat.NotebookNode, optional
        The notebook, if already read.

    Returns
    -------
    list of (pathlib.Path, str)
        ``[(Path("notebooks/01_keywords.py"), "py:percent")]`` for a paired
        notebook; empty when it declares no pairing.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(metadata={"jupytext": {"formats": "ipynb,py:percent"}})
    >>> paired_text_files(Path("nb/01_x.ipynb"), nb)
    [(PosixPath('nb/01_x.py'), 'py:percent')]
    """
    from jupytext.formats import long_form_multiple_formats, short_form_one_format
    from jupytext.paired_paths import paired_paths

    if nb is None:
        nb = read_notebook(path)
    formats = nb.metadata.get("jupytext", {}).get("formats")
    if not formats:
        return []
    pairs = paired_paths(str(path), "ipynb", long_form_multiple_formats(formats))
    return [
        (Path(p), short_form_one_format(fmt))
        for p, fmt in pairs
        if fmt.get("extension") != ".ipynb"
    ]


def current_notebook(path: Path) -> nbformat.NotebookNode:
    """Notebook ``path`` with its inputs from the most recently saved file of its jupytext pair.

    As ``jupytext --sync`` does: when the paired text file (``NN_name.py``) is
    newer than the ``.ipynb``, its cells replace the notebook's inputs and the
    stored outputs of unchanged cells are kept. Nothing is written.

    Parameters
    ----------
    path : pathlib.Path
        An ``.ipynb`` file.

    Returns
    -------
    nbformat.NotebookNode
        The notebook as JupyterLab (with jupytext) would open it.
    """
    import jupytext
    from jupytext.combine import combine_inputs_with_outputs

    nb = read_notebook(path)
    for text, fmt in paired_text_files(path, nb):
        if text.exists() and text.stat().st_mtime > path.stat().st_mtime:
            try:
                inputs = jupytext.read(text, fmt=fmt)
            except Exception as err:
                msg = f"notebook source {text} cannot be read as {fmt} ({type(err).__name__}: {str(err)[:300]})"
                raise ReportError(msg) from None
            nb = combine_inputs_with_outputs(inputs, nb, fmt=fmt)
    return nb


def write_paired(nb: nbformat.NotebookNode, path: Path) -> list[Path]:
    """Write ``nb`` to ``path`` and to the text files paired with it (each atomically).

    The ``.ipynb`` is written first, so the text files are never older than it
    (jupytext then reads both as in sync).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    import jupytext

    written = [path]
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    nbformat.write(nb, tmp)
    os.replace(tmp, path)
    for text, fmt in paired_text_files(path, nb):
        tmp = text.with_name(f".{text.stem}.{os.getpid()}.tmp{text.suffix}")
        jupytext.write(nb, tmp, fmt=fmt)
        os.replace(tmp, text)
        written.append(text)
    return written
