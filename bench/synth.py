"""Synthetic corpora for the benchmark and the scale tests, recombined from the seed reports.

Each report takes the preamble and level-1 parts of random seed reports
(achievements, duties, shortcomings, plans, about 10,000 characters in all),
names a district from :data:`DISTRICTS` instead of the seed's, shifts every
year to the report's year (2015–2025), perturbs other numbers, and is written
as a web-page text file with a metadata header (索引号 with an id such as
K1493206-6/2025-32587, 发布日期 2025-02-07) the cleaner must remove. Some
reports carry full-width digits and numbers with thousands separators.
Deterministic for a given ``seed``.

Examples
--------
>>> from bench.synth import write_corpus  # doctest: +SKIP
>>> write_corpus("bench/out/raw-100", 100)  # doctest: +SKIP
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import polars as pl

#: Districts and counties (Zhejiang and Jiangsu) the generated reports are attributed to.
DISTRICTS: tuple[str, ...] = (
    "上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区",
    "桐庐县", "淳安县", "海曙区", "江北区", "北仑区", "镇海区", "鄞州区", "奉化区", "象山县", "宁海县",
    "鹿城区", "龙湾区", "瓯海区", "洞头区", "永嘉县", "平阳县", "苍南县", "文成县", "泰顺县", "吴兴区",
    "南浔区", "德清县", "长兴县", "安吉县", "南湖区", "秀洲区", "嘉善县", "海盐县", "越城区", "柯桥区",
    "上虞区", "新昌县", "婺城区", "金东区", "武义县", "浦江县", "磐安县", "柯城区", "衢江区", "常山县",
    "开化县", "龙游县", "定海区", "普陀区", "岱山县", "嵊泗县", "椒江区", "黄岩区", "路桥区", "三门县",
    "天台县", "仙居县", "莲都区", "青田县", "缙云县", "遂昌县", "松阳县", "云和县", "庆元县", "景宁畲族自治县",
    "玄武区", "秦淮区", "建邺区", "鼓楼区", "浦口区", "栖霞区", "雨花台区", "江宁区", "六合区", "溧水区",
    "高淳区", "锡山区", "惠山区", "滨湖区", "梁溪区", "新吴区", "姑苏区", "吴中区", "相城区", "吴江区",
    "虎丘区", "天宁区", "钟楼区", "新北区", "武进区", "金坛区", "崇川区", "通州区", "海门区", "如东县",
)
_SEED_PLACES = ("宁波高新区", "拱墅区", "椒江区", "上城区", "余杭区", "高新区")
_SEED_SHORT = ("拱墅", "椒江", "上城", "余杭")
_CN_NUM = "一二三四五六七八九十"
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
_NUMBER = re.compile(r"(?<![\d.])(\d{2,3}(?:\.\d{1,2})?)(?![\d.])")
_L1_LABEL = re.compile(r"^[一二三四五六七八九十]+、")


def _pools(source: str | Path) -> tuple[list[tuple[int, str]], dict[str, list[tuple[int, str]]]]:
    """Seed preambles and level-1 parts by kind, each with its report's year (``source`` None: the project's data/raw)."""
    import workbench as wb

    corpus = wb.load_corpus(source)
    years = dict(corpus.documents.select("doc_id", "year").iter_rows())
    secs = corpus.sections
    pre = [(years[d], t) for d, t in secs.filter(pl.col("level") == 0).select("doc_id", "text").iter_rows()]
    parts: dict[str, list[tuple[int, str]]] = {}
    for d, kind, text in secs.filter((pl.col("level") == 1) & (pl.col("label") != "")).select("doc_id", "kind", "text").iter_rows():
        if kind != "other":
            parts.setdefault(kind, []).append((years[d], text))
    return pre, parts


def _rewrite(text: str, rng: random.Random, district: str, shift: int) -> str:
    for place in _SEED_PLACES:
        text = text.replace(place, district)
    short = district[:-1] if len(district) > 2 else district
    for place in _SEED_SHORT:
        text = text.replace(place, short)
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)

    def perturb(m: re.Match[str]) -> str:
        s = m.group(1)
        if m.start() > 0 and text[m.start() - 1] in "\n(":
            return s  # a section marker such as 12. or (12)
        v = float(s) * rng.uniform(0.6, 1.4)
        return f"{v:.{len(s.split('.')[1])}f}" if "." in s else str(max(10, round(v)))

    return _NUMBER.sub(perturb, text)


def report_text(rng: random.Random, pre: list, parts: dict, district: str, year: int, *, target: int = 10_000) -> str:
    """One synthetic report file's text (header, title, body)."""
    body: list[str] = []
    y0, text = rng.choice(pre)
    body.append(_rewrite(text, rng, district, year - y0))
    plan = ["achievements", "achievements", "duties", "shortcomings", "plans"]
    chosen = [(k, rng.choice(parts[k])) for k in plan if k in parts]
    n = sum(len(t) for _, (_, t) in chosen)
    while n < target and "achievements" in parts:  # more achievements until the report is long enough
        extra = rng.choice(parts["achievements"])
        chosen.insert(1, ("achievements", extra))
        n += len(extra[1])
    for i, (_, (y0, text)) in enumerate(chosen):
        numeral = _CN_NUM[i] if i < 10 else "十" + _CN_NUM[i - 10]
        body.append(_L1_LABEL.sub(numeral + "、", _rewrite(text, rng, district, year - y0)))
    if rng.random() < 0.3:
        body.insert(2, f"全年办理行政复议案件{rng.randint(1, 9)},{rng.randint(100, 999)}件,涉及金额{rng.randint(10, 99)},{rng.randint(100, 999)}.{rng.randint(1, 9)}万元,案卷编号ZJ-{year}-{rng.randint(1, 999):04d}。")
    text = "\n".join(body)
    if rng.random() < 0.2:  # a page that prints its digits full-width
        text = text.translate(_FULLWIDTH)
    d = rng.randint(1, 28)
    m = rng.randint(1, 3)
    header = [
        f"索引号: K{rng.randint(1_000_000, 9_999_999)}-{rng.randint(1, 9)}/{year + 1}-{rng.randint(10_000, 99_999)}",
        f"发布机构: {district}人民政府办公室",
        "",
        f"{district}关于{year}年度法治政府建设情况的报告",
        f"发布日期: {year + 1}-{m:02d}-{d:02d}",
        "",
    ]
    return "\n".join(header) + text + "\n"


def write_corpus(folder: str | Path, n: int, *, seed: int = 0, source: str | Path | None = None) -> Path:
    """Write ``n`` synthetic reports ``r00000.txt`` … into ``folder`` (emptied first); return the folder.

    Reports are attributed to (district, year) pairs such that the first 100
    name every district of :data:`DISTRICTS` once and the first 1,100 are
    distinct pairs.
    """
    rng = random.Random(seed)
    pre, parts = _pools(source)
    # round r gives every district one year (its r-th, in a shuffled order): the first
    # len(DISTRICTS) reports name every district once, the first 1,100 are distinct pairs
    years = {d: rng.sample(range(2015, 2026), 11) for d in DISTRICTS}
    pairs = []
    for r in range(11):
        order = list(DISTRICTS)
        rng.shuffle(order)
        pairs += [(d, years[d][r]) for d in order]
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i in range(n):
        district, year = pairs[i % len(pairs)]
        (folder / f"r{i:05d}.txt").write_text(report_text(rng, pre, parts, district, year), encoding="utf-8")
    return folder


def replicate_corpus(real: str | Path, folder: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` reports into ``folder`` (emptied first) by replicating the real reports in ``real``; return the folder.

    Every report is written as UTF-8 text (``.txt``): the text the reader
    decodes from the real file (GBK, HTML and Word files included), so the
    benchmark's edit of one report works on any corpus. The first pass writes
    each readable report once, unchanged, under its own stem. Later passes
    write report ``k`` as ``k:05d_<stem>.txt`` with every other number of two
    or three digits perturbed (seeded; never a section marker such as 12. or
    (12), nor a part of a date, time or id after ``-``, ``:`` or ``/``), so
    that its layout, vocabulary and length stay the real report's. A copy
    whose cleaned body still equals an earlier one (the perturbed numbers were
    all in page chrome the cleaner removes) gets a sentence naming the copy
    at its end; the build keeps one of two identical texts, so every copy
    must differ. Names keep the original stem, so metadata read from file
    names still applies.

    Examples
    --------
    >>> from bench.synth import replicate_corpus  # doctest: +SKIP
    >>> replicate_corpus("tests/real/shenzhen-work-reports", "bench/out/real-1000", 1000)  # doctest: +SKIP
    """
    from workbench.cleaning import clean
    from workbench.readers import ReadError, read_raw, supported

    real = Path(real)
    if not real.is_dir():
        msg = f"bench: the real corpus '{real}' is not a folder; expected a folder of report files (BENCH_REAL)"
        raise FileNotFoundError(msg)
    texts: list[tuple[str, str]] = []
    stems: set[str] = set()
    for path in sorted(real.iterdir()):
        if not path.is_file() or path.name.startswith(".") or not supported(path):
            continue
        try:
            text = read_raw(path).text
        except ReadError:
            continue
        stem = path.stem if path.stem not in stems else path.name  # a.txt and a.html: two names
        stems.add(stem)
        texts.append((stem, text))
    if not texts:
        msg = f"bench: no readable report files in {real}"
        raise ValueError(msg)
    rng = random.Random(seed)
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    seen: set[str] = set()
    for k in range(n):
        stem, text = texts[k % len(texts)]
        if k < len(texts):
            copy, name = text, f"{stem}.txt"
        else:
            flip = [True]

            def perturb(m: re.Match[str], text: str = text) -> str:
                s = m.group(1)
                flip[0] = not flip[0]
                before = text[m.start() - 1] if m.start() > 0 else "\n"
                if flip[0] or before in "\n(（-:：/":
                    return s
                v = float(s) * rng.uniform(0.6, 1.4)
                return f"{v:.{len(s.split('.')[1])}f}" if "." in s else str(max(10, round(v)))

            copy, name = _NUMBER.sub(perturb, text), f"{k:05d}_{stem}.txt"
        body = clean(copy).body
        if k >= len(texts) and body in seen:
            copy = copy.rstrip("\n") + f"\n本文件为基准测试的第{k}份副本。\n"
            body = clean(copy).body
        seen.add(body)
        (folder / name).write_text(copy, encoding="utf-8")
    return folder
