"""The extractor on sentences it has never seen: other provinces' and years' wordings of the same facts.

Each case is a sentence written for this test (not copied from the seed reports)
and the canonical rows a reader would extract from it by hand:
(indicator, value, unit, qualifier, is_change). Rows without an indicator are
not listed; the test checks that the canonical rows are exactly these.
"""

from __future__ import annotations

import pytest

from workbench import indicators as ind

from test_indicators_helpers import corpus_of

CASES: list[tuple[str, list[tuple[str, float, str, str | None, bool]]]] = [
    (
        "全年办理行政复议案件二百一十二件,其中维持一百零五件,纠错率为12.3%。",
        [("reconsideration_received", 212, "件", None, False), ("reconsideration_correction_rate", 12.3, "%", None, False)],
    ),
    ("行政机关负责人出庭应诉率达到100%。", [("head_appearance_rate", 100, "%", None, False)]),
    ("共审查规范性文件46份。", [("normative_docs_reviewed", 46, "份", None, False)]),
    (
        "2022年,全市新收行政复议申请1,286件,审结1,198件,直接纠错率8.6%。",
        [
            ("reconsideration_received", 1286, "件", None, False),
            ("reconsideration_closed", 1198, "件", None, False),
            ("reconsideration_correction_rate", 8.6, "%", None, False),
        ],
    ),
    (
        "全县行政诉讼案件败诉率为4.2%,较上年下降1.3个百分点。",
        [("litigation_loss_rate", 4.2, "%", None, False), ("litigation_loss_rate", -1.3, "个百分点", None, True)],
    ),
    ("全年共办理法律援助案件三千余件,挽回经济损失1.2亿元。", [("legal_aid_cases", 3000, "件", "余", False)]),
    (
        "人民调解组织共调处各类矛盾纠纷12,345件,调解成功率98.7%。",
        [("disputes_resolved", 12345, "件", None, False), ("mediation_rate", 98.7, "%", None, False)],
    ),
    ("开展“双随机、一公开”抽查检查1562次。", [("enforcement_inspections", 1562, "次", None, False)]),
    (
        "全年受理各类行政调解案件2.3万件,调解成功2.1万件。",
        [("mediation_cases", 23000, "件", None, False), ("disputes_resolved", 21000, "件", None, False)],
    ),
    ("举办政府常务会议会前学法12场次,领导干部旁听庭审4次。", [("study_sessions", 12, "场次", None, False)]),
    ("组织开展行政执法案卷评查,共抽查案卷860卷,优秀率75%。", [("case_files_reviewed", 860, "卷", None, False)]),
    ("全区现有持证行政执法人员2,156名。", [("enforcement_personnel", 2156, "名", None, False)]),
    (
        "出台区政府规范性文件8件,废止12件,宣布失效5件。",
        [
            ("normative_docs_issued", 8, "件", None, False),
            ("normative_docs_repealed", 12, "件", None, False),
            ("normative_docs_repealed", 5, "件", None, False),
        ],
    ),
    ("列入年度目录的重大行政决策事项共9项。", [("major_decisions", 9, "项", None, False)]),
    (
        "全年发生行政诉讼案件318件,其中败诉案件21件,败诉率6.6%。",
        [
            ("litigation_cases", 318, "件", None, False),
            ("litigation_lost", 21, "件", None, False),
            ("litigation_loss_rate", 6.6, "%", None, False),
        ],
    ),
    ("开展企业“法治体检”活动,为1,020家企业提供“法治体检”服务。", [("enterprise_checkups", 1020, "家", None, False)]),
    (
        "制发行政执法监督建议书15份、监督意见书7份。",
        [("supervision_notices", 15, "份", None, False), ("supervision_notices", 7, "份", None, False)],
    ),
    ("全年收到行政复议申请十二件,均已审结。", [("reconsideration_received", 12, "件", None, False)]),
    ("全年办理行政处罚案件4,512起,罚没款3,260.5万元。", [("penalty_cases", 4512, "起", None, False)]),
    (
        "对区政府及部门的行政规范性文件、重大行政决策、行政协议等开展合法性审查共计561件。",
        [("legality_reviews", 561, "件", None, False)],
    ),
    ("一审行政案件败诉率较去年同期下降2.1个百分点。", [("litigation_loss_rate", -2.1, "个百分点", None, True)]),
    ("全年受理法律援助案件１２３件。", [("legal_aid_cases", 123, "件", None, False)]),
    (
        "市县两级行政复议机关共受理复议案件近900件,办结率95%以上。",
        [("reconsideration_received", 900, "件", "近", False)],
    ),
    (
        "全年行政复议调解和解结案86件,纠错41件。",
        [("reconsideration_settled", 86, "件", None, False), ("reconsideration_corrected", 41, "件", None, False)],
    ),
]


# A second batch, written after the first batch had been used to adjust the rules
# and run once before any further change: 17 of its 19 rows were right on that
# first run (precision 1.00, recall 0.89); the two misses (保持100%, 拟废止27件)
# led to the trailing-verb rule and the 拟 prefix documented in docs/indicators.md.
CASES += [
    (
        "2023年,全省各级行政复议机构共收到行政复议申请5.6万件,同比增长18.2%。",
        [("reconsideration_received", 56000, "件", None, False)],
    ),
    ("全市行政机关负责人出庭应诉率连续三年保持100%。", [("head_appearance_rate", 100, "%", None, False)]),
    ("本年度共清理规范性文件312件,其中拟废止27件、拟修改45件。", [("normative_docs_repealed", 27, "件", None, False)]),
    ("区司法局共审核各类合法性审查事项1,043件,提出修改意见2,100余条。", [("legality_reviews", 1043, "件", None, False)]),
    (
        "县法律援助中心全年受理法律援助案件862件,为受援人挽回经济损失3,456万元。",
        [("legal_aid_cases", 862, "件", None, False)],
    ),
    (
        "各级人民调解组织共排查调处矛盾纠纷2.8万余件,调解成功率达99.2%。",
        [("disputes_resolved", 28000, "件", "余", False), ("mediation_rate", 99.2, "%", None, False)],
    ),
    ("全年市场监管部门共查办行政处罚案件1,235件,罚没款2,345.6万元。", [("penalty_cases", 1235, "件", None, False)]),
    ("全县开展行政执法检查8,765次,发现问题1,234个。", [("enforcement_inspections", 8765, "次", None, False)]),
    (
        "共评查行政处罚、行政许可案卷1,580卷,评出优秀案卷120卷。",
        [("case_files_reviewed", 1580, "卷", None, False), ("case_files_reviewed", 120, "卷", None, False)],
    ),
    (
        "全年一审行政诉讼案件共计426件,败诉18件,败诉率4.23%,同比降低0.8个百分点。",
        [
            ("litigation_cases", 426, "件", None, False),
            ("litigation_lost", 18, "件", None, False),
            ("litigation_loss_rate", 4.23, "%", None, False),
            ("litigation_loss_rate", -0.8, "个百分点", None, True),
        ],
    ),
    (
        "县政府常务会议会前学法11次,县委理论学习中心组专题学法4次。",
        [("study_sessions", 11, "次", None, False), ("study_sessions", 4, "次", None, False)],
    ),
    (
        "全年行政复议案件纠错率为15.6%,较上年提高2.4个百分点。",
        [
            ("reconsideration_correction_rate", 15.6, "%", None, False),
            ("reconsideration_correction_rate", 2.4, "个百分点", None, True),
        ],
    ),
]

# A third batch, written after the second had been fixed and run once before any
# change: 17 of its 20 rows were right (precision 1.00, recall 0.85); the misses
# (检查市场主体4,500户次, 审核…规范性文件及政策措施文件58件, 处理各类矛盾纠纷3,218起)
# led to the cues for an inspected object, "…文件及…文件" and 处理…纠纷.
CASES += [
    (
        "2022年,全县共受理行政复议案件89件,审结82件,其中撤销、变更、确认违法等纠错11件,纠错率13.4%。",
        [
            ("reconsideration_received", 89, "件", None, False),
            ("reconsideration_closed", 82, "件", None, False),
            ("reconsideration_corrected", 11, "件", None, False),
            ("reconsideration_correction_rate", 13.4, "%", None, False),
        ],
    ),
    (
        "行政诉讼一审败诉案件6件,败诉率3.1%。",
        [("litigation_lost", 6, "件", None, False), ("litigation_loss_rate", 3.1, "%", None, False)],
    ),
    ("县政府及部门负责人出庭应诉163人次,出庭应诉率98.5%。", [("head_appearance_rate", 98.5, "%", None, False)]),
    ("组织开展执法案卷评查活动2次,抽查行政执法案卷326件。", [("case_files_reviewed", 326, "件", None, False)]),
    ("办理市级以上交办的法律援助案件二十一件。", [("legal_aid_cases", 21, "件", None, False)]),
    ("对136家企业开展“法治体检”。", [("enterprise_checkups", 136, "家", None, False)]),
    ("全市共有行政执法人员1.2万名,持证率98%。", [("enforcement_personnel", 12000, "名", None, False)]),
    (
        "全年开展“双随机、一公开”联合抽查312次,检查市场主体4,500户次。",
        [("enforcement_inspections", 312, "次", None, False), ("enforcement_inspections", 4500, "户次", None, False)],
    ),
    ("审核区政府规范性文件及政策措施文件58件。", [("normative_docs_reviewed", 58, "件", None, False)]),
    ("全年召开政府常务会议学法3次,举办领导干部法治讲座5场。", [("study_sessions", 3, "次", None, False)]),
    (
        "市司法局共发出行政执法监督通知书23份、行政执法监督意见书8份。",
        [("supervision_notices", 23, "份", None, False), ("supervision_notices", 8, "份", None, False)],
    ),
    ("新增重大行政决策事项12项,均按程序完成公众参与、专家论证。", [("major_decisions", 12, "项", None, False)]),
    (
        "全年共处理各类矛盾纠纷3,218起,化解成功率97.6%。",
        [("disputes_resolved", 3218, "起", None, False), ("mediation_rate", 97.6, "%", None, False)],
    ),
    ("罚没款合计1.05亿元。", []),
]


def _canonical(sentence: str) -> list[tuple]:
    rows = ind.extract(corpus_of([sentence]))
    rows = rows.filter(rows["indicator"].is_not_null())
    return [
        (r["indicator"], r["value"], r["unit"], r["qualifier"], r["is_change"])
        for r in rows.iter_rows(named=True)
    ]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:14] for c in CASES])
def test_sentence_in_another_wording(sentence: str, expected: list[tuple]) -> None:
    got = _canonical(sentence)
    want = [(i, float(v), u, q, c) for i, v, u, q, c in expected]
    assert got == want


def test_the_written_sentences_are_the_fifty_the_docs_quote() -> None:
    assert len(CASES) == 50  # docs/indicators.md quotes "50 sentences"


def test_generalization_accuracy_overall() -> None:
    """Precision and recall over all written sentences, as a single figure for the docs."""
    tp = n_pred = n_gold = 0
    for sentence, expected in CASES:
        got = [(i, v) for i, v, *_ in _canonical(sentence)]
        want = [(i, float(v)) for i, v, *_ in expected]
        remaining = list(want)
        for g in got:
            if g in remaining:
                remaining.remove(g)
                tp += 1
        n_pred += len(got)
        n_gold += len(want)
    print(f"generalization: precision {tp / n_pred:.3f}, recall {tp / n_gold:.3f} ({n_gold} rows)")
    assert tp / n_pred >= 0.9 and tp / n_gold >= 0.9
