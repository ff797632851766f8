"""Segmentation of a report body into sections and sentences.

Section markers, recognised at a line start or after a space or a sentence
end (so a report whose whole body is one line segments too):

========  ==========================  =====================
level     marker                      example
========  ==========================  =====================
1         Chinese numeral + 、         一、主要举措和成效
2         (Chinese numeral)            (一)依法全面履行政府职能
3         Arabic numeral + . or 、     1.深入实施……
4         Chinese numeral + 是, or       一是持续打造……, 第二,强化……
          第 + Chinese numeral + ,
========  ==========================  =====================

A marker counts only when it continues its sequence (二、 after 一、, (三)
after (二) in the same part, …), which keeps 1. inside "3.0" or a stray
二、 in prose from opening a section. Text before 一、 is the preamble
(level 0). The item markers of level 4 also count after a comma (…,二是…).
Level-1 parts get a ``kind`` from their heading (:data:`KIND_RULES`); a part
whose heading names a topic rather than a kind (一、深入推进…改革) is an
achievements part when a shortcomings, duties or plans part follows it.
Every child inherits its part's kind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN = "一二三四五六七八九十"
#: A marker at the text's start or after a boundary character (newline, space, 。;:!?); the
#: inline item markers 一是/二是 and 第一,/第二, also after a comma (…工作:一是…,二是…,三是…).
#: The pattern matches the boundary character and looks ahead for the marker: starting with a
#: character class lets ``re`` skip to the candidates (three times faster than a look-behind tried
#: at every position); the text is searched with a newline in front, so its start is a boundary.
_MARKERS = re.compile(
    r"[\n 。;:!?,]"
    rf"(?=(?P<l1>[{_CN}]{{1,3}}、)|(?P<l2>\([{_CN}]{{1,3}}\))|(?P<l3>\d{{1,2}}[.、](?!\d))"
    rf"|(?P<l4>[{_CN}]{{1,3}}是|第[{_CN}]{{1,3}}[,:、]))"
)
#: Where a sentence ends: after 。!? (with closing quotes and brackets) and after a line break.
_ENDS = "。!?"
_CLOSERS = "”’」』)"
#: A sentence's content (the text between two cuts, without leading and trailing whitespace), in one
#: pass: a run of 。!? with its closing quotes, or from a non-space character either to the end of
#: the next such run or, on a line without one, to the line's last non-space character.
_SENTENCE = re.compile(
    rf"[{_ENDS}]+[{_CLOSERS}]*|[^\s{_ENDS}](?:[^\n{_ENDS}]*[{_ENDS}]+[{_CLOSERS}]*|(?:[^\n{_ENDS}]*[^\s{_ENDS}])?)"
)
_HEADING_STOP = re.compile(r"[。!?\n ]")

#: Level-1 heading cues, tried in order; the first that matches gives the kind.
KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("other", re.compile(r"其他|其它")),
    ("duties", re.compile(r"第一责任人|主要负责人|负责人履行|履职")),
    ("shortcomings", re.compile(r"不足|问题(?!导向)|短板|差距|困难|薄弱")),
    ("plans", re.compile(r"安排|计划|下一步|思路|打算|展望|工作要点|目标任务")),
    ("achievements", re.compile(r"举措|成效|成绩|做法|进展|主要工作|工作情况|开展情况")),
)


def cn_number(text: str) -> int | None:
    """Value of a small Chinese numeral (一 … 九十九), or None.

    Examples
    --------
    >>> cn_number("十二"), cn_number("二十"), cn_number("三")
    (12, 20, 3)
    """
    if not text or any(ch not in _CN_DIGITS for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = _CN_DIGITS.get(tens, 0) if tens else 1
    o = _CN_DIGITS.get(ones, 0) if ones else 0
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS) or t >= 10 or o >= 10:
        return None
    return t * 10 + o


def classify_heading(heading: str) -> str:
    """Kind of a level-1 part from its heading: achievements, shortcomings, duties, plans or other.

    Examples
    --------
    >>> classify_heading("2025年推进法治政府建设的主要安排")
    'plans'
    >>> classify_heading("推进法治政府建设存在的不足和原因")
    'shortcomings'
    """
    for kind, pattern in KIND_RULES:
        if pattern.search(heading):
            return kind
    return "other"


@dataclass(slots=True)
class Section:
    level: int
    number: int
    label: str
    start: int  # marker start
    body_start: int  # after the marker
    end: int = -1
    heading: str = ""
    kind: str = "other"
    parent: int | None = None  # index into the section list
    path: str = ""


@lru_cache(maxsize=4096)
def _label_number(group: str, label: str) -> tuple[int, int | None]:
    """(level, number) of a marker as printed: ("l3", "12.") → (3, 12); ("l1", "二十、") → (1, 20)."""
    level = int(group[1])
    return level, int(label[:-1]) if level == 3 else cn_number(label.strip("()、是第,:"))


def _markers(text: str) -> list[tuple[int, int, int, str]]:
    """All sequence-consistent markers: (start, end, level, label)."""
    found = []
    for m in _MARKERS.finditer("\n" + text):
        group = m.lastgroup
        if group != "l4" and m.group() == ",":
            continue  # a comma opens only the inline items
        label = m.group(group)
        level, number = _label_number(group, label)
        if number is None:
            continue
        start = m.start(group) - 1
        found.append((start, start + len(label), level, label, number))
    # keep those that continue their sequence
    accepted = []
    last = {1: 0, 2: 0, 3: 0, 4: 0}
    has_l1 = any(f[2] == 1 and f[4] == 1 for f in found)
    for start, end, level, label, number in found:
        if level > 1 and has_l1 and last[1] == 0:
            continue  # sub-markers in the preamble
        if number != last[level] + 1:
            continue
        last[level] = number
        for deeper in range(level + 1, 5):
            last[deeper] = 0
        accepted.append((start, end, level, label))
    return accepted


def sections(text: str) -> tuple[list[Section], bool]:
    """Section tree of a body, in document order; and whether any 一、 part was found.

    Each :class:`Section` has ``start``/``end`` offsets into ``text``
    (trailing whitespace excluded), a ``heading`` and a dotted ``path``
    (``"0"`` for the preamble, ``"2.1.3"`` …).
    """
    marks = _markers(text)
    out: list[Section] = []
    has_l1 = any(level == 1 for _, _, level, _ in marks)
    if has_l1:
        first_l1 = next(s for s, _, level, _ in marks if level == 1)
        if text[:first_l1].strip():
            out.append(Section(level=0, number=0, label="", start=0, body_start=0, path="0"))
    else:
        # no recognisable parts: the whole body is one level-1 section of kind "other"
        out.append(Section(level=1, number=1, label="", start=0, body_start=0, path="1"))
    stack: list[int] = [] if has_l1 else [0]
    children: dict[int | None, int] = {}
    for i, (start, end, level, label) in enumerate(marks):
        while stack and out[stack[-1]].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        children[parent] = children.get(parent, 0) + 1
        path = f"{out[parent].path}.{children[parent]}" if parent is not None else str(children[parent])
        nxt = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        stop = _HEADING_STOP.search(text, end, nxt)
        heading_end = stop.start() if stop else nxt
        sec = Section(
            level=level,
            number=children[parent],
            label=label,
            start=start,
            body_start=end,
            heading=text[end:heading_end].strip(),
            parent=parent,
            path=path,
        )
        out.append(sec)
        stack.append(len(out) - 1)
    # ends: the next section at the same or a higher level (any next section for the preamble), else the end
    open_: list[Section] = []
    for sec in out:
        while open_ and (open_[-1].level >= sec.level or open_[-1].level == 0):
            open_.pop().end = sec.start
        open_.append(sec)
    for sec in open_:
        sec.end = len(text)
    for sec in out:
        end = sec.end
        while end > sec.start and text[end - 1].isspace():
            end -= 1
        sec.end = end
    for sec in out:
        if sec.level == 1:
            sec.kind = classify_heading(sec.heading) if sec.label else "other"
    _topic_parts_are_achievements([sec for sec in out if sec.level == 1 and sec.label])
    for sec in out:
        if sec.level == 1:
            pass
        elif sec.parent is not None:
            sec.kind = out[sec.parent].kind
        else:
            sec.kind = "other"
    return out, has_l1


_EXPLICIT_OTHER = re.compile(r"其他|其它")


def _topic_parts_are_achievements(parts: list[Section]) -> None:
    """Level-1 parts headed by a topic, before a shortcomings, duties or plans part, are achievements (in place).

    Reports that list their work by topic (一、深入推进…改革 二、加强…建设 …
    七、存在的不足 八、下一年工作计划) have no heading that says 成效; the
    parts before the closing ones are the achievements.
    """
    closing = [i for i, sec in enumerate(parts) if sec.kind in ("shortcomings", "duties", "plans")]
    if not closing:
        return
    last = max(closing)
    for sec in parts[:last]:
        if sec.kind == "other" and not _EXPLICIT_OTHER.search(sec.heading):
            sec.kind = "achievements"


def sentence_spans(text: str, breaks: list[int]) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets: split at 。!? (with closing quotes), line ends, and ``breaks``.

    Leading and trailing whitespace is excluded; empty pieces are dropped.

    Examples
    --------
    >>> t = "一、总体 (一)甲。乙!丙"
    >>> [t[s:e] for s, e in sentence_spans(t, [5])]
    ['一、总体', '(一)甲。', '乙!', '丙']
    """
    spans = [m.span() for m in _SENTENCE.finditer(text)]
    cuts = sorted(b for b in breaks if 0 < b < len(text))
    if not cuts or not spans:
        return spans
    starts = [s for s, _ in spans]
    split = set()  # the spans a break falls inside (few: most breaks are at a sentence's start)
    for c in cuts:
        k = bisect_right(starts, c) - 1
        if k >= 0 and starts[k] < c < spans[k][1]:
            split.add(k)
    if not split:
        return spans
    out = []
    for k, (s, e) in enumerate(spans):  # a break inside a sentence cuts it in two (each side without its whitespace)
        if k not in split:
            out.append((s, e))
            continue
        j = bisect_right(cuts, s)
        while j < len(cuts) and cuts[j] < e:
            head = text[s : cuts[j]].rstrip()
            if head:
                out.append((s, s + len(head)))
            s = cuts[j] + len(text[cuts[j] : e]) - len(text[cuts[j] : e].lstrip())
            j += 1
        out.append((s, e))
    return out
