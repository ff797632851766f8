"""English charts (lang="en"): no Chinese in titles, axes, legends, subtitles or place names."""

from __future__ import annotations

import re

import polars as pl
import pytest
import vl_convert as vlc

import workbench as wb
import workbench.charts as charts
from workbench import labels
from workbench.fonts import register_cjk_font

_CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def built(corpus):
    rows = wb.indicators.extract(corpus)
    pts = wb.indicators.points(rows)
    cov = wb.indicators.coverage(rows, corpus.documents)
    res = wb.topics.cluster(wb.topics.plan_items(corpus), n_stability_runs=0)
    some = pts.filter(pl.col("indicator").is_in(["litigation_cases", "legal_aid_cases", "head_appearance_rate"]))

    def make(lang):
        return {
            "coverage": charts.coverage_heatmap(cov, lang=lang),
            "coverage_share": charts.coverage_heatmap(cov, max_reports=2, lang=lang),
            "trend": charts.trend_lines(some, lang=lang),
            "bands": charts.trend_lines(some, max_districts=1, lang=lang),
            "bars": charts.district_bars(pts, "litigation_cases", 2024, lang=lang),
            "similarity": charts.similarity_heatmap(wb.keywords.similarity(corpus), lang=lang),
            "topic_heat": charts.topic_district_heatmap(res.by_district, lang=lang),
            "item_map": charts.item_map(res.coords, lang=lang),
            "k_curve": charts.k_selection_curve(res.k_scores, method=res.method, lang=lang),
            # the terms are the data: they stay Chinese in both languages
            "tfidf": charts.tfidf_bars(wb.keywords.tfidf(corpus), n=5, lang=lang),
            "keyness": charts.keyness_bars(
                wb.keywords.keyness(corpus, "district", "拱墅区"), n=5, target="拱墅区", reference="其余各区", lang=lang
            ),
            "topic_terms": charts.topic_terms_bars(res.terms, lang=lang),
        }

    return make("en"), make("zh")


def _svg_texts(chart) -> list[str]:
    register_cjk_font()
    return re.findall(r"<text[^>]*>([^<]*)</text>", vlc.vegalite_to_svg(chart.to_dict()))


_TERM_CHARTS = {"tfidf", "keyness", "topic_terms"}


def test_english_figures_draw_no_chinese(built):
    en, zh = built
    for name, chart in en.items():
        texts = _svg_texts(chart)
        assert texts, name
        if name in _TERM_CHARTS:
            continue
        assert [t for t in texts if _CJK.search(t)] == [], name
    # the Chinese charts still speak Chinese
    assert any(_CJK.search(t) for t in _svg_texts(zh["trend"]))


def _strings(spec, key=None):
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == "datasets":
                continue
            yield from _strings(v, k)
    elif isinstance(spec, list):
        for v in spec:
            yield from _strings(v, key)
    elif isinstance(spec, str) and key in ("title", "subtitle", "text"):
        yield spec


def test_english_term_charts_titles_and_groups(built):
    en, _ = built
    for name in _TERM_CHARTS:
        spec = en[name].to_dict()
        assert [s for s in _strings(spec) if _CJK.search(s)] == [], name
    data = next(iter(en["tfidf"].to_dict()["datasets"].values()))
    assert {r["group"] for r in data} == {"Gongshu District", "Jiaojiang District", "Ningbo High-tech Zone",
                                          "Shangcheng District", "Yuhang District"}
    keyness = en["keyness"].to_dict()
    assert keyness["title"]["text"] == "Keywords: Gongshu District against other districts"
    assert keyness["encoding"]["color"]["scale"]["domain"] == ["used more by Gongshu District", "used more by other districts"]


def test_same_layout_in_both_languages(built):
    en, zh = built
    for name in en:
        a, b = en[name].to_dict(), zh[name].to_dict()
        for key in ("mark", "facet", "layer", "spec"):
            assert (key in a) == (key in b), (name, key)
        if "encoding" in a:
            assert set(a["encoding"]) == set(b["encoding"]), name


def test_indicator_names_from_taxonomy(built):
    en, _ = built
    data = next(iter(en["coverage"].to_dict()["datasets"].values()))
    names = dict(wb.indicators.taxonomy().select("indicator", "name_en").iter_rows())
    assert all(r["name"] == labels.without_chinese(names[r["indicator"]]) for r in data)
    assert "Disputes between citizens resolved (mostly by people's mediation)" in {r["name"] for r in data}
    assert {r["place_year"] for r in data} >= {"Gongshu District 2024", "Ningbo High-tech Zone 2024"}


def test_bad_lang(corpus):
    with pytest.raises(ValueError, match="lang must be 'zh' or 'en'; got 'fr'"):
        charts.k_selection_curve(pl.DataFrame({"k": [2], "silhouette": [0.1], "n_clusters": [2], "chosen": [True]}), lang="fr")


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("拱墅区", "Gongshu District"), ("椒江区", "Jiaojiang District"), ("上城区", "Shangcheng District"),
        ("余杭区", "Yuhang District"), ("宁波高新区", "Ningbo High-tech Zone"), ("淳安县", "Chun'an County"),
        ("义乌市", "Yiwu City"), ("杭州经济技术开发区", "Hangzhou Economic and Technological Development Zone"),
        ("浦东新区", "Pudong New Area"), ("拱墅区 · 2024", "Gongshu District · 2024"), ("Gongshu", "Gongshu"),
    ],
)
def test_place_names_in_english(name, english):
    assert labels.place_en(name) == english
