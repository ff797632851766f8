"""``workbench report``: execute the notebooks and write their pages and figures into the output folder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import nbformat

from .. import config
from . import outdir
from ._base import Built, ReportError
from .execute import execute
from .notebooks import declared_parameters, read_notebook
from .pages import (
    build_header,
    codebook_html,
    corpus_facts,
    embed_font,
    index_html,
    notebook_html,
    notebook_title,
    vega_bundle,
)


def _with_header(nb: nbformat.NotebookNode, header: str) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(nb)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(header))
    return nb


def _used_parameters(declared: dict[str, str], given: dict[str, object]) -> dict[str, str]:
    """Each declared parameter with the value used: given ones as ``repr``, defaults as normalised source."""
    import ast

    def default(source: str) -> str:
        try:
            return ast.unparse(ast.parse(source, mode="eval"))  # one line, comments dropped
        except SyntaxError:
            return " ".join(source.split())

    return {k: (repr(given[k]) if k in given else default(v)) for k, v in declared.items()}


def _kept_entries(record: dict | None, out: Path, rendered: set[str]) -> list[Built]:
    kept = []
    for name, entry in sorted((record or {}).get("notebooks", {}).items()):
        if name == outdir.INDEX_KEY or name in rendered:
            continue
        files = [f for f in entry.get("files", []) if isinstance(f, str)]
        if not all((out / f).exists() for f in files) or f"{name}.html" not in files:
            continue  # removed by hand: not listed
        kept.append(
            Built(
                name=name,
                html=out / f"{name}.html",
                paper=out / f"{name}.paper.html",
                figures=[out / f for f in files if f.startswith("figures/")],
                seconds=float(entry.get("seconds", 0.0)),
                parameters=dict(entry.get("parameters", {})),
                title=str(entry.get("title", "")),
                kept_from=f"{entry.get('built_at', '?')}, source {entry.get('source', '?')}",
            )
        )
    return kept


def _source_for(folder: Path, notebook: Path) -> str:
    """The corpus folder as a notebook's kernel (working directory: the notebook's folder) reaches it.

    Relative to the notebook when both are inside the project, so that pages
    and records show ``../data/raw`` and not a path of this machine; else
    absolute.

    Examples
    --------
    >>> _source_for(config.RAW_DIR, config.NOTEBOOKS_DIR / "01_keywords.ipynb")
    '../data/raw'
    >>> _source_for(Path("/srv/reports"), config.NOTEBOOKS_DIR / "01_keywords.ipynb")
    '/srv/reports'
    """
    here = Path(os.path.abspath(notebook)).parent
    inside = [p for p in (folder, here) if p == config.PROJECT_ROOT or config.PROJECT_ROOT in p.parents]
    return os.path.relpath(folder, here) if len(inside) == 2 else str(folder)


def build_reports(
    *,
    notebooks: list[Path],
    out: Path,
    source: str | None,
    parameters: dict[str, object],
    log=print,
    force: bool = False,
) -> list[Built]:
    """Execute ``notebooks`` and write their reports into ``out``, keeping every other file there.

    Parameters
    ----------
    notebooks : list of pathlib.Path
        Notebooks in the order to run.
    out : pathlib.Path
        Output folder (``reports_out/``). Only files the report wrote before
        (listed in ``out/.workbench-report.json``, see :mod:`workbench.report.outdir`)
        for the notebooks rendered now are replaced; the other notebooks' pages
        and figures, and any file the report did not write, stay.
    source : str or None
        Corpus folder, relative to the current working directory (``None``:
        the project's ``data/raw``). It is passed as parameter ``source`` to
        the notebooks that declare it, as their kernels (working directory:
        the notebook's folder) reach it: relative to the notebook when both
        are inside the project (``../data/raw``), so pages show no path of
        this machine, else absolute (:func:`_source_for`).
    parameters : dict
        Extra parameters; each goes to the notebooks that declare it.
    log : callable
        Receives progress lines.
    force : bool, default False
        Write into an ``out`` that holds unknown files and no record (they are kept).

    Returns
    -------
    list of Built
        One entry per notebook rendered.

    Raises
    ------
    ReportError
        If a notebook cannot be read, a parameter is declared by no notebook,
        ``out`` cannot be used (see :func:`workbench.outdir.check_out_folder`),
        or a notebook fails. ``out`` is then left as it was.
    """
    from ..corpus import load_corpus

    if not notebooks:
        msg = "no notebooks to render (no *.ipynb in the notebooks folder, or none matched --only)"
        raise ReportError(msg)
    declared = {p: declared_parameters(read_notebook(p)) for p in notebooks}
    known = sorted(set().union(*declared.values()))
    unknown = sorted(set(parameters) - set(known) - {"source"})
    if unknown:
        msg = (
            f"parameter(s) {', '.join(unknown)} are declared by no notebook; "
            f"known: {', '.join(known) or 'none'} (see `workbench report --list-params`)"
        )
        raise ReportError(msg)
    out = out.resolve()
    try:
        record = outdir.check_out_folder(out, force=force)
    except outdir.OutFolderError as err:
        raise ReportError(str(err)) from None
    for stale in outdir.remove_stale_staging(out):
        log(f"removed {stale.name}, left by an interrupted build")

    t0 = time.perf_counter()
    if source is None and "source" in parameters:  # -p source DIR: the index describes that corpus too
        source = str(parameters["source"])
    folder = config.RAW_DIR if source is None else config.user_path(source)
    parameters = {k: v for k, v in parameters.items() if k != "source"}
    source = config.shown(folder)  # as the pages show it
    log(f"loading the corpus from {source} (built and cached on first use)")
    try:
        corpus = load_corpus(folder)
    except Exception as err:
        msg = f"could not load the corpus from {source!r}: {type(err).__name__}: {err}"
        raise ReportError(msg) from err
    log(f"corpus: {corpus.documents.height} documents (elapsed {time.perf_counter() - t0:.1f} s)")
    # what the index and the codebook need, then let the corpus go: every notebook's kernel loads its own copy
    from ..exports import codebook_of_exports, provenance

    corpus_text, corpus_rows = corpus.describe(), corpus.summary().to_dicts()
    corpus_provenance = provenance(corpus)
    problems = corpus.problems.to_dicts()
    facts = corpus_facts(corpus.documents)
    del corpus
    built_at = dt.datetime.now(dt.UTC)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    bundle = vega_bundle()
    built: list[Built] = []
    pages: dict[Path, str] = {}
    written: dict[str, dict] = {}
    n = len(notebooks)
    try:
        for i, path in enumerate(notebooks, start=1):
            name = path.stem
            wanted = {k: v for k, v in parameters.items() if k in declared[path]}
            if "source" in declared[path]:
                wanted["source"] = _source_for(folder, path)
            log(f"[{i}/{n}] {path.name}: running{' with ' + str(wanted) if wanted else ''} "
                f"(elapsed {time.perf_counter() - t0:.1f} s)")
            t1 = time.perf_counter()
            figures_dir = staging / "figures" / name
            nb = execute(path, parameters=wanted, figures_dir=figures_dir)
            b = Built(name=name, html=staging / f"{name}.html", paper=staging / f"{name}.paper.html",
                      parameters=wanted, title=notebook_title(nb))
            header = build_header(source=source, parameters=_used_parameters(declared[path], wanted),
                                  facts=facts, built_at=built_at)
            nb = _with_header(nb, header)
            pages[b.html] = notebook_html(nb, title=name, paper=False, bundle=bundle)
            pages[b.paper] = notebook_html(nb, title=name, paper=True, bundle=bundle)
            b.figures = sorted(figures_dir.glob("*")) if figures_dir.exists() else []
            b.seconds = time.perf_counter() - t1
            built.append(b)
            written[name] = {
                "files": [p.relative_to(staging).as_posix() for p in (b.html, b.paper, *b.figures)],
                "title": b.title,
                "seconds": round(b.seconds, 1),
                "parameters": json.loads(json.dumps(wanted, ensure_ascii=False, default=str)),
                "source": source,
                "built_at": built_at.strftime("%Y-%m-%d %H:%M UTC"),
            }
            log(f"[{i}/{n}] {path.name}: done in {b.seconds:.1f} s, {len(b.figures)} figure files "
                f"(elapsed {time.perf_counter() - t0:.1f} s)")
        kept = _kept_entries(record, out, {b.name for b in built})
        listed = sorted([*built, *kept], key=lambda b: b.name)
        page = index_html(
            [_relocated(b, staging, out) if not b.kept_from else b for b in listed],
            corpus_text=corpus_text,
            corpus_rows=corpus_rows,
            source=source,
            built_at=built_at,
            out=out,
            problems=problems,
            codebook="codebook.html",
        )
        pages[staging / "index.html"] = page
        pages[staging / "codebook.html"] = codebook_html(codebook_of_exports(), provenance=corpus_provenance)
        written[outdir.INDEX_KEY] = {"files": ["index.html", "codebook.html"]}
        log(f"embedding the CJK font (subset) in {len(pages)} pages (elapsed {time.perf_counter() - t0:.1f} s)")
        for path, text in embed_font(pages).items():
            path.write_text(text, encoding="utf-8")
        outdir.publish(staging, out, record=record, written=written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    built = [_relocated(b, staging, out) for b in built]
    log(f"wrote {len(built)} notebooks to {out} in {time.perf_counter() - t0:.1f} s"
        + (f"; kept {len(kept)} other notebooks' pages" if kept else ""))
    return built


def _relocated(b: Built, staging: Path, out: Path) -> Built:
    """``b`` with its paths moved from ``staging`` to ``out``."""
    return dataclasses.replace(
        b,
        html=out / b.html.name,
        paper=out / b.paper.name,
        figures=[out / f.relative_to(staging) for f in b.figures],
    )
