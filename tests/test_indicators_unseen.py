"""The extractor on sentences written by a helper who had not read it (tests/gold/unseen/README.md).

The rules were measured on these sentences before they were changed (docs/indicators.md gives the
figures before and after, with the misses); this test keeps the result from sliding back. The two
remaining disagreements are definitions the docs explain, not misses to fix with a rule for one
sentence: 出具合法性审查意见156份 (opinions issued are not reviews) and 调解成功1,832件 (counted as
disputes resolved, as in the seed annotation).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
import pytest

HERE = Path(__file__).parent / "gold" / "unseen"


@pytest.fixture(scope="module")
def evaluated():
    spec = importlib.util.spec_from_file_location("unseen_evaluate", HERE / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate(module.read_sentences())


def test_every_batch_scores_at_least_095(evaluated) -> None:
    scores, _ = evaluated
    assert scores["batch"].to_list() == ["A", "B", "C", "all"]
    assert scores.filter(pl.col("batch") == "all").select("n_gold").item() == 111
    for row in scores.iter_rows(named=True):
        assert row["precision"] >= 0.95 and row["recall"] >= 0.95, row


def test_the_remaining_disagreements_are_the_documented_definitions(evaluated) -> None:
    _, problems = evaluated
    got = sorted(problems.select("sid", "kind", "indicator").iter_rows())
    assert got == [
        ("B12", "id not in the writer's taxonomy", "penalty_exemptions"),
        ("B33", "missed", "legality_reviews"),
        ("B42", "false figure", "disputes_resolved"),
    ]


def test_targets_ranges_and_approximations_agree_where_the_figure_is_right(evaluated) -> None:
    scores, _ = evaluated
    total = scores.filter(pl.col("batch") == "all").row(0, named=True)
    assert total["range_agrees"] == total["n_correct"]
    assert total["approx_agrees"] == total["n_correct"]
    # the one disagreement on targets: C39, a past figure quoted in the plans part (points leaves it out)
    assert total["target_agrees"] == total["n_correct"] - 1
