"""Section and sentence segmentation on small texts whose answer is known."""

from __future__ import annotations

import pytest

from workbench.cleaning import clean, normalize_text
from workbench.segment import classify_heading, cn_number, sections, sentence_spans


def test_cn_number():
    assert [cn_number(x) for x in ["一", "九", "十", "十一", "二十", "二十三", "九十九"]] == [1, 9, 10, 11, 20, 23, 99]
    assert cn_number("百") is None and cn_number("") is None and cn_number("一二") is None


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("2024年推进法治政府建设的主要举措和突出成效", "achievements"),
        ("推进法治政府建设存在的不足和原因", "shortcomings"),
        ("存在的问题和不足", "shortcomings"),
        ("党政主要负责人履行推进法治建设第一责任人职责情况", "duties"),
        ("2025年推进法治政府建设的主要安排", "plans"),
        ("下一步工作计划", "plans"),
        ("其他需要报告的情况", "other"),
        ("附录", "other"),
    ],
)
def test_classify_heading(heading, kind):
    assert classify_heading(heading) == kind


def test_one_line_body_with_all_levels():
    text = (
        "2024年,某区推进法治政府建设。 一、主要举措和成效 (一)完善制度。1.出台办法。2.开展培训,覆盖3.5万人。"
        "(二)规范执法。一是严格审查。二是强化监督。 二、存在的不足 一是基层力量薄弱。 三、2025年工作安排 (一)深化改革。"
    )
    secs, has_l1 = sections(text)
    assert has_l1
    got = [(s.level, s.label, s.heading, s.kind, s.path) for s in secs]
    assert got == [
        (0, "", "", "other", "0"),
        (1, "一、", "主要举措和成效", "achievements", "1"),
        (2, "(一)", "完善制度", "achievements", "1.1"),
        (3, "1.", "出台办法", "achievements", "1.1.1"),
        (3, "2.", "开展培训,覆盖3.5万人", "achievements", "1.1.2"),
        (2, "(二)", "规范执法", "achievements", "1.2"),
        (4, "一是", "严格审查", "achievements", "1.2.1"),
        (4, "二是", "强化监督", "achievements", "1.2.2"),
        (1, "二、", "存在的不足", "shortcomings", "2"),
        (4, "一是", "基层力量薄弱", "shortcomings", "2.1"),
        (1, "三、", "2025年工作安排", "plans", "3"),
        (2, "(一)", "深化改革", "plans", "3.1"),
    ]
    # ends: a section ends where the next one at its level or above begins
    s = {x.path: x for x in secs}
    assert text[s["0"].start : s["0"].end] == "2024年,某区推进法治政府建设。"
    assert text[s["1.1"].start : s["1.1"].end] == "(一)完善制度。1.出台办法。2.开展培训,覆盖3.5万人。"
    assert text[s["3"].start : s["3"].end].endswith("(一)深化改革。")


def test_out_of_sequence_markers_are_prose():
    text = "一、总体情况\n改革进入3.0阶段,建成二、三级平台。\n1.第一项\n3.不是第二项\n二、安排\n(二)没有(一)在先"
    secs, _ = sections(text)
    assert [(s.level, s.label) for s in secs] == [(1, "一、"), (3, "1."), (1, "二、")]


def test_text_without_parts_is_one_other_section():
    secs, has_l1 = sections("没有章节的文字。只有两句话。")
    assert not has_l1
    assert [(s.level, s.kind, s.start, s.end) for s in secs] == [(1, "other", 0, 14)]


def test_sentence_spans_keep_closing_quotes_and_split_at_breaks():
    text = "他说:“完成了。”然后离开!\n  新的一行 (一)标题"
    spans = [text[s:e] for s, e in sentence_spans(text, [text.index("(一)")])]
    assert spans == ["他说:“完成了。”", "然后离开!", "新的一行", "(一)标题"]


def test_normalize_text():
    assert normalize_text("　（一）２０２４年，完成１２件；ＡＢ％｜\n\n  x \u3000 y |") == "(一)2024年,完成12件;AB%\nx y"


def test_normalize_text_folds_whitespace_runs_as_one_regex_would():
    """Runs of spaces, tabs, form feeds and vertical tabs become one space: checked against the plain
    rule ``re.sub(r"[ \\t\\f\\v]+", " ", …)`` on random strings and on the 144 real reports in tests/real."""
    import random
    import re
    from pathlib import Path

    from workbench import readers
    from workbench.cleaning import _FULLWIDTH_MAP, _FULLWIDTH_RE

    def reference(text: str) -> str:
        for ch in set(_FULLWIDTH_RE.findall(text)):
            text = text.replace(ch, _FULLWIDTH_MAP[ch])
        text = re.sub(r"[ \t\f\v]+", " ", text)
        return "\n".join(line for line in (x.strip().strip("|").strip() for x in text.split("\n")) if line)

    rng = random.Random(7)
    samples = ["".join(rng.choice("ab \t\f\v\n中|\u3000") for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    real = sorted((Path(__file__).parent / "real" / "shenzhen-work-reports").iterdir())
    texts = [readers.read_raw(p).text for p in real if readers.supported(p)]
    assert sum("  " in t for t in texts) >= 5 and sum("\t" in t or "\f" in t for t in texts) >= 5  # real reports hold runs, tabs and form feeds
    for text in samples + texts:
        assert normalize_text(text) == reference(text)


def test_clean_separates_title_chrome_and_body():
    page = "\n".join(
        [
            "首页 > 政务公开",
            "索引号: 123456789/2024-1 发布机构: 区司法局",
            "某区2024年度法治政府",
            "建设情况报告",
            "发布日期: 2025-01-02 点击率: 99",
            "2024年,某区坚持依法行政,推进法治政府建设各项工作取得新成效,群众满意度不断提升。",
            "一、主要举措和成效",
            "(一)完善制度。",
            "某区人民政府",
            "2025年1月2日",
            "打印本页 关闭窗口",
        ]
    )
    c = clean(page)
    assert c.title == "某区2024年度法治政府建设情况报告"
    assert c.body.split("\n") == [
        "2024年,某区坚持依法行政,推进法治政府建设各项工作取得新成效,群众满意度不断提升。",
        "一、主要举措和成效",
        "(一)完善制度。",
    ]
    assert "发布日期: 2025-01-02 点击率: 99" in c.chrome and "打印本页 关闭窗口" in c.chrome
    assert c.chrome[-2:] == ["2025年1月2日", "某区人民政府"]


def test_one_line_signoff_leaves_the_body():
    c = clean("2024年,某区坚持依法行政,推进法治政府建设各项工作取得新成效,群众满意度不断提升。 某区管委会 2025年3月28日 |")
    assert c.body.endswith("群众满意度不断提升。")
    assert c.chrome == ["某区管委会 2025年3月28日"]


def test_topic_headed_parts_before_the_closing_parts_are_achievements():
    text = (
        "2023年,某县坚持依法行政。\n一、深入推进放管服改革\n内容。\n二、加强行政执法监督\n内容。\n"
        "三、2023年存在不足及整改情况\n不足。\n四、2024年工作打算\n打算。\n五、其他需要报告的情况\n无。"
    )
    secs, _ = sections(text)
    assert [(s.heading, s.kind) for s in secs if s.level == 1] == [
        ("深入推进放管服改革", "achievements"),
        ("加强行政执法监督", "achievements"),
        ("2023年存在不足及整改情况", "shortcomings"),
        ("2024年工作打算", "plans"),
        ("其他需要报告的情况", "other"),
    ]


def test_topic_parts_without_closing_parts_stay_other():
    secs, _ = sections("一、深入推进放管服改革\n内容。\n二、加强行政执法监督\n内容。")
    assert [s.kind for s in secs if s.level == 1] == ["other", "other"]


@pytest.mark.parametrize("heading", ["下一步计划", "2025年工作打算", "今后工作安排", "下一年工作计划"])
def test_plans_headings(heading):
    assert classify_heading(heading) == "plans"


def test_problem_oriented_topic_is_not_a_shortcoming():
    assert classify_heading("坚持问题导向,深化行政执法改革") == "other"


def test_inline_item_markers_after_a_comma_and_first_second():
    text = "一、主要成效\n成效:一是加强学习,二是完善制度;三是强化监督。\n二、下一步计划\n重点做好:第一,健全机制;第二,压实责任。"
    secs, _ = sections(text)
    items = [(s.label, s.heading, s.kind) for s in secs if s.level == 4]
    assert items == [
        ("一是", "加强学习,", "achievements"), ("二是", "完善制度;", "achievements"), ("三是", "强化监督", "achievements"),
        ("第一,", "健全机制;", "plans"), ("第二,", "压实责任", "plans"),
    ]


def _spans_by_cuts(text: str, breaks: list[int]) -> list[tuple[int, int]]:
    """The definition sentence_spans implements, written plainly: cut after every run of 。!? (with its closing
    quotes and brackets), after every line end, at the breaks; strip each piece; drop empty ones."""
    import re

    cuts = {0, len(text), *(b for b in breaks if 0 <= b <= len(text))}
    cuts.update(m.end() for m in re.finditer(r"[。!?]+[”’」』)]*|\n", text))
    points = sorted(cuts)
    out = []
    for s, e in zip(points, points[1:]):
        piece = text[s:e]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((s + lead, s + len(piece.rstrip())))
    return out


def test_sentence_spans_agree_with_their_definition_on_random_text():
    import random

    rnd = random.Random(16)
    alphabet = "。!?”’」』)(一二三、是第,:;12. \n\t\u3000\u2028甲乙"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60)))
        breaks = sorted(rnd.sample(range(-2, len(text) + 3), k=min(3, len(text) + 5)))
        assert sentence_spans(text, breaks) == _spans_by_cuts(text, breaks), (text, breaks)


def test_sentence_spans_a_break_inside_a_sentence_cuts_it_without_whitespace():
    text = "甲乙  丙丁。戊"
    assert [text[s:e] for s, e in sentence_spans(text, [3, 4])] == ["甲乙", "丙丁。", "戊"]
