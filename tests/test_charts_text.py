"""Chinese chart text uses full-width punctuation (，：；（）), in every chart the notebooks draw."""

from __future__ import annotations

import re

import pytest

import workbench.charts as charts
from workbench import indicators as ind
from workbench import keywords as kw
from workbench import topics as tp

HAN = r"[\u3400-\u9fff]"
#: ASCII , : ; ( ) ? ! next to a Chinese character.
HALF_WIDTH = re.compile(rf"{HAN}[,:;()?!]|[,:;()?!]{HAN}")


def _texts(node, key=None):
    """Every title, subtitle, axis/legend title and calculate expression string in a spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("datasets", "data"):
                continue
            yield from _texts(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _texts(v, key)
    elif isinstance(node, str) and key in ("title", "text", "subtitle", "calculate"):
        yield node


@pytest.fixture(scope="module")
def specs(corpus):
    rows = ind.extract(corpus)
    pts = ind.points(rows)
    items = tp.plan_items(corpus)
    result = tp.cluster(items, k_range=[2, 3, 4], seed=0)
    key = kw.keyness(corpus, "district", "拱墅区")
    return {
        "coverage_heatmap": charts.coverage_heatmap(ind.coverage(rows, corpus.documents)),
        "trend_lines": charts.trend_lines(pts),
        "district_bars": charts.district_bars(pts, "litigation_cases"),
        "tfidf_bars": charts.tfidf_bars(kw.tfidf(corpus, "district")),
        "keyness_bars": charts.keyness_bars(key, target="拱墅区", reference="其余各区"),
        "similarity_heatmap": charts.similarity_heatmap(kw.similarity(corpus, "district")),
        "k_selection_curve": charts.k_selection_curve(result.k_scores, method=result.method),
        "topic_terms_bars": charts.topic_terms_bars(result.terms),
        "topic_district_heatmap": charts.topic_district_heatmap(result.by_district),
        "item_map": charts.item_map(result.coords),
    }


def test_chinese_chart_text_uses_full_width_punctuation(specs):
    for name, chart in specs.items():
        texts = list(_texts(chart.to_dict()))
        assert texts, name
        bad = [t for t in texts if HALF_WIDTH.search(t)]
        assert bad == [], f"{name}: half-width punctuation in {bad}"


def test_the_check_finds_half_width_punctuation():
    assert HALF_WIDTH.search("单位:件") and HALF_WIDTH.search("提及次数(不含") and not HALF_WIDTH.search("单位：件；1,000")
    assert list(_texts({"title": {"text": "甲", "subtitle": "乙:丙"}, "datasets": {"x": [{"title": "不查"}]}})) == ["甲", "乙:丙"]
