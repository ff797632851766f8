"""Evidence for a report's metadata: every candidate value, where it was printed and how it reads.

Sources, in order of trust (:data:`SOURCES`):

manifest
    a row of ``data/manifest.csv`` (the researcher's own correction);
chrome
    the page's metadata lines kept apart from the body by cleaning (标题,
    发布机构, 发布时间/发布日期/公开日期, 成文日期/发文日期, 文号/发文字号,
    索引号 … in their spellings, with or without spaces inside the label);
title
    the report's title line;
signoff
    the issuing organ and date at the end of the report;
filename
    the file's name (researchers name files 龙岗区2020年…, 2021_余杭区_…);
body
    the first lines of the report body (2023年,静海区坚持…; 我代表…人民政府…).

Each candidate keeps the evidence as printed and, where it comes from the
body, its offsets into ``documents.text``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..cleaning import ORGAN_LINE, TITLE_CUE
from .gazetteer import Place, parse_subject, places_in, subjects


@dataclass(frozen=True)
class Candidate:
    """One candidate value of one field."""

    field: str
    value: object
    source: str
    evidence: str
    char_start: int | None = None
    char_end: int | None = None
    place: Place | None = None  # for place fields: the whole reading


#: 来源 values that name no publisher.
_NOT_A_PUBLISHER = frozenset({"本站", "本网", "本网站", "网站", "原创", "转载", "网络"})


def _spaced(label: str) -> str:
    """A label that may be printed with spaces between its characters (索 引 号)."""
    return r"\s*".join(re.escape(ch) for ch in label)


#: Chrome labels by field, in order of preference within the field.
LABELS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "文件名称", "名称"),
    "publisher": ("发布机构", "发布单位", "发文机关", "发文单位", "发布部门", "信息来源", "文章来源", "稿件来源", "来源"),
    "publish_date": ("发布时间", "发布日期", "公开日期", "公布日期", "发布于", "上网时间", "时间", "日期"),
    "update_date": ("更新时间", "更新日期", "修改时间"),
    "written_date": ("成文日期", "发文日期", "印发日期", "生成日期", "签发日期"),
    "doc_number": ("发文字号", "备注/文号", "文号", "发文号", "字号"),
    "index_number": ("信息索引号", "索引号"),
}
#: Other labels of the same chrome tables: they end a value that runs on the same line.
_OTHER_LABELS = (
    "公开方式", "公开范围", "公开时限", "主题分类", "体裁分类", "组配分类", "服务对象分类", "主题词", "有效性",
    "点击率", "访问次数", "浏览次数", "阅读次数", "字体", "分享", "打印", "关闭", "作者", "责任编辑", "编辑",
    "失效时间", "时效", "分类", "所属机构", "公文种类", "信息分类", "文种", "今天是", "阅读人数", "浏览量", "浏览",
)
_ALL_LABELS = sorted({lab for labs in LABELS.values() for lab in labs} | set(_OTHER_LABELS), key=len, reverse=True)
_LABEL_RE = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<label>" + "|".join(_spaced(lab) for lab in _ALL_LABELS) + r")\s*[::|]?\s*\|?\s*"
)
_LABEL_FIELD = {re.sub(r"\s", "", lab): f for f, labs in LABELS.items() for lab in labs}

_CN_DIGIT = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*\d{1,2}\s*[::]\s*\d{1,2}(?:\s*[::]\s*\d{1,2})?)?"
)
#: Day.month.year, as some mirror sites print a timestamp (25.02.2016 10:00).
_DMY = re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})\b")
_CN_DATE = re.compile(r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日")
#: A date with a clock time: a page's publication timestamp (2023-03-31 17:05:00).
_TIMESTAMP = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}\s*(?:[::]|时)\s*\d{2}|\b\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}\s+\d{1,2}:\d{2}|^\s*(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s*$")
#: A page header's date of today (今天是…, with a weekday): not the page's date.
_STALE = re.compile(r"今天是|星期|周[一二三四五六日]|农历")
_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*\d{1,4}\s*号")
_INDEX_VALUE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-/_.]{5,}")

#: A year in a title or an opening line: 2023年, 2023年度, 二〇二三年.
_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年(?P<du>度)?")
#: Words before a year that make it a target or a deadline, not the year reported on.
_NOT_REPORT_YEAR_BEFORE = re.compile(r"(?:力争|争取|到|至|预计|计划|目标|确保|前|迈向|展望|自|从|—|-|~|～|－)\s*$")
#: A year followed by a month is a date; by a range mark or "以前" it is not the year reported on.
_NOT_REPORT_YEAR_AFTER = re.compile(r"^\s*(?:\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|[-—~～至－]|以前|前|起|底前)")


#: A range of years in a title: a report on several years (2015-2020年度).
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*(?:年\s*)?[-—~～至－]\s*(?:19|20)\d{2}\s*年")


#: A department as the reporting organ of a title (乐亭县司法局2023年度…, 唐山市公安局路北分局关于…).
_DEPARTMENT = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff]{2,20}?(?P<dept>[\u4e00-\u9fff]{1,10}?(?:分局|局|厅))(?=关于|\s*(?:19|20)\d{2}|\s*年度|法治|依法)"
)


def cn_year(text: str) -> int:
    """A year printed in digits or in Chinese numerals (二〇二三)."""
    return int(text.translate(_CN_DIGIT))


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` (2024-03-28, 2024年3月28日, 2024/3/28, 2024.03.28, with or without a time).

    Examples
    --------
    >>> [parse_date(t) for t in ("2024-03-28 09:18", "2024年3月28日", "2024/3/28", "2024.03.28", "二〇二四年三月二十八日", "2024-13-01")]
    [datetime.date(2024, 3, 28), datetime.date(2024, 3, 28), datetime.date(2024, 3, 28), datetime.date(2024, 3, 28), datetime.date(2024, 3, 28), None]
    """
    m = DATE.search(text)
    if m:
        return _date(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _DMY.search(text)
    if m:
        return _date(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _CN_DATE.search(text)
    if m:
        from ..segment import cn_number

        mo, d = cn_number(m["m"]), cn_number(m["d"])
        return _date(cn_year(m["y"]), mo, d) if mo and d else None
    return None


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def chrome_fields(lines: list[str]) -> list[tuple[str, str, str]]:
    """Labelled values of the chrome lines: (field, label as printed, value as printed).

    A line may hold several labels (信息索引号 K1493206 公开方式 主动公开); each
    value runs to the next label or the line's end.

    Examples
    --------
    >>> chrome_fields(["信息索引号 K1493206-6/2025-32587 公开方式 主动公开", "来源:静海区人民政府办公室 发布时间:2024-03-28 09:18"])
    [('index_number', '信息索引号', 'K1493206-6/2025-32587'), ('publisher', '来源', '静海区人民政府办公室'), ('publish_date', '发布时间', '2024-03-28 09:18')]
    """
    out = []
    for line in _join_bare_labels(lines):
        marks = list(_LABEL_RE.finditer(line))
        for i, m in enumerate(marks):
            label = re.sub(r"\s", "", m["label"])
            field = _LABEL_FIELD.get(label)
            if field is None:
                continue
            end = marks[i + 1].start() if i + 1 < len(marks) else len(line)
            value = line[m.end() : end].strip(" |:")
            if value:
                out.append((field, m["label"], value))
    return out


def _join_bare_labels(lines: list[str]) -> list[str]:
    """Put a label printed alone on its line (• 信息索引号:) together with the value on the next line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _LABEL_RE.fullmatch(line.strip(" •·|"))
        if m and i + 1 < len(lines) and not _LABEL_RE.search(lines[i + 1]):
            out.append(line.strip(" •·|") + " " + lines[i + 1].strip(" •·|"))
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def report_year(text: str, offset: int = 0) -> tuple[int, int, int] | None:
    """The year a title or an opening line reports on: (year, start, end), or None.

    The first year that is not inside 《》, not a date (2024年3月), not part of
    a range (2021—2025年) and not a target (力争2025年, 到2025年).

    Examples
    --------
    >>> report_year("关于2021年度法治政府建设情况的报告")[0]
    2021
    >>> report_year("根据《法治政府建设实施纲要(2021—2025年)》,2023年,我县……")[0]
    2023
    >>> report_year("力争2025年实现……") is None
    True
    """
    for m in _YEAR.finditer(text):
        if _is_report_year(text, m):
            return cn_year(m["y"]), offset + m.start(), offset + m.end()
    return None


def _is_report_year(text: str, m: re.Match[str]) -> bool:
    """Whether the year matched at ``m`` can be the year reported on (see :func:`report_year`)."""
    before = text[: m.start()]
    if before.count("《") > before.count("》"):
        return False
    return not (_NOT_REPORT_YEAR_BEFORE.search(before) or _NOT_REPORT_YEAR_AFTER.match(text[m.end() :]))


def candidates(
    *,
    title: str | None,
    body: str,
    chrome: list[str],
    signoff: list[str],
    source_file: str,
    manifest_row: dict[str, object] | None = None,
) -> list[Candidate]:
    """Every candidate value for every field, in the order of :data:`SOURCES`."""
    out: list[Candidate] = []
    for field, value in (manifest_row or {}).items():
        if value is not None and value != "":
            out.append(Candidate(field, value, "manifest", f"{field}={value}"))
    out += _from_chrome(chrome)
    if title:
        out.append(Candidate("title", title, "title", title))
        dept = _DEPARTMENT.search(title)
        if dept:
            out.append(Candidate("department", dept.group("dept"), "title", dept.group()))
        out += _places("title", title)
        y = report_year(title)
        if y:
            out.append(Candidate("year", y[0], "title", title[y[1] : y[2]]))
        r = _YEAR_RANGE.search(title)
        if r and y is None:
            out.append(Candidate("year_range", r.group(), "title", r.group()))
    out += _from_signoff(signoff, body)
    out += _from_filename(source_file)
    out += _from_body(body)
    return out


def _from_chrome(chrome: list[str]) -> list[Candidate]:
    out: list[Candidate] = []
    fields = chrome_fields(chrome)
    for field, label, value in fields:
        printed = f"{label}: {value}"
        if field in ("publish_date", "written_date", "update_date"):
            d = parse_date(value)
            if d:
                out.append(Candidate(field, d, "chrome", printed))
        elif field == "index_number":
            m = _INDEX_VALUE.search(value)
            if m:
                out.append(Candidate(field, m.group(), "chrome", printed))
        elif field == "doc_number":
            m = _DOCNO.search(value)
            if m:
                out.append(Candidate(field, re.sub(r"\s+", "", m.group()), "chrome", printed))
        elif field == "publisher":
            name = re.split(r"\s", value)[0]
            if name in _NOT_A_PUBLISHER:
                continue
            if re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9()]{2,30}", name):
                out.append(Candidate(field, name, "chrome", printed))
                for place in _places("chrome", name, printed=printed):
                    out.append(Candidate("publisher_place", place.value, place.source, place.evidence, place=place.place))
        elif field == "title":
            out.append(Candidate(field, value, "chrome", printed))
    for line in chrome:
        if _LABEL_RE.search(line):
            # a timestamp (date and clock time) in a labelled line that gave no date: the page's
            # publication (来源:陕西日报 2026-03-16 08:15)
            if not any(f in ("publish_date", "written_date", "update_date") for f, _, _ in chrome_fields([line])):
                m = _TIMESTAMP.search(line)
                if m:
                    d = parse_date(m.group())
                    if d:
                        out.append(Candidate("publish_time", d, "chrome", line))
            continue
        m = _TIMESTAMP.search(line)
        if m and not _STALE.search(line):
            d = parse_date(m.group())
            if d:
                out.append(Candidate("publish_time", d, "chrome", line))
            continue
        if ORGAN_LINE.fullmatch(line):
            # a line of organ names in the chrome is the host site's banner (the organ above the
            # title was joined into the title by cleaning): it may be the parent's site
            for c in _places("chrome", line):
                out.append(Candidate("publisher_place", c.value, c.source, c.evidence, place=c.place))
    if not any(c.field == "doc_number" for c in out):
        header = " ".join(chrome)
        m = _DOCNO.search(header)
        if m:
            out.append(Candidate("doc_number", re.sub(r"\s+", "", m.group()), "chrome", m.group()))
    return out


def _places(source: str, text: str, *, printed: str | None = None, offset: int | None = None) -> list[Candidate]:
    out = []
    for s, e, place in places_in(text):
        evidence = printed or text[s:e]
        cs = ce = None
        if offset is not None:
            cs, ce = offset + s, offset + e
        out.append(Candidate("place", _value(place), source, evidence, cs, ce, place))
    return out




def _from_signoff(signoff: list[str], body: str) -> list[Candidate]:
    out: list[Candidate] = []
    lines = list(signoff)
    at = None  # where a date left at the body's very end starts (then its evidence is quoted from the body)
    tail_start = max(0, len(body) - 80)
    m_end = re.search(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$", body[tail_start:])
    if not lines and m_end:
        at = tail_start + m_end.start()
        lines = [body[at : tail_start + m_end.end()]]
    for line in lines:
        d = parse_date(line)
        if d:
            out.append(Candidate("signoff_date", d, "signoff", line, at, None if at is None else at + len(line)))
        m = DATE.search(line) or _CN_DATE.search(line)
        issuer = line[: m.start()] if m else line
        if issuer.strip():
            out += _places("signoff", issuer.strip(), printed=line)
    return out


def _from_filename(source_file: str) -> list[Candidate]:
    from ..readers import to_simplified

    stem = source_file.rsplit(".", 1)[0] if "." in source_file else source_file
    stem = to_simplified(stem)
    out = _places("filename", stem)
    y = report_year(stem)
    if y is None:
        m = re.search(r"(?<![\d〔\[(【])((?:19|20)\d{2})(?![\d〕\])】])(?!\s*[-./_]?\s*[01]?\d\s*[-./_]\s*[0-3]?\d(?!\d))", stem)
        y = (int(m.group(1)), m.start(), m.end()) if m else None
    if y:
        out.append(Candidate("year", y[0], "filename", stem[y[1] : y[2]]))
    return out


#: The organs a report is issued by: 人民政府 (政府), a zone's 管委会, a 街道's 办事处.
_ORGAN_WORDS = "人民政府|管理委员会|管委会|办事处|政府"
#: Organs whose name is printed before them in an opening line: 我代表深圳市人民政府, 静海区人民政府…
_ORGAN = re.compile(f"(?:{_ORGAN_WORDS})")
#: An organ that is addressed, not reporting: the salutation line of a report to its superior.
_SALUTATION = re.compile(rf"(?:{_ORGAN_WORDS})\s*(?:[、,]\s*[\u4e00-\u9fff]{{1,12}})*\s*[::]")
#: After a name: a list goes on (、 和 与 及) or the name is an addressee (…人民政府:, 唐山市:).
_NOT_A_SUBJECT_AFTER = re.compile(rf"\s*(?:[、和与及]|(?:{_ORGAN_WORDS}|党委|党工委)?(?:\s*[、,]\s*[\u4e00-\u9fff]{{1,12}})*\s*[::])")


_REPRESENT = re.compile(r"^(?:(?:现在)?我?谨?代表|现将|现就)")
#: Where a report names itself as the subject: a sentence's start, after a year (2023年,) and after
#: the customary 在…领导下, clause.
_CLAUSE_START = re.compile(
    r"(?:^|(?<=[\n。!?]))\s*(?:(?:19|20)\d{2}\s*年度?(?:以来)?\s*,?\s*)?(?:在[^。]{0,40}?下\s*,\s*)*"
    r"|(?<=[,;])\s*(?:19|20)\d{2}\s*年度?(?:以来)?\s*,\s*(?:在[^。]{0,40}?下\s*,\s*)*"
)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside 《》 and “”: titles and words of other documents."""
    return [m.span() for m in re.finditer(r"《[^》]*》|“[^”]*”", text)]


def _from_body(body: str) -> list[Candidate]:
    """Year and place from the opening lines.

    Year: the first year that opens a clause in the first 200 characters
    (2023年,… ; 2022年是…), else the first other year there; never inside 《》,
    a date, a range or a target.

    Place: only where the report names itself: before its organ (静海区人民政府,
    大鹏新区管委会), after 我代表 (我代表国务院), or as the subject that opens a
    clause of the first sentences (2023年,静海区坚持… ; 在市委…领导下,东城街道深入…).
    A name after 在/由/经 (在龙岗区人大的监督下) or inside 《》 is someone else.
    """
    out: list[Candidate] = []
    head = body[:300]
    quoted = _quoted_spans(head)

    def in_quote(pos: int) -> bool:
        return any(a <= pos < b for a, b in quoted)

    # a page that opens by quoting the report's own title (《梧州市人民政府2018年度法治政府建设工作报告》是…)
    own = re.match(r"\s*《(?P<t>[^》]{6,60})》", head)
    if own and TITLE_CUE.search(own["t"]) and re.search(r"报告|总结", own["t"]):
        t, a = own["t"], own.start("t")
        for s0, e0, place in places_in(t):
            out.append(Candidate("place", _value(place), "title", t[s0:e0], a + s0, a + e0, place))
        y = report_year(t)
        if y:
            out.append(Candidate("year", y[0], "title", t[y[1] : y[2]], a + y[1], a + y[2]))
    opening = head[:200]
    year = None
    for m in _YEAR.finditer(opening):
        if in_quote(m.start()) or not _is_report_year(opening, m):
            continue
        y = (cn_year(m["y"]), m.start(), m.end())
        opens = bool(re.search(r"(?:^|[\n。;!?,:])\s*(?:在|截至|截止)?\s*$", opening[: m.start()]))
        if opens:
            year = y
            break
        if year is None:
            year = y
    if year:
        out.append(Candidate("year", year[0], "body", head[year[1] : year[2]], year[1], year[2]))

    # the organ's level from how it names itself when it does not print its name (我县, 全省各级政府, 省政府坚持…)
    for m in _SELF_LEVEL.finditer(head[:200]):
        level = _SELF_LEVELS[m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e")]
        out.append(Candidate("self_level", level, "body", m.group(), m.start(), m.end()))

    seen: set[tuple[int, int]] = set()
    for start, end, stretch in subjects(head):
        if in_quote(start):
            continue
        # an organ named at a clause's start (静海区人民政府…), or after 我代表
        follows_organ = (
            bool(_ORGAN.match(head, end))
            and (start == 0 or head[start - 1] in "\n。;!?,: ")
            and not _SALUTATION.match(head, end)
        )
        rep = _REPRESENT.match(stretch)
        if not (rep or follows_organ):
            continue
        lead = rep.end() if rep else 0
        place = parse_subject(stretch[lead:])
        if place is None:
            continue
        span = (start + lead, end)
        seen.add(span)
        out.append(Candidate("place", _value(place), "body", head[span[0] : span[1]], span[0], span[1], place))
    sentence_end = re.search(r"[。!?]", head)
    limit = sentence_end.end() if sentence_end else len(head)
    # the opening sentence, or the second when the first states no subject (法治是…的基石。2022年,…)
    second = re.search(r"[。!?]", head[limit:])
    limit2 = limit + (second.end() if second else len(head) - limit)
    for m in _CLAUSE_START.finditer(head):
        pos = m.end()
        # after the first two sentences, only a sentence that opens with its year or 在…下, names its subject
        if m.start() >= limit2 and not re.match(r"\s*(?:(?:19|20)\d{2}|在)", head[m.start() : pos]):
            continue
        if in_quote(pos):
            continue
        found = None
        # the longest leading name that reads as a place (乐亭县经济开发区, not 乐亭县)
        for n in range(2, min(24, len(head) - pos) + 1):
            piece = head[pos : pos + n]
            if not _NAME_END_CHARS.search(piece[-1]):
                continue
            place = parse_subject(piece)
            if place is not None:
                found = (place, pos, pos + n)
        if found is None:
            continue
        place, a, b = found
        if _NOT_A_SUBJECT_AFTER.match(head, b):
            continue  # one of a list (路北区、路南区…) or an addressee (唐山市人民政府:)
        if (a, b) in seen:
            continue
        seen.add((a, b))
        out.append(Candidate("place", _value(place), "body", head[a:b], a, b, place))
    return out


#: Self-references that tell an unnamed organ's level. 区 and 市 are left out: a 区 may be a district,
#: a new area or a zone, and a 市 a city or a county-level city.
_SELF_LEVEL = re.compile(
    r"我(?P<a>省|县|旗|街道|乡|镇)(?![长委])|全(?P<b>省|县|旗)(?=各级|上下|法治|依法)|(?:^|(?<=[\n。;,:]))(?P<c>省|县|旗|乡|镇)(?:人民)?政府(?![办])|(?:^|(?<=[\n。;,:]))(?P<d>街道)办事处"
    r"|(?:^|(?<=[\n。;,:]))(?:(?:19|20)\d{2}年度?,?)?(?P<e>经开区|高新区|经济开发区|经济技术开发区|开发区|新区)(?:管委会)?(?=坚持|始终|深入|全面|认真|紧紧|紧扣|围绕|以)"
)
_SELF_LEVELS = {
    "省": "province", "县": "county", "旗": "county", "街道": "subdistrict", "乡": "township", "镇": "township",
    "经开区": "dev_zone", "高新区": "dev_zone", "经济开发区": "dev_zone", "经济技术开发区": "dev_zone", "开发区": "dev_zone",
    "新区": "new_area",
}
_NAME_END_CHARS = re.compile(r"[区县市旗省乡镇道]")


def _value(place: Place) -> str:
    return place.district or place.city or place.province or place.printed
