"""Precision and recall of the indicator extractor on the real report openings (tests/real/pages).

``openings.csv`` here lists, for every opening that states a canonical figure, the figures a
reader takes from it (annotated by reading the 81 openings, before running the extractor on
them; the notes say why a figure is or is not counted). All 81 openings are read through the
corpus pipeline (``load_corpus`` on a copy of the folder, no cache), and every figure the
extractor gives for any opening is scored: correct when the same opening's annotation has the
same (indicator, value), each annotated row matched once. Figures are results as ``points``
takes them (not in the plans part, not targets where the code marks them) formed as in
``tests/gold/unseen/evaluate.py`` (level rows; sums combined as ``points`` combines them).

Run from the repository root (any version of the code)::

    .venv/bin/python tests/gold/openings/evaluate.py [--misses misses.csv]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import polars as pl

import workbench as wb
from workbench import indicators as ind

HERE = Path(__file__).resolve().parent
PAGES = HERE.parent.parent / "real" / "pages"

_spec = importlib.util.spec_from_file_location("unseen_evaluate", HERE.parent / "unseen" / "evaluate.py")
_unseen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_unseen)


def evaluate(pages: Path = PAGES, gold_csv: Path = HERE / "openings.csv") -> tuple[pl.DataFrame, pl.DataFrame]:
    """(scores, one row per miss or false figure) for the openings in ``pages`` against ``gold_csv``."""
    gold = pl.read_csv(gold_csv).with_columns(
        pl.col("file").str.extract(r"(\d+)\.txt$").alias("doc_id"), pl.col("value").cast(pl.Float64)
    )
    with tempfile.TemporaryDirectory() as tmp:
        for page in sorted(pages.glob("*.txt")):
            shutil.copy(page, Path(tmp) / page.name)
        corpus = wb.load_corpus(tmp, cache=False)
        rows = ind.extract(corpus)
    n_pred = n_correct = 0
    problems = []
    for doc_id in sorted(corpus.documents["doc_id"]):
        page = rows.filter(pl.col("doc_id") == doc_id)
        # results only, as points() plots them: no plans part, no targets (每季度学法不少于1次)
        page = page.filter(pl.col("section_kind") != "plans")
        if "is_target" in page.columns:
            page = page.filter(~pl.col("is_target"))
        figures = _unseen._figures(page)
        expected = gold.filter(pl.col("doc_id") == doc_id)
        remaining = Counter(zip(expected["indicator"], expected["value"]))
        n_pred += len(figures)
        for f in figures:
            key = (f["indicator"], f["value"])
            if remaining[key] > 0:
                remaining[key] -= 1
                n_correct += 1
            else:
                problems.append({"file": f"{doc_id}.txt", "kind": "false figure", "indicator": f["indicator"],
                                 "value": f["value"], "label": f["label"]})  # fmt: skip
        for (indicator, value), n in remaining.items():
            problems.extend(
                {"file": f"{doc_id}.txt", "kind": "missed", "indicator": indicator, "value": value, "label": None}
                for _ in range(n)
            )
    scores = pl.DataFrame(
        {
            "openings": [corpus.documents.height],
            "with_figures": [gold["doc_id"].n_unique()],
            "n_gold": [gold.height],
            "n_predicted": [n_pred],
            "n_correct": [n_correct],
            "precision": [n_correct / n_pred if n_pred else None],
            "recall": [n_correct / gold.height],
        }
    )
    schema = {"file": pl.String, "kind": pl.String, "indicator": pl.String, "value": pl.Float64, "label": pl.String}
    return scores, pl.DataFrame(problems, schema=schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", help="write the misses and false figures to this CSV")
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder of openings (default tests/real/pages)")
    parser.add_argument("--gold", type=Path, default=HERE / "openings.csv", help="annotation (default openings.csv here)")
    args = parser.parse_args()
    scores, problems = evaluate(args.pages, args.gold)
    pl.Config.set_tbl_rows(200)
    pl.Config.set_tbl_width_chars(200)
    print(scores)
    print(problems)
    if args.misses:
        problems.write_csv(args.misses)


if __name__ == "__main__":
    main()
