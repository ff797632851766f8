"""Verify the jieba user dictionary and the word lists in data/dict/.

Run from the repository root with the project's virtualenv:

    .venv/bin/python data/dict/check_dict.py            # one line per term + summary
    .venv/bin/python data/dict/check_dict.py --quiet    # failures + summary only

For every entry of user_dict.txt it prints whether plain jieba (its default
dictionary, accurate mode, HMM on) splits the term into more than one token,
and whether a tokenizer with user_dict.txt loaded keeps the term whole.
An entry fails if plain jieba already keeps it whole (the entry is useless)
or if the dictionary does not keep it whole (frequency too low).

It also checks the file formats (UTF-8 without BOM, `term freq tag` lines,
no comments, no duplicates, sorted by Unicode code point) and that
stopwords.txt and boilerplate.txt are sorted, duplicate-free, contain none
of a few protected content words, and (boilerplate) that every entry is a
single token under the dictionary so that filtering by it can work.

Exits 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jieba

DICT_DIR = Path(__file__).resolve().parent
USER_DICT = DICT_DIR / "user_dict.txt"
STOPWORDS = DICT_DIR / "stopwords.txt"
BOILERPLATE = DICT_DIR / "boilerplate.txt"

LINE_RE = re.compile(r"^(\S+) ([0-9]+) ([a-z]+)$")

# Content words that must never be dropped as stopwords.
PROTECTED_FROM_STOPWORDS = {
    "法治", "政府", "依法", "行政", "全面", "推进", "法", "区", "县", "市", "省",
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "百", "千", "万",
}
# Substantive topic words that must never be dropped as boilerplate.
PROTECTED_FROM_BOILERPLATE = {
    "行政复议", "行政执法", "法律援助", "营商环境", "合法性审查", "规范性文件",
    "行政规范性文件", "矛盾纠纷", "复议", "诉讼", "行政诉讼", "行政争议",
    "重大行政决策", "公共法律服务", "行政执法监督", "依法行政", "执法", "法治",
    "政府", "依法",
}


def read_lines(path: Path, problems: list[str]) -> list[str]:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{path.name}: starts with a UTF-8 BOM")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{path.name}: not valid UTF-8 ({exc})")
        return []
    if "\r" in text:
        problems.append(f"{path.name}: contains CR characters (use LF line ends)")
    if text and not text.endswith("\n"):
        problems.append(f"{path.name}: last line has no newline")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def check_word_list(path: Path, protected: set[str], problems: list[str]) -> list[str]:
    lines = read_lines(path, problems)
    words = []
    for i, line in enumerate(lines, 1):
        if not line.strip() or line != line.strip() or " " in line or "\t" in line:
            problems.append(f"{path.name}:{i}: expected one word per line, got {line!r}")
            continue
        words.append(line)
    if words != sorted(words):
        problems.append(f"{path.name}: not sorted by code point")
    dups = sorted({w for w in words if words.count(w) > 1})
    if dups:
        problems.append(f"{path.name}: duplicates {dups}")
    bad = sorted(protected & set(words))
    if bad:
        problems.append(f"{path.name}: contains protected content words {bad}")
    return words


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    jieba.setLogLevel(60)
    problems: list[str] = []

    # --- user_dict.txt format -------------------------------------------
    entries: list[tuple[str, int, str]] = []
    for i, line in enumerate(read_lines(USER_DICT, problems), 1):
        m = LINE_RE.match(line)
        if not m:
            problems.append(f"user_dict.txt:{i}: not `term freq tag`: {line!r}")
            continue
        entries.append((m.group(1), int(m.group(2)), m.group(3)))
    terms = [t for t, _, _ in entries]
    if terms != sorted(terms):
        problems.append("user_dict.txt: not sorted by term (code point order)")
    dups = sorted({t for t in terms if terms.count(t) > 1})
    if dups:
        problems.append(f"user_dict.txt: duplicate terms {dups}")

    # --- per-term checks --------------------------------------------------
    plain = jieba.Tokenizer()
    plain.initialize()
    with_dict = jieba.Tokenizer()
    with_dict.initialize()
    with_dict.load_userdict(str(USER_DICT))

    n_split = n_whole = 0
    failed_terms = []
    for term, freq, tag in entries:
        before = plain.lcut(term)  # accurate mode, HMM on
        after = with_dict.lcut(term)
        split = len(before) > 1
        whole = after == [term]
        n_split += split
        n_whole += whole
        ok = split and whole
        if not ok:
            failed_terms.append(term)
        if not quiet or not ok:
            print(
                f"{'OK  ' if ok else 'FAIL'} {term}\t"
                f"jieba-alone={'split' if split else 'WHOLE'}({'/'.join(before)})\t"
                f"with-dict={'whole' if whole else 'SPLIT(' + '/'.join(after) + ')'}"
            )
    if failed_terms:
        problems.append(f"user_dict.txt: {len(failed_terms)} term(s) failed: {failed_terms}")

    # --- word lists -------------------------------------------------------
    stop = check_word_list(STOPWORDS, PROTECTED_FROM_STOPWORDS, problems)
    boiler = check_word_list(BOILERPLATE, PROTECTED_FROM_BOILERPLATE, problems)
    not_tokens = [w for w in boiler if with_dict.lcut(w) != [w]]
    if not_tokens:
        problems.append(f"boilerplate.txt: not single tokens under the dictionary: {not_tokens}")
    overlap = sorted(set(stop) & set(boiler))
    if overlap:
        problems.append(f"stopwords.txt and boilerplate.txt overlap: {overlap}")

    # --- summary ----------------------------------------------------------
    print()
    print(f"user_dict.txt: {len(entries)} terms; split by jieba alone: {n_split}/{len(entries)}; "
          f"kept whole with dictionary: {n_whole}/{len(entries)}")
    print(f"stopwords.txt: {len(stop)} words; boilerplate.txt: {len(boiler)} words")
    if problems:
        print(f"FAILED ({len(problems)} problem(s)):")
        for p in problems:
            print(f"  - {p}")
        return 1
    print("ALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
