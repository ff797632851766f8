"""Command line: ``workbench build``, ``workbench report`` and ``workbench export``.

Run ``workbench --help`` or ``workbench COMMAND --help``.
"""

from __future__ import annotations

import argparse
import sys
import time

from . import __version__


def _build(args: argparse.Namespace) -> int:
    from .corpus import CorpusError, load_corpus
    from .metadata import ManifestError

    t0 = time.perf_counter()
    try:
        corpus = load_corpus(args.source, cache=not args.no_cache, strict=args.strict, progress=True)
    except (CorpusError, ManifestError, FileNotFoundError) as err:
        print(f"workbench build: {err}", file=sys.stderr)
        return 1
    print(corpus.describe())
    for row in corpus.problems.iter_rows(named=True):
        print(f"  [{row['severity']}] {row['message']}")
    print(f"({time.perf_counter() - t0:.2f} s; cache key {corpus.key[:12]})")
    return 0


def _report(args: argparse.Namespace) -> int:
    from . import report

    return report.main(args)


def _export(args: argparse.Namespace) -> int:
    from .corpus import CorpusError, load_corpus
    from .exports import FORMATS, TABLES, export
    from .metadata import ManifestError

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        print(f"workbench export: unknown format(s) {bad or formats}; choose from {','.join(FORMATS)}", file=sys.stderr)
        return 2
    if tables is not None and [t for t in tables if t not in TABLES]:
        print(f"workbench export: unknown table(s) {[t for t in tables if t not in TABLES]}; choose from {','.join(TABLES)}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    try:
        corpus = load_corpus(args.source, progress=True)
        paths = export(corpus, args.out, formats=formats, tables=tables)
    except (CorpusError, ManifestError, FileNotFoundError, ValueError) as err:
        print(f"workbench export: {err}", file=sys.stderr)
        return 1
    root = paths[-1].parent
    print(f"wrote {len(paths)} files to {root} ({time.perf_counter() - t0:.1f} s):")
    for p in paths:
        print(f"  {p.relative_to(root)}")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Research workbench for 法治政府建设年度报告: build the corpus, render the notebooks.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser(
        "build",
        help="build (or load from cache) the corpus and print a summary",
        description="Read every report in SOURCE, clean, segment and tokenize it, cache the frames "
        "under data/processed/, and print documents, sections by kind, sentences, tokens and problems.",
    )
    b.add_argument("--source", default=None, help="folder of report files, relative to the current folder (default: the project's data/raw)")
    b.add_argument("--no-cache", action="store_true", help="rebuild from scratch and do not write the cache")
    b.add_argument("--strict", action="store_true", help="stop at the first file that cannot be used as expected")
    b.set_defaults(func=_build)

    r = sub.add_parser(
        "report",
        help="execute every notebook and write HTML reports and figures to reports_out/",
        description="Execute each notebook in notebooks/ (name order) in a fresh kernel with its parameters, "
        "and write reports_out/<notebook>.html, <notebook>.paper.html (no code), index.html and "
        "figures/<notebook>/<name>.svg|.png. The HTML works offline. If a notebook fails, the build stops "
        "and the previous reports_out/ is left as it was. Only files the report wrote before are replaced "
        "(--only keeps the other notebooks' pages; your own files in the folder are never touched). With --record, re-execute the notebooks in place "
        "instead and store their outputs (what nbval compares in `make test`). See docs/publishing.md.",
    )
    r.add_argument(
        "--source",
        default=None,
        help="folder of report files, relative to the current folder; passed to the notebooks as parameter `source`, as an absolute path (default: the project's data/raw)",
    )
    r.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a notebook parameter (repeatable); VALUE is parsed as YAML, e.g. -p target 拱墅区; "
        "passed only to notebooks whose `parameters` cell declares NAME",
    )
    r.add_argument(
        "--only",
        action="append",
        default=[],
        help="run only notebooks whose name contains this (repeatable); the others' pages are kept",
    )
    r.add_argument("--notebooks", default=None, help="folder of notebooks (default: notebooks/)")
    r.add_argument("--out", default=None, help="output folder (default: reports_out/)")
    r.add_argument(
        "--list-params",
        action="store_true",
        help="print each notebook's parameters with their defaults and meanings, and exit",
    )
    r.add_argument(
        "--force",
        action="store_true",
        help="write into an --out folder that holds files the report did not write (they are kept)",
    )
    r.add_argument(
        "--record",
        action="store_true",
        help="re-execute the notebooks in place with default parameters and store normalized outputs",
    )
    r.set_defaults(func=_report)

    e = sub.add_parser(
        "export",
        help="write the frames and analysis tables with a codebook (CSV, Excel, Stata, Parquet, R's dfm)",
        description="Write the corpus frames and the analysis tables (indicator rows, the district-year indicator "
        "panel with the quote of every value, keyness, TF-IDF, topic assignments) to OUT, with codebook.md, "
        "codebook.json and provenance.json. Formats: csv (UTF-8 with BOM, for Excel), xlsx (one sheet per table "
        "and a codebook sheet), dta (Stata 118, variable labels), parquet, dfm (document-feature matrix: "
        "dfm.mtx + features.txt + docvars.csv for R's quanteda/stm, dfm.npz for scipy). See docs/exports.md.",
    )
    e.add_argument("--source", default=None, help="folder of report files, relative to the current folder (default: the project's data/raw)")
    e.add_argument("--out", default=None, help="output folder, relative to the current folder (default: the project's exports/)")
    e.add_argument(
        "--format", default="csv,xlsx,dta,parquet,dfm",
        help="comma-separated formats (default: csv,xlsx,dta,parquet,dfm)",
    )
    e.add_argument("--tables", default=None, help="comma-separated table names (default: all); e.g. panel,panel_wide")
    e.set_defaults(func=_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
