"""Accuracy of the inferred metadata on real reports: the development set and the Shenzhen set.

Usage::

    .venv/bin/python bench/accuracy.py            # both sets, tables in Markdown
    .venv/bin/python bench/accuracy.py --misses   # also list every wrong or missing value

The development set (``tests/real/pages.csv`` and ``tests/real/pages/``) holds
real report page openings from many provinces, annotated by hand. The
Shenzhen set (``tests/real/shenzhen-work-reports/`` with its ``.places.csv``)
holds 144 real 政府工作报告 with the place of each file. Each file is read,
cleaned and its metadata inferred exactly as :func:`workbench.load_corpus`
does; the values are compared with the annotation.

A value counts as *right* when it equals the truth (both empty counts as
right), *missing* when the workbench leaves it empty and the truth is not,
*wrong* otherwise. A missing value comes with a warning in ``problems``; a
wrong one does not, which is why wrong places are counted apart.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "real"
DEV_FIELDS = ("district", "city", "province", "level", "year", "publish_date", "doc_number", "index_number", "publisher")
SZ_FIELDS = ("district", "city", "province", "level")


def infer_file(path: Path, *, use_name: bool = True) -> dict[str, object]:
    """The metadata values and warnings of one file, as the corpus build infers them.

    ``use_name=False`` hides the file's name (as if it were called ``report.txt``).
    """
    from workbench.cleaning import clean
    from workbench.metadata import infer_report
    from workbench.readers import read_raw

    raw = read_raw(path)
    c = clean(raw.text)
    m = infer_report(title=c.title, body=c.body, chrome=c.chrome, signoff=c.signoff, source_file=path.name if use_name else "report" + path.suffix)
    return {**m.values, "_warnings": m.warnings}


def _norm(field: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def score(rows: list[dict], folder: Path, fields: tuple[str, ...], name_col: str, *, use_name: bool = True) -> dict:
    """Right / missing / wrong per field, and the misses.

    A row may carry ``unsupported``: the fields whose truth the page's text
    does not support (the annotator knew it from the address or from
    geography the gazetteer lacks, such as a 镇's city). They count in the
    table of all values and are left out of the *supported* columns.
    """
    table = {f: {"right": 0, "missing": 0, "wrong": 0, "supported": 0, "supported_right": 0} for f in fields}
    misses = []
    for row in rows:
        got = infer_file(folder / row[name_col], use_name=use_name)
        unsupported = set(filter(None, (row.get("unsupported") or "").split(";")))
        for f in fields:
            truth, value = _norm(f, row.get(f)), _norm(f, got.get(f))
            supported = f not in unsupported
            table[f]["supported"] += supported
            if truth == value:
                table[f]["right"] += 1
                table[f]["supported_right"] += supported
            elif value == "":
                table[f]["missing"] += 1
                misses.append((row[name_col], f, truth, "(empty)", ("" if supported else "[not in the text] ") + "; ".join(got["_warnings"])))
            else:
                table[f]["wrong"] += 1
                misses.append((row[name_col], f, truth, value, "WRONG"))
    return {"n": len(rows), "table": table, "misses": misses}


def dev_rows() -> list[dict]:
    """The development set's reports, with the fields their text does not support (``pages_support.csv``)."""
    path = REAL / "pages.csv"
    if not path.exists():
        return []
    support = {}
    if (REAL / "pages_support.csv").exists():
        with (REAL / "pages_support.csv").open(encoding="utf-8", newline="") as fh:
            support = {r["file"]: r["unsupported"] for r in csv.DictReader(fh)}
    with path.open(encoding="utf-8", newline="") as fh:
        return [dict(r, unsupported=support.get(r["file"], "")) for r in csv.DictReader(fh) if r.get("is_report") == "1"]


def holdout_rows() -> list[dict]:
    """The held-out set's reports (``tests/real/holdout/``): built after the rules, never used to write them."""
    path = REAL / "holdout" / "pages.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("is_report") == "1"]


def shenzhen_rows() -> list[dict]:
    path = REAL / "shenzhen-work-reports.places.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def markdown(result: dict, title: str) -> str:
    lines = [
        f"**{title}** ({result['n']} files)",
        "",
        "| field | right | missing (null + warning) | wrong | right % | values the text supports | right % of those |",
        "|---|---|---|---|---|---|---|",
    ]
    for f, t in result["table"].items():
        pct = 100 * t["right"] / result["n"] if result["n"] else 0.0
        spct = 100 * t["supported_right"] / t["supported"] if t["supported"] else 0.0
        lines.append(f"| {f} | {t['right']} | {t['missing']} | {t['wrong']} | {pct:.1f} | {t['supported']} | {spct:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong or missing value")
    args = parser.parse_args(argv)
    results = []
    dev = dev_rows()
    if dev:
        results.append(("Development set: real report page openings", score(dev, REAL, DEV_FIELDS, "file")))
    held = holdout_rows()
    if held:
        results.append(("Held-out set: real report page openings, measured once", score(held, REAL / "holdout", DEV_FIELDS, "file")))
    sz = shenzhen_rows()
    if sz:
        results.append(("Shenzhen set: 政府工作报告 (file names count as evidence)", score(sz, REAL / "shenzhen-work-reports", SZ_FIELDS, "source_file")))
    if sz:
        results.append(("Shenzhen set, file names hidden", score(sz, REAL / "shenzhen-work-reports", SZ_FIELDS, "source_file", use_name=False)))
    for title, result in results:
        print(markdown(result, title))
        print()
        if args.misses:
            for m in result["misses"]:
                print("  ", " | ".join(m))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
