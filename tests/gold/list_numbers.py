"""List every number in the annotated reports with the annotation decision (writes tests/gold/decisions/numbers.csv).

Run from the repository root: ``.venv/bin/python tests/gold/list_numbers.py``.

Every run of Arabic digits, and every Chinese numeral followed by a unit
character, is listed with 16 characters of context on each side. The column
``decision`` is the canonical indicator id when the number is annotated in
``tests/gold/<doc_id>.csv`` (matched by the annotation's snippet), otherwise
the reason it is not annotated. The reason categories are assigned by simple
rules here; the decision whether a quantity is a canonical indicator was made
by hand, reading each line of this list against the report.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl

import workbench as wb

HERE = Path(__file__).parent
NUM = re.compile(r"[0-9][0-9,.]*[0-9]|[0-9]|[零〇一二两三四五六七八九十百千万]+(?=[件次个名人家份项卷场条起户批本期轮])")


def reason(text: str, s: int, e: int) -> str:
    before, after = text[max(0, s - 1) : s], text[e : e + 2]
    if after[:1] in "年月日" or before == "月":
        return "date or year"
    if re.match(r"[.、]", after) and (s == 0 or text[s - 1] in "\n 。") :
        return "list marker"
    opened = {"《": "》", "〔": "〕", "“": "”"}
    for o, c in opened.items():
        i = text.rfind(o, 0, s)
        if i != -1 and text.find(c, i) > s:
            return "inside a title, document number or quotation"
    if before == "第":
        return "ordinal"
    if not re.match(r"(余|多)?(万|亿)?(余|多)?(个百分点|[件次个名人家份项卷场条起户批天本期轮组张元%小所位]|人次|家次|件次)", text[e:]):
        return "no unit: name, version, slogan or word"
    return "quantity, not a canonical indicator"


def main() -> None:
    corpus = wb.load_corpus()
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    rows = []
    for gold_file in sorted(HERE.glob("[0-9]*.csv")):
        doc_id = gold_file.stem
        text = texts[doc_id]
        gold = pl.read_csv(gold_file, schema_overrides={"value": pl.Float64})
        marked: dict[int, str] = {}
        for g in gold.iter_rows(named=True):
            at = text.find(g["snippet"])
            for m in NUM.finditer(g["snippet"]):
                if m.group().replace(",", "") in (f"{abs(g['value']):g}", str(int(abs(g["value"])))):
                    marked[at + m.start()] = g["indicator"]
        for m in NUM.finditer(text):
            decision = marked.get(m.start()) or reason(text, m.start(), m.end())
            ctx = text[max(0, m.start() - 16) : m.start()] + "【" + m.group() + "】" + text[m.end() : m.end() + 8]
            rows.append([doc_id, m.start(), m.group(), decision, ctx.replace("\n", " ")])
    with open(HERE / "decisions" / "numbers.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["doc_id", "char_start", "number", "decision", "context"])
        w.writerows(rows)
    print(f"wrote {len(rows)} numbers")


if __name__ == "__main__":
    main()
