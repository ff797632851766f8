"""Precision and recall of the indicator extractor on the held-out sentences (tests/gold/unseen/).

The sentences were written by a helper who had not read the extractor (see README.md here).
Each sentence is extracted on its own, as a one-sentence report whose section kind is the
sentence's ``section_kind``. The extractor's *figures* are compared with the expected rows:

* each sentence is normalised as ``load_corpus`` normalises a report (``cleaning.normalize_text``);
* a figure is a level row with an indicator (changes are never expected values);
* for an indicator the taxonomy defines as a sum of parts (when the code has ``figure``), the
  mentions of a sentence are combined as ``points`` combines them: a mention naming all parts
  (``part == "合计"``), else the first mention of each named part added up;
* predicted ids the sentence writer did not have (the taxonomy grew after the sentences were
  written: ``admin_disputes_resolved``, ``penalty_exemptions``) are left out of the scores and
  listed apart;
* a figure is correct when the same sentence expects the same (indicator, value); each expected
  row is matched once.

Of the correct figures, the script also counts agreement on ``is_target`` (a row of the plans part
counts as a target when the code has no ``is_target``), on approximation (expected ``approx`` vs a
non-null ``qualifier``) and on ``value_high``.

Run from the repository root (any version of the code, e.g. an older checkout on PYTHONPATH)::

    .venv/bin/python tests/gold/unseen/evaluate.py [--misses misses.csv]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # tests/: the corpus helper

from test_indicators_helpers import corpus_of  # noqa: E402

from workbench import indicators as ind  # noqa: E402
from workbench.cleaning import normalize_text  # noqa: E402

#: The ids the sentence writer read in data/indicators.yml.
WRITER_IDS = frozenset(
    {
        "reconsideration_received", "reconsideration_closed", "reconsideration_settled",
        "reconsideration_corrected", "reconsideration_correction_rate", "litigation_cases",
        "litigation_lost", "litigation_loss_rate", "head_appearance_rate", "legality_reviews",
        "normative_docs_issued", "normative_docs_repealed", "normative_docs_reviewed", "legal_aid_cases",
        "disputes_resolved", "mediation_cases", "mediation_rate", "enforcement_inspections",
        "penalty_cases", "case_files_reviewed", "enforcement_personnel", "enterprise_checkups",
        "major_decisions", "study_sessions", "supervision_notices",
    }
)  # fmt: skip


def read_sentences(path: Path = HERE / "sentences.csv") -> pl.DataFrame:
    """The expected rows: batch, sid, section_kind, sentence, indicator_id, value, value_high, is_target, qualifier."""
    return pl.read_csv(path, infer_schema_length=0).with_columns(
        pl.col("value").cast(pl.Float64), pl.col("value_high").cast(pl.Float64), pl.col("is_target") == "1"
    )


def _figures(rows: pl.DataFrame) -> list[dict]:
    """The sentence's figures: level rows with an indicator, sums combined as the taxonomy defines them."""
    level = rows.filter(pl.col("indicator").is_not_null() & ~pl.col("is_change")).sort("char_start")
    tax = ind.taxonomy()
    sums = set(tax.filter(pl.col("figure") == "sum")["indicator"]) if "figure" in tax.columns else set()
    out: list[dict] = []
    for indicator in level["indicator"].unique(maintain_order=True):
        mentions = level.filter(pl.col("indicator") == indicator).to_dicts()
        if indicator not in sums or "part" not in level.columns:
            out.extend(mentions)
            continue
        totals = [m for m in mentions if m["part"] == "合计"]
        named: dict[str, dict] = {}
        for m in mentions:
            if m["part"] is not None and m["part"] != "合计":
                named.setdefault(m["part"], m)
        used = totals[:1] or list(named.values()) or mentions[:1]
        first = dict(used[0])
        first["value"] = sum(m["value"] for m in used)
        highs = [m.get("value_high") for m in used]
        first["value_high"] = (
            sum(h if h is not None else m["value"] for h, m in zip(highs, used)) if any(h is not None for h in highs) else None
        )
        first["qualifier"] = next((m["qualifier"] for m in used if m["qualifier"]), None)
        out.append(first)
    return out


def evaluate(sentences: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(scores per batch and pooled, one row per miss or false figure)."""
    scores, problems = [], []
    for batch in [*sorted(sentences["batch"].unique()), "all"]:
        part = sentences if batch == "all" else sentences.filter(pl.col("batch") == batch)
        n_gold = n_pred = n_correct = n_target_ok = n_approx_ok = n_high_ok = n_other_ids = 0
        for (sid,), rows in part.group_by("sid", maintain_order=True):
            first = rows.row(0, named=True)
            # as load_corpus would store it: full-width digits and punctuation folded (２１３件，→ 213件,)
            got = ind.extract(corpus_of([normalize_text(first["sentence"])], kind=first["section_kind"]))
            figures = _figures(got)
            other = [f for f in figures if f["indicator"] not in WRITER_IDS]
            figures = [f for f in figures if f["indicator"] in WRITER_IDS]
            expected = rows.filter(pl.col("indicator_id").is_not_null()).to_dicts()
            remaining = Counter((e["indicator_id"], e["value"]) for e in expected)
            by_key = {(e["indicator_id"], e["value"]): e for e in expected}
            n_gold += len(expected)
            n_pred += len(figures)
            n_other_ids += len(other)
            for f in figures:
                key = (f["indicator"], f["value"])
                if remaining[key] > 0:
                    remaining[key] -= 1
                    n_correct += 1
                    e = by_key[key]
                    target = bool(f.get("is_target")) or f["section_kind"] == "plans"  # points leaves both out
                    n_target_ok += target == e["is_target"]
                    n_approx_ok += (f["qualifier"] is not None) == (e["qualifier"] == "approx")
                    n_high_ok += f.get("value_high") == e["value_high"]
                elif batch != "all":
                    problems.append({"batch": batch, "sid": sid, "kind": "false figure", "indicator": f["indicator"],
                                     "value": f["value"], "label": f["label"], "sentence": first["sentence"]})  # fmt: skip
            if batch != "all":
                for (indicator, value), n in remaining.items():
                    problems.extend(
                        {"batch": batch, "sid": sid, "kind": "missed", "indicator": indicator, "value": value,
                         "label": None, "sentence": first["sentence"]}
                        for _ in range(n)
                    )  # fmt: skip
                problems.extend(
                    {"batch": batch, "sid": sid, "kind": "id not in the writer's taxonomy", "indicator": f["indicator"],
                     "value": f["value"], "label": f["label"], "sentence": first["sentence"]}
                    for f in other
                )  # fmt: skip
        scores.append(
            {
                "batch": batch,
                "n_gold": n_gold,
                "n_predicted": n_pred,
                "n_correct": n_correct,
                "precision": n_correct / n_pred if n_pred else None,
                "recall": n_correct / n_gold if n_gold else None,
                "target_agrees": n_target_ok,
                "approx_agrees": n_approx_ok,
                "range_agrees": n_high_ok,
                "other_ids": n_other_ids,
            }
        )
    return pl.DataFrame(scores), pl.DataFrame(problems, infer_schema_length=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", help="write the misses and false figures to this CSV")
    args = parser.parse_args()
    scores, problems = evaluate(read_sentences())
    pl.Config.set_tbl_rows(200)
    pl.Config.set_tbl_width_chars(200)
    pl.Config.set_fmt_str_lengths(80)
    print(scores)
    if args.misses:
        problems.write_csv(args.misses)
    print(problems.select("batch", "sid", "kind", "indicator", "value", "label"))


if __name__ == "__main__":
    main()
