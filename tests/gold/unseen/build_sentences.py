"""Build sentences.csv: hand-written evaluation sentences for the indicator extractor.

Run: python3 build_sentences.py  (writes sentences.csv next to this file)

Each sentence is (batch, sid, section_kind, sentence, rows); each row is
(indicator_id, value, value_high, unit, is_target, qualifier, note).
Rows with an empty indicator_id are NOT expected from the extractor; when they carry
a value it is only to document which figure in the sentence is not a taxonomy indicator.
"""
import csv
from pathlib import Path

ACH, PLAN = "achievements", "plans"


def R(ind, value, unit, note="", high="", target=0, qual=""):
    """A row the extractor is expected to produce."""
    return (ind, value, high, unit, target, qual, note)


def T(ind, value, unit, note="", high="", qual=""):
    """An expected target row (is_target = 1)."""
    return (ind, value, high, unit, 1, qual, note)


def X(value, unit, note, qual="", target=0):
    """A figure with no taxonomy indicator (not expected)."""
    return ("", value, "", unit, target, qual, note)


def N(note):
    """Negative: no taxonomy indicator in the sentence."""
    return ("", "", "", "", 0, "", note)


S = []


def add(batch, kind, sentence, *rows):
    sid = f"{batch}{sum(1 for s in S if s[0] == batch) + 1:02d}"
    S.append((batch, sid, kind, sentence, rows))


# ---------------------------------------------------------------- batch A: plain
A = "A"
add(A, ACH, "2023年，全区共收到行政复议申请156件，办结138件，其余18件正在审理中。",
    R("reconsideration_received", 156, "件"),
    R("reconsideration_closed", 138, "件"),
    X(18, "件", "18 cases still pending: no indicator"))
add(A, ACH, "全年办理行政应诉案件87件，行政机关负责人出庭应诉率达100%。",
    R("litigation_cases", 87, "件"),
    R("head_appearance_rate", 100, "%"))
add(A, ACH, "全区行政诉讼败诉案件4件，败诉率为4.6%。",
    R("litigation_lost", 4, "件"),
    R("litigation_loss_rate", 4.6, "%"))
add(A, ACH, "区司法局累计审查备案规范性文件32件，备案审查率100%。",
    R("normative_docs_reviewed", 32, "件"),
    X(100, "%", "备案审查率 (filing-review rate): no indicator"))
add(A, ACH, "以区政府及区政府办公室名义制发行政规范性文件12件。",
    R("normative_docs_issued", 12, "件"))
add(A, ACH, "全区各行政执法部门共办理行政处罚案件2,356件，罚没款1,268.5万元。",
    R("penalty_cases", 2356, "件"),
    X(12685000, "元", "罚没款 amount: no indicator"))
add(A, ACH, "全县现有持证行政执法人员1236名，均已纳入执法人员信息库动态管理。",
    R("enforcement_personnel", 1236, "名"))
add(A, ACH, "组织开展行政执法案卷集中评查，共评查案卷420卷，优秀率85%。",
    R("case_files_reviewed", 420, "卷"),
    X(85, "%", "案卷优秀率: no indicator"))
add(A, ACH, "区政府常务会议会前学法十二次，实现学法常态化。",
    R("study_sessions", 12, "次", "Chinese numeral 十二"))
add(A, ACH, "全年化解各类矛盾纠纷一千二百三十件。",
    R("disputes_resolved", 1230, "件", "Chinese numeral 一千二百三十"))
add(A, ACH, "各级人民调解组织共调解案件3,412件，调解成功率99.2%。",
    R("mediation_cases", 3412, "件"),
    R("mediation_rate", 99.2, "%"))
add(A, ACH, "办理法律援助案件586件，为受援人挽回经济损失2100余万元。",
    R("legal_aid_cases", 586, "件"),
    X(21000000, "元", "挽回经济损失 amount: no indicator", qual="approx"))
add(A, ACH, "对156项重大合同、协议开展合法性审查，提出法律意见300余条。",
    R("legality_reviews", 156, "项"),
    X(300, "条", "法律意见 count: no indicator", qual="approx"))
add(A, ACH, "将9项重大行政决策事项纳入年度目录管理并向社会公布。",
    R("major_decisions", 9, "项"))
add(A, ACH, "组织律师为辖区128家企业开展“法治体检”，出具体检报告128份。",
    R("enterprise_checkups", 128, "家"),
    X(128, "份", "体检报告 count (same number, different unit): no indicator"))
add(A, ACH, "全年各执法部门开展联合执法检查216次。",
    R("enforcement_inspections", 216, "次"))
add(A, ACH, "区司法局制发行政执法监督通知书15份，督促整改问题43个。",
    R("supervision_notices", 15, "份"),
    X(43, "个", "整改问题 count: no indicator"))
add(A, ACH, "全年新收行政复议案件２１３件，同比增长１８．３％。",
    R("reconsideration_received", 213, "件", "full-width digits; 新收 = newly received"),
    X(18.3, "%", "year-on-year growth: not a level"))
add(A, ACH, "以调解、和解方式结案的行政复议案件41件，占结案总数的30.1%。",
    R("reconsideration_settled", 41, "件"),
    X(30.1, "%", "share of closed cases: no indicator"))
add(A, ACH, "行政复议机关通过撤销、变更、确认违法等方式纠正违法或不当行政行为23件，行政复议纠错率12.5%。",
    R("reconsideration_corrected", 23, "件"),
    R("reconsideration_correction_rate", 12.5, "%"))
add(A, ACH, "全年共应诉行政诉讼案件一百零八件，其中败诉九件。",
    R("litigation_cases", 108, "件", "Chinese numeral 一百零八"),
    R("litigation_lost", 9, "件", "Chinese numeral 九"))
add(A, ACH, "开展“八五”普法宣传活动260余场次，覆盖群众5万余人次。",
    N("普法: 260余场次 activities and 5万余人次 reached; 八五 is a plan name; no taxonomy indicator"))
add(A, ACH, "全区62个党政机关均聘请了法律顾问，实现法律顾问全覆盖。",
    N("法律顾问: 62 agencies with legal counsel; no taxonomy indicator"))
add(A, ACH, "对新出台的28件涉及市场主体经济活动的政策措施开展公平竞争审查。",
    N("公平竞争审查 of 28 policy measures: not 合法性审查, no taxonomy indicator"))
add(A, ACH, "全年办理行政处罚案件1,532件，其中适用简易程序612件。",
    R("penalty_cases", 1532, "件"),
    X(612, "件", "simple-procedure subset: no indicator"))
add(A, ACH, "全年办结行政复议案件97件，办结率95.1%。",
    R("reconsideration_closed", 97, "件"),
    X(95.1, "%", "办结率 (closure rate): no indicator"))
add(A, ACH, "行政机关负责人出庭应诉率达到98.5%，较上年提高3.2个百分点。",
    R("head_appearance_rate", 98.5, "%", "achievement, not a target"),
    X(3.2, "个百分点", "change in percentage points: not a level"))
add(A, ACH, "区委理论学习中心组开展法治专题学习4次。",
    R("study_sessions", 4, "次"))
add(A, ACH, "全区共有行政执法主体46个，持证执法人员892人。",
    R("enforcement_personnel", 892, "人"),
    X(46, "个", "执法主体 count: no indicator"))
add(A, ACH, "全年开展企业法治体检56家次，提出法律建议210条。",
    R("enterprise_checkups", 56, "家次"),
    X(210, "条", "法律建议 count: no indicator"))
add(A, ACH, "区司法局全年完成合法性审查356件，提出审查意见1,024条。",
    R("legality_reviews", 356, "件"),
    X(1024, "条", "审查意见 count: no indicator"))
add(A, ACH, "全区共受理法律援助案件1,023件，提供法律咨询8,900余人次。",
    R("legal_aid_cases", 1023, "件"),
    X(8900, "人次", "法律咨询 count: no indicator", qual="approx"))
add(A, ACH, "办理行政应诉案件45件，行政机关负责人出庭应诉45件次，出庭率100%。",
    R("litigation_cases", 45, "件"),
    R("head_appearance_rate", 100, "%", "出庭率 here = 负责人出庭应诉率"),
    X(45, "件次", "count of head appearances: no indicator (only the rate)"))
add(A, ACH, "全年累计检查生产经营单位2,180户次。",
    R("enforcement_inspections", 2180, "户次"))
add(A, ACH, "区人民政府全年制发规范性文件5件，均按规定在15日内报送备案。",
    R("normative_docs_issued", 5, "件"),
    X(15, "日", "filing deadline: not an indicator"))
add(A, ACH, "全年收到行政复议申请76件，同比下降12.6%。",
    R("reconsideration_received", 76, "件"),
    X(12.6, "%", "year-on-year decrease: not a level"))
add(A, ACH, "全镇化解矛盾纠纷127起，调解成功率100%。",
    R("disputes_resolved", 127, "起"),
    R("mediation_rate", 100, "%"))
add(A, ACH, "全年共办理各类行政执法案件4,562件，其中行政处罚案件3,108件、行政强制案件96件。",
    R("penalty_cases", 3108, "件"),
    X(4562, "件", "all enforcement cases: no taxonomy indicator for 执法案件 in total"),
    X(96, "件", "行政强制 cases: no indicator"))
add(A, ACH, "本年度共审查备案乡镇（街道）和部门报送的规范性文件２１份，均符合规定。",
    R("normative_docs_reviewed", 21, "份", "full-width digits"))
add(A, ACH, "全年各类行政复议案件中，调解和解结案19件，行政复议纠错率为8.3％。",
    R("reconsideration_settled", 19, "件"),
    R("reconsideration_correction_rate", 8.3, "%", "full-width percent sign"))
add(A, ACH, "全市各级法律援助机构共办结法律援助案件一千零五十六件。",
    R("legal_aid_cases", 1056, "件", "Chinese numeral 一千零五十六"))

# ---------------------------------------------------------------- batch B: hard
B = "B"
add(B, ACH, "行政诉讼败诉率由上年的8.2%下降至3.1%。",
    R("litigation_loss_rate", 3.1, "%", "value after 下降至"),
    X(8.2, "%", "previous year's loss rate: not this year's value"))
add(B, ACH, "行政机关负责人出庭应诉率提升至100%。",
    R("head_appearance_rate", 100, "%", "value after 提升至"))
add(B, ACH, "行政机关负责人出庭应诉率从2022年的95%提高到100%。",
    R("head_appearance_rate", 100, "%", "value after 提高到"),
    X(95, "%", "2022 value: not this year's"))
add(B, ACH, "全区行政应诉案件数量增加至126件，同比增长21.2%。",
    R("litigation_cases", 126, "件", "value after 增加至"),
    X(21.2, "%", "year-on-year growth: not a level"))
add(B, ACH, "全年收到行政复议申请百余件，均依法作出处理。",
    R("reconsideration_received", 100, "件", "百余", qual="approx"))
add(B, ACH, "全年排查化解矛盾纠纷千余件，未发生因矛盾激化引发的群体性事件。",
    R("disputes_resolved", 1000, "件", "千余", qual="approx"))
add(B, ACH, "组织行政执法人员旁听行政案件庭审数百人次。",
    N("数百人次 attending hearings: no taxonomy indicator (not 持证执法人员)"))
add(B, ACH, "全年人民调解组织受理调解案件上千件，调解成功率保持在98%以上。",
    R("mediation_cases", 1000, "件", "上千", qual="approx"),
    R("mediation_rate", 98, "%", "98%以上 (achievement, lower bound)", qual="approx"))
add(B, ACH, "共清理规范性文件86件，其中废止30件、宣布失效10件。",
    R("normative_docs_repealed", 40, "件", "sum of parts: 废止30 + 宣布失效10"),
    X(86, "件", "清理 (clean-up) total: not repealed, not reviewed"))
add(B, ACH, "全年下发行政执法监督通知书3份、监督决定书10份。",
    R("supervision_notices", 13, "份", "sum of parts: 通知书3 + 决定书10"))
add(B, ACH, "全年办理行政处罚案件131件，对首次违法且危害后果轻微的93件依法不予处罚。",
    R("penalty_cases", 131, "件"),
    X(93, "件", "首违不罚 exempt cases: not penalty cases, no indicator"))
add(B, ACH, "适用“首违不罚”“轻微免罚”清单办理免罚案件93件，减免罚款金额26.4万元。",
    N("免罚 93件 and 26.4万元 waived: exempt cases, no taxonomy indicator (must not become penalty_cases)"))
add(B, ACH, "全年行政复议申请数量同比下降50%。",
    N("50% is a year-on-year change of the number of applications, not a count"))
add(B, ACH, "行政诉讼败诉率同比下降2个百分点。",
    N("2个百分点 is a change; the level of the loss rate is not stated"))
add(B, ACH, "行政诉讼案件数量同比下降50%，败诉率为2.5%，同比下降2个百分点。",
    R("litigation_loss_rate", 2.5, "%"),
    X(50, "%", "year-on-year change of case count: not a level"),
    X(2, "个百分点", "change of loss rate: not a level"))
add(B, ACH, "下一阶段，我区将继续压实主体责任，力争行政机关负责人出庭应诉率保持100%。",
    T("head_appearance_rate", 100, "%", "target inside the achievements part"))
add(B, ACH, "2023年12月4日，区政府召开第3次常务会议，专题学习《中华人民共和国行政复议法》。",
    N("date, 第3次 (ordinal) and law title: no figure; a single session, no count stated"))
add(B, ACH, "制定《XX区“十四五”法治政府建设规划（2021—2025年）》，明确了3个方面21项重点任务。",
    N("十四五, 2021—2025 and 3个方面21项任务: no taxonomy indicator"))
add(B, ACH, "开通12348公共法律服务热线，全年接听群众咨询电话8,600余个。",
    N("12348 is a hotline number; 8,600余 calls: no taxonomy indicator"))
add(B, ACH, "一是完善行政复议工作机制，二是加强行政应诉工作，三是规范行政执法行为。",
    N("enumeration 一是/二是/三是: no figure"))
add(B, ACH, "印发《2023年度法治政府建设工作要点》，分解细化工作任务56项。",
    N("2023年度 in a title and 56项 tasks: no taxonomy indicator (not 重大行政决策)"))
add(B, ACH, "全年评查行政处罚、行政许可案卷共计600份。",
    R("case_files_reviewed", 600, "份", "case files reviewed; not a count of penalty cases"))
add(B, ACH, "对报送备案的12件部门规范性文件进行审查，纠正存在问题的文件3件。",
    R("normative_docs_reviewed", 12, "件"),
    X(3, "件", "documents corrected in filing review: not reconsideration correction"))
add(B, ACH, "行政复议案件经审理，维持68件，撤销5件，变更2件，确认违法3件，其余以调解和解方式结案。",
    R("reconsideration_corrected", 10, "件", "sum of parts: 撤销5 + 变更2 + 确认违法3 (context: reconsideration decisions)"),
    X(68, "件", "维持 (upheld): not corrected"))
add(B, ACH, "行政复议直接纠错率由15.6%下降到9.8%。",
    R("reconsideration_correction_rate", 9.8, "%", "value after 下降到"),
    X(15.6, "%", "earlier value"))
add(B, ACH, "全年共办理行政处罚案件1.2万件，罚没款同比下降6.5%。",
    R("penalty_cases", 12000, "件", "1.2万"),
    X(6.5, "%", "year-on-year change of fines: not a level"))
add(B, ACH, "全年化解矛盾纠纷二千三百余件，化解成功率居全市前列。",
    R("disputes_resolved", 2300, "件", "Chinese numeral with 余", qual="approx"))
add(B, ACH, "全区持证行政执法人员近900名，执法证件全部在有效期内。",
    R("enforcement_personnel", 900, "名", "近900", qual="approx"))
add(B, ACH, "全区法律援助机构全年办理法律援助案件约1500件。",
    R("legal_aid_cases", 1500, "件", "约", qual="approx"))
add(B, ACH, "组织律师团队为超过200家企业提供免费法治体检服务。",
    R("enterprise_checkups", 200, "家", "超过", qual="approx"))
add(B, ACH, "行政复议案件调解和解率达到35.6%，实质性化解行政争议成效明显。",
    N("调解和解率 of reconsideration: no rate indicator; must not become mediation_rate"))
add(B, ACH, "行政机关负责人出庭应诉42人次，出庭应诉率100%。",
    R("head_appearance_rate", 100, "%"),
    X(42, "人次", "count of head appearances: no indicator"))
add(B, ACH, "全区法律顾问共出具合法性审查意见156份，参与处理涉法事务30余件。",
    R("legality_reviews", 156, "份", "legality-review opinions issued by legal counsel"),
    X(30, "件", "涉法事务: no indicator", qual="approx"))
add(B, ACH, "全年收到行政复议申请98件，受理91件，不予受理7件，办结85件。",
    R("reconsideration_received", 98, "件"),
    R("reconsideration_closed", 85, "件"),
    X(91, "件", "受理 (accepted): not 收到 (received); no separate indicator"),
    X(7, "件", "不予受理: no indicator"))
add(B, ACH, "办理行政应诉案件56件，较上年的72件减少16件。",
    R("litigation_cases", 56, "件"),
    X(72, "件", "previous year's count"),
    X(16, "件", "difference: not a level"))
add(B, ACH, "全年开展“双随机、一公开”抽查等行政执法检查3,256家次。",
    R("enforcement_inspections", 3256, "家次"))
add(B, ACH, "全县共制发规范性文件８件，废止３件。",
    R("normative_docs_issued", 8, "件", "full-width digits"),
    R("normative_docs_repealed", 3, "件", "full-width digits"))
add(B, ACH, "在区政府第12次常务会议上集中学习了《优化营商环境条例》，全年会前学法共8次。",
    R("study_sessions", 8, "次"),
    X(12, "次", "第12次 is an ordinal, not a count"))
add(B, ACH, "全年重大行政决策事项5项，均严格履行公众参与、专家论证、风险评估、合法性审查、集体讨论决定5个法定程序。",
    R("major_decisions", 5, "项"),
    X(5, "个", "5 statutory procedures: not an indicator"))
add(B, ACH, "全区行政执法“三项制度”落实率达100%，执法全过程记录覆盖率达95%以上。",
    N("落实率 and 覆盖率: no taxonomy indicator"))
add(B, ACH, "全年化解各类矛盾纠纷1.5万余件，调解成功率达99%以上。",
    R("disputes_resolved", 15000, "件", "1.5万余", qual="approx"),
    R("mediation_rate", 99, "%", "99%以上 (achievement)", qual="approx"))
add(B, ACH, "全年共受理人民调解案件1,847件，调解成功1,832件，调解成功率99.19%。",
    R("mediation_cases", 1847, "件", "cases handled (受理) taken as mediation_cases"),
    R("mediation_rate", 99.19, "%"),
    X(1832, "件", "successfully mediated subset (unsure: could also be read as mediation_cases)"))
add(B, ACH, "区政府常务会议专题研究法治政府建设工作3次。",
    N("常务会议研究 3次: deliberation, not 学法; no study_sessions"))
add(B, ACH, "区政府常务会议学法6次，区委常委会会议学法3次。",
    R("study_sessions", 6, "次", "government executive meeting; separate body from the next row"),
    R("study_sessions", 3, "次", "party standing committee; two separately stated counts, not summed (unsure)"))
add(B, ACH, "共排查矛盾纠纷1350件，成功化解1321件，化解率97.9%。",
    R("disputes_resolved", 1321, "件", "resolved, not screened"),
    X(1350, "件", "排查 (screened): not resolved"),
    X(97.9, "%", "化解率 (resolution rate): not 调解成功率 (unsure)"))
add(B, ACH, "全年组织行政执法人员专题培训3期，培训620人次。",
    N("training 3期 / 620人次: not 学法 sessions of party committee/government and not 持证执法人员 (unsure)"))
add(B, ACH, "全区行政复议案件平均审结周期缩短至45天，办结率100%。",
    N("45天 duration and 办结率: no indicator"))
add(B, PLAN, "力争为20—30家重点企业开展法治体检，出具法律风险提示书。",
    T("enterprise_checkups", 20, "家", "range 20—30", high=30))

# ---------------------------------------------------------------- batch C: plans
C = "C"
add(C, PLAN, "力争行政机关负责人出庭应诉率达到100%。",
    T("head_appearance_rate", 100, "%"))
add(C, PLAN, "确保行政诉讼败诉率控制在5%以内。",
    T("litigation_loss_rate", 5, "%", "upper bound 以内", qual="approx"))
add(C, PLAN, "2024年计划为50家以上民营企业开展“法治体检”。",
    T("enterprise_checkups", 50, "家", "以上", qual="approx"))
add(C, PLAN, "每年组织区政府常务会议会前学法不少于4次。",
    T("study_sessions", 4, "次", "不少于", qual="approx"))
add(C, PLAN, "持续深化“八五”普法，全年开展主题普法活动不少于100场。",
    N("普法 activities: no taxonomy indicator"))
add(C, PLAN, "2024年拟将6项重大行政决策事项纳入年度目录管理。",
    T("major_decisions", 6, "项"))
add(C, PLAN, "确保行政复议案件调解和解率不低于30%。",
    N("调解和解率: no rate indicator; not mediation_rate"))
add(C, PLAN, "力争行政复议纠错率保持在15%左右，充分发挥行政复议监督纠错功能。",
    T("reconsideration_correction_rate", 15, "%", "左右", qual="approx"))
add(C, PLAN, "下一步，我们将从以下3个方面着力推进法治政府建设。",
    N("3个方面: not an indicator"))
add(C, PLAN, "一是深化行政执法体制改革，二是健全行政决策制度体系。",
    N("enumeration: no figure"))
add(C, PLAN, "计划开展行政执法案卷评查2次，评查案卷不少于300卷。",
    T("case_files_reviewed", 300, "卷", "不少于", qual="approx"),
    X(2, "次", "number of review campaigns: not enforcement inspections", target=1))
add(C, PLAN, "确保全区持证行政执法人员达到1300名以上。",
    T("enforcement_personnel", 1300, "名", "以上", qual="approx"))
add(C, PLAN, "力争人民调解成功率保持在98%以上。",
    T("mediation_rate", 98, "%", "以上", qual="approx"))
add(C, PLAN, "力争全年化解矛盾纠纷3000件以上。",
    T("disputes_resolved", 3000, "件", "以上", qual="approx"))
add(C, PLAN, "预计全年制发行政规范性文件10至15件。",
    T("normative_docs_issued", 10, "件", "range 10至15", high=15))
add(C, PLAN, "对现行有效的规范性文件开展一次全面清理。",
    N("一次 full clean-up: no count of documents"))
add(C, PLAN, "在2024年6月底前完成行政执法事项清单的动态调整。",
    N("date only"))
add(C, PLAN, "确保重大行政决策合法性审查率达到100%。",
    N("合法性审查率: legality_reviews is a count, no rate indicator"))
add(C, PLAN, "确保法律援助案件群众满意率达到95%以上。",
    N("satisfaction rate: not a count of legal-aid cases"))
add(C, PLAN, "全年计划办理法律援助案件600件。",
    T("legal_aid_cases", 600, "件"))
add(C, PLAN, "各执法部门全年开展专项执法检查不少于12次。",
    T("enforcement_inspections", 12, "次", "不少于", qual="approx"))
add(C, PLAN, "确保规范性文件备案审查率、报备率均达到100%。",
    N("备案审查率/报备率: no rate indicator"))
add(C, PLAN, "扎实做好“十四五”法治政府建设规划中期评估工作。",
    N("十四五: not a figure"))
add(C, PLAN, "举办领导干部法治专题培训班2期。",
    N("training course 2期: not 学法 of party committee/government executive meeting (unsure)"))
add(C, PLAN, "力争行政诉讼败诉率较上年下降2个百分点。",
    N("target change in percentage points: level not stated"))
add(C, PLAN, "确保行政机关负责人出庭应诉率100%、行政诉讼败诉率低于全市平均水平。",
    T("head_appearance_rate", 100, "%"),
    N("败诉率 target is relative (低于全市平均水平): no figure"))
add(C, PLAN, "力争2025年底前实现村（社区）法律顾问全覆盖。",
    N("date and 法律顾问: no indicator"))
add(C, PLAN, "对发现的执法问题，计划制发行政执法监督通知书不少于10份。",
    T("supervision_notices", 10, "份", "不少于", qual="approx"))
add(C, PLAN, "每月开展1次矛盾纠纷集中排查。",
    N("frequency 每月1次: not a count of disputes or inspections"))
add(C, PLAN, "确保95%以上的矛盾纠纷化解在基层。",
    N("share of disputes resolved locally: not a count, not 调解成功率"))
add(C, PLAN, "力争行政复议案件按期办结率达到100%。",
    N("办结率: no indicator"))
add(C, PLAN, "争取将行政复议纠错率提高至20%。",
    T("reconsideration_correction_rate", 20, "%"))
add(C, PLAN, "落实“谁执法谁普法”普法责任制，制定12项普法责任清单。",
    N("普法 lists: no indicator"))
add(C, PLAN, "力争为3至5家重点企业量身定制法治体检方案。",
    T("enterprise_checkups", 3, "家", "range 3至5", high=5))
add(C, PLAN, "计划组织区委理论学习中心组专题学法2次。",
    T("study_sessions", 2, "次"))
add(C, PLAN, "将行政复议申请审查受理时间压缩至5个工作日内。",
    N("time limit 5个工作日: not an indicator"))
add(C, PLAN, "确保行政处罚案件法定期限内结案率达到100%。",
    N("结案率: no indicator; not penalty_cases"))
add(C, PLAN, "持续开展“法律进企业”活动，全年为不少于100家企业提供法治体检。",
    T("enterprise_checkups", 100, "家", "不少于", qual="approx"))
add(C, PLAN, "2024年，我区将在去年化解矛盾纠纷1,230件的基础上，进一步完善多元化解机制。",
    R("disputes_resolved", 1230, "件", "past fact (去年) quoted in plans part: not a target"))
add(C, PLAN, "力争行政执法人员持证率达到９５％。",
    N("持证率 (certification rate): not a count of certified personnel"))
add(C, PLAN, "计划全年审查备案规范性文件不少于20件，合法性审查重大合同30份以上。",
    T("normative_docs_reviewed", 20, "件", "不少于", qual="approx"),
    T("legality_reviews", 30, "份", "以上", qual="approx"))
add(C, PLAN, "确保全年行政机关负责人出庭应诉率不低于95%，行政诉讼败诉率低于5%。",
    T("head_appearance_rate", 95, "%", "不低于", qual="approx"),
    T("litigation_loss_rate", 5, "%", "低于 (upper bound)", qual="approx"))


# ---------------------------------------------------------------- write
COLS = ["batch", "sid", "section_kind", "sentence", "indicator_id", "value",
        "value_high", "unit", "is_target", "qualifier", "note"]


def fmt(v):
    if v == "" or v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def main():
    out = Path(__file__).with_name("sentences.csv")
    seen = set()
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLS)
        for batch, sid, kind, sent, rows in S:
            assert sent not in seen, sent
            seen.add(sent)
            assert rows, sid
            for ind, value, high, unit, target, qual, note in rows:
                w.writerow([batch, sid, kind, sent, ind, fmt(value), fmt(high),
                            unit, target, qual, note])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
