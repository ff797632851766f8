"""Benchmark of the corpus build at scale: ``make bench`` (or ``python bench/run.py``).

For each size N (``BENCH_SIZES``, default ``100,1000,5000``) it writes a
synthetic corpus of N reports (:mod:`bench.synth`) to ``bench/out/raw-N`` and
measures, each in a fresh Python process with its own cache folder
``bench/out/processed-N`` (``WORKBENCH_PROCESSED_DIR``):

* cold build: time (median of ``BENCH_COLD_RUNS`` builds, default 3, each from an
  empty cache), MB/s of cleaned text, peak memory (RSS of the largest single
  process, this one or a worker, the largest of the runs);
* raw ``jieba.lcut`` (reference engine, one process) over the same cleaned
  sentences, run right after each cold build (so ``BENCH_COLD_RUNS`` times;
  the median is reported), and the ratio build / raw jieba: the median of
  the ratios of each cold build to the jieba run that followed it (so the
  two time columns, medians taken apart, need not divide to it). A pair is
  measured within a few minutes; the machine's speed drifts by up to about
  20 % over several minutes, and a ratio of two runs far apart carries that drift.
  Above ``BENCH_JIEBA_MAX_DOCS`` (1,000) documents jieba cuts every k-th
  document and its time is scaled by the share of the text it cut (jieba's
  time is linear in the text);
* cached load (median of three calls);
* incremental rebuild after one report changed, in a fresh process (which
  loads the dictionaries first) and in a warm one (a session that has
  segmented before), and that report's share of the cold build (cold time / N);
* at N = 1,000 (``BENCH_NOTEBOOKS``, default 1000): the time to execute every
  notebook in ``notebooks/`` with papermill, ``-p source bench/out/raw-N``
  (each stopped after ``BENCH_NOTEBOOK_TIMEOUT`` seconds, default 600);
* at N = 1,000 (``BENCH_POOLS``, default 1000): the cold build again in one
  process (``workers=1``) and in parallel (the default), each from an empty cache.

With ``BENCH_REAL=DIR`` (or ``--real DIR``), every size is measured a second
time, the same way, on real reports: the files of DIR replicated to N reports
under new names (:func:`bench.synth.replicate_corpus`: the first pass byte for
byte, later passes with numbers perturbed so no text repeats), in
``bench/out/real-N``. The synthetic corpus stays the default.

Results are printed as a Markdown table and saved to ``bench/out/results.md``
and ``bench/out/results.json``. Timings on a shared machine are noisy: compare
ratios, and re-run before drawing conclusions.

Examples
--------
$ make bench BENCH_SIZES=100,1000
$ make bench BENCH_REAL=tests/real/shenzhen-work-reports
$ .venv/bin/python bench/run.py --sizes 100
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Cold builds per size (``BENCH_COLD_RUNS``); the median is reported: one build on a shared machine is noisy.
COLD_RUNS = max(1, int(os.environ.get("BENCH_COLD_RUNS", "3")))
OUT = ROOT / "bench" / "out"
PY = sys.executable

# ----------------------------------------------------------------------------- child tasks
# Each runs in its own interpreter and prints one JSON line.


def _peak_rss_mb() -> float:
    import multiprocessing
    import resource

    for child in multiprocessing.active_children():  # a build's workers exit on their own after it returns: wait, so they count
        child.join()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # ru_maxrss is in KiB on Linux


def _child(task: str, src: str, parallel: str | None, jieba_max_docs: int = 0) -> dict:
    import workbench as wb

    workers = 1 if parallel == "serial" else None
    if task == "cold":
        t = time.perf_counter()
        c = wb.load_corpus(src, progress=False, workers=workers)
        seconds = time.perf_counter() - t
        return {
            "seconds": seconds,
            "docs": c.documents.height,
            "tokens": c.tokens.height,
            "mb": sum(len(t.encode()) for t in c.documents["text"]) / 1e6,
            "rss_mb": _peak_rss_mb(),
        }
    if task == "cached":
        times = []
        for _ in range(3):
            t = time.perf_counter()
            c = wb.load_corpus(src, progress=False)
            times.append(time.perf_counter() - t)
            del c
        return {"seconds": statistics.median(times), "all": times, "rss_mb": _peak_rss_mb()}
    if task == "incremental":  # in a fresh process: includes loading the dictionaries
        t = time.perf_counter()
        wb.load_corpus(src, progress=False)
        return {"seconds": time.perf_counter() - t}
    if task == "incremental_warm":  # in a session that has segmented before (dictionaries loaded)
        wb.load_corpus(ROOT / "data" / "raw", cache=False, progress=False)
        t = time.perf_counter()
        wb.load_corpus(src, progress=False)
        return {"seconds": time.perf_counter() - t}
    if task == "jieba":
        import logging

        import jieba

        c = wb.load_corpus(src, progress=False)  # cached: the same cleaned text the build cut, sentence by sentence
        docs = c.documents["doc_id"].to_list()
        sample = docs
        if jieba_max_docs and len(docs) > jieba_max_docs:  # every k-th document, timing scaled by text size
            sample = docs[:: -(-len(docs) // jieba_max_docs)]
        texts = c.sentences.filter(c.sentences["doc_id"].is_in(sample))["text"].to_list()
        share = sum(map(len, texts)) / sum(map(len, c.sentences["text"].to_list()))
        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        tk.initialize()
        from workbench import config

        if config.USER_DICT.exists():
            tk.load_userdict(str(config.USER_DICT))
        t = time.perf_counter()
        n = sum(len(tk.lcut(s, HMM=True)) for s in texts)
        seconds = time.perf_counter() - t
        return {"seconds": seconds / share, "measured_seconds": seconds, "share": share, "tokens_with_spaces": n}
    msg = f"bench: unknown child task {task!r}"
    raise ValueError(msg)


def run_child(task: str, src: Path, processed: Path, *, parallel: str | None = None, jieba_max_docs: int = 0) -> dict:
    env = dict(os.environ, WORKBENCH_PROCESSED_DIR=str(processed), PYTHONPATH=str(ROOT))
    cmd = [PY, str(Path(__file__).resolve()), "--child", task, "--src", str(src)]
    if parallel:
        cmd += ["--parallel", parallel]
    if jieba_max_docs:
        cmd += ["--jieba-max-docs", str(jieba_max_docs)]
    res = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        msg = f"bench: child task {task} failed:\n{res.stderr[-3000:]}"
        raise RuntimeError(msg)
    return json.loads(res.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- parent


def change_one_report(src: Path, which: int = 0) -> Path:
    """Edit one report in place (a sentence added to its body); return its path."""
    files = sorted(src.glob("*.txt"))
    path = files[(len(files) // 2 + which) % len(files)]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n全年新增行政规范性文件备案审查12件。\n", encoding="utf-8")
    return path


def time_notebooks(src: Path, processed: Path, *, timeout: float) -> dict:
    """Execute every notebook with papermill, source = the corpus folder; total seconds, failures, timeouts."""
    out_dir = OUT / f"notebooks-{src.name}"
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, WORKBENCH_PROCESSED_DIR=str(processed))
    papermill = Path(PY).parent / "papermill"
    results = {}
    total = 0.0
    for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        t = time.perf_counter()
        proc = subprocess.Popen(
            [str(papermill), str(nb), str(out_dir / nb.name), "-p", "source", str(src), "--cwd", str(ROOT / "notebooks"),
             "--no-progress-bar", "--kernel", "python3"],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        try:
            _, err = proc.communicate(timeout=timeout)
            status = "ok" if proc.returncode == 0 else "failed"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # papermill and its kernel (their own session)
            _, err = proc.communicate()
            status = "timeout"
        seconds = time.perf_counter() - t
        total += seconds
        results[nb.name] = {"seconds": seconds, "ok": status == "ok", "status": status, "error": err[-800:] if status != "ok" else ""}
    return {"seconds": total, "notebooks": results}


def bench_size(
    n: int, *, notebooks: bool, pools: bool, jieba_max_docs: int, notebook_timeout: float, real: Path | None = None
) -> dict:
    """Measure one size on the synthetic corpus, or (``real``) on that folder's reports replicated to ``n``."""
    sys.path.insert(0, str(ROOT))
    from bench.synth import replicate_corpus, write_corpus

    kind = "synthetic" if real is None else "real"
    src = OUT / (f"raw-{n}" if real is None else f"real-{n}")
    processed = OUT / (f"processed-{n}" if real is None else f"processed-real-{n}")
    t = time.perf_counter()
    if real is None:
        write_corpus(src, n)
    else:
        replicate_corpus(real, src, n)
    gen = time.perf_counter() - t
    raw_mb = sum(p.stat().st_size for p in src.iterdir()) / 1e6
    shutil.rmtree(processed, ignore_errors=True)
    row: dict = {"n": n, "corpus": kind if real is None else f"real: {real.name}", "raw_mb": raw_mb, "generate_s": gen}
    print(f"[{kind} N={n}] corpus written ({raw_mb:.1f} MB of files, {gen:.1f} s); cold build and raw jieba ×{COLD_RUNS} …", flush=True)
    colds, jiebas = [], []
    for _ in range(COLD_RUNS):  # each build from an empty cache, then raw jieba on what it built: one pair
        shutil.rmtree(processed, ignore_errors=True)
        colds.append(run_child("cold", src, processed))
        jiebas.append(run_child("jieba", src, processed, jieba_max_docs=jieba_max_docs))
        print(f"[{kind} N={n}] cold {colds[-1]['seconds']:.1f} s, raw jieba {jiebas[-1]['seconds']:.1f} s", flush=True)
    row.update(pair_summary(colds, jiebas))
    row["cached"] = run_child("cached", src, processed)
    changed = change_one_report(src)
    row["changed_file"] = changed.name
    row["incremental"] = run_child("incremental", src, processed)
    change_one_report(src, 1)
    row["incremental_warm"] = run_child("incremental_warm", src, processed)
    print(
        f"[{kind} N={n}] cached {row['cached']['seconds']:.2f} s, incremental {row['incremental']['seconds']:.2f} s "
        f"(warm {row['incremental_warm']['seconds']:.2f} s)",
        flush=True,
    )
    if pools:
        for parallel in ("serial", "parallel"):
            other = OUT / f"{processed.name}-{parallel}"
            shutil.rmtree(other, ignore_errors=True)
            row[f"cold_{parallel}"] = run_child("cold", src, other, parallel=parallel)
            shutil.rmtree(other, ignore_errors=True)
            print(f"[{kind} N={n}] cold with {parallel}: {row[f'cold_{parallel}']['seconds']:.1f} s", flush=True)
    if notebooks:
        print(f"[{kind} N={n}] notebooks …", flush=True)
        row["notebooks"] = time_notebooks(src, processed, timeout=notebook_timeout)
    return row


def _median_run(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def pair_summary(colds: list[dict], jiebas: list[dict]) -> dict:
    """The cold build and raw jieba columns of a row from runs taken in pairs (a cold build, then jieba).

    The reported cold build is the median run (with the largest peak of all
    runs), raw jieba the median jieba run, and ``ratio`` the median of the
    pairs' ratios (not the ratio of the medians: a pair shares the machine's
    speed of the moment). For an even number of runs each is the higher of
    the two middle values.

    Examples
    --------
    >>> r = pair_summary([{"seconds": 6.0, "rss_mb": 900}, {"seconds": 5.0, "rss_mb": 950}, {"seconds": 7.0, "rss_mb": 920}],
    ...                  [{"seconds": 60.0}, {"seconds": 48.0}, {"seconds": 64.0}])
    >>> r["cold"], r["jieba"]["seconds"], [round(x, 4) for x in r["ratios"]], round(r["ratio"], 4)
    ({'seconds': 6.0, 'rss_mb': 950}, 60.0, [0.1, 0.1042, 0.1094], 0.1042)
    """
    ratios = [c["seconds"] / j["seconds"] for c, j in zip(colds, jiebas)]
    return {
        "cold": {**_median_run(colds), "rss_mb": max(c["rss_mb"] for c in colds)},
        "cold_all": [c["seconds"] for c in colds],
        "jieba": {**_median_run(jiebas), "all": [j["seconds"] for j in jiebas]},
        "ratios": ratios,
        "ratio": statistics.median_high(ratios),
    }


def table(rows: list[dict]) -> str:
    head = (
        "| corpus | N | reports | text MB | tokens | cold build s | MB/s | raw jieba s | build / jieba (median of pairs) | peak RSS MB | cached load s "
        "| incremental s (fresh / warm) | one report's share s | cached load peak RSS MB | notebooks s |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        cold, jb = r["cold"], r["jieba"]
        nb = r.get("notebooks")
        nb_cell = "–" if nb is None else f"{nb['seconds']:.0f}" + ("" if all(v["ok"] for v in nb["notebooks"].values()) else " (not all ran)")
        jb_cell = f"{jb['seconds']:.1f}" + ("" if jb.get("share", 1) == 1 else f" ({jb['share']:.0%} measured)")
        lines.append(
            f"| {r.get('corpus', 'synthetic')} | {r['n']:,} | {cold['docs']:,} | {cold['mb']:.1f} | {cold['tokens']:,} | {cold['seconds']:.1f} | {cold['mb'] / cold['seconds']:.2f} "
            f"| {jb_cell} | {r.get('ratio', cold['seconds'] / jb['seconds']):.3f} | {cold['rss_mb']:.0f} | {r['cached']['seconds']:.2f} "
            f"| {r['incremental']['seconds']:.2f} / {r['incremental_warm']['seconds']:.2f} | {cold['seconds'] / r['n']:.3f} "
            f"| {r['cached'].get('rss_mb', float('nan')):.0f} | {nb_cell} |"
        )
    paired = [r for r in rows if r.get("ratios")]
    if paired:
        lines.append("")
        lines.append("Build / jieba is the median of the pairs' ratios (each cold build, then raw jieba right after it): " + "; ".join(
            f"{r.get('corpus', 'synthetic')} {r['n']:,}: " + ", ".join(f"{c:.1f}/{j:.1f} = {c / j:.3f}" for c, j in zip(r["cold_all"], r["jieba"]["all"]))
            for r in paired) + ".")
    extra = [r for r in rows if "cold_serial" in r]
    for r in extra:
        lines.append("")
        lines.append(
            f"Cold build at N = {r['n']:,} ({r.get('corpus', 'synthetic')}) again: in one process (workers=1) {r['cold_serial']['seconds']:.1f} s "
            f"(peak {r['cold_serial']['rss_mb']:.0f} MB), in parallel (the default) {r['cold_parallel']['seconds']:.1f} s "
            f"(peak {r['cold_parallel']['rss_mb']:.0f} MB)."
        )
    for r in rows:
        if r.get("notebooks"):
            lines.append("")
            lines.append(f"Notebooks at N = {r['n']:,} ({r.get('corpus', 'synthetic')}): " + ", ".join(
                f"{k} {v['seconds']:.0f} s{'' if v['ok'] else ' (' + v['status'] + ')'}" for k, v in r["notebooks"]["notebooks"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "100,1000,5000"))
    ap.add_argument("--notebooks", default=os.environ.get("BENCH_NOTEBOOKS", "1000"), help="sizes at which to time the notebooks")
    ap.add_argument("--pools", default=os.environ.get("BENCH_POOLS", "1000"), help="sizes at which to compare one process with the parallel build")
    ap.add_argument("--jieba-max-docs", type=int, default=int(os.environ.get("BENCH_JIEBA_MAX_DOCS", "1000")),
                    help="raw jieba on at most this many documents (every k-th), its time scaled to the whole corpus")
    ap.add_argument("--notebook-timeout", type=float, default=float(os.environ.get("BENCH_NOTEBOOK_TIMEOUT", "600")))
    ap.add_argument("--real", default=os.environ.get("BENCH_REAL") or None,
                    help="folder of real reports: measure every size on them too, replicated to N (see bench.synth.replicate_corpus)")
    ap.add_argument("--child")
    ap.add_argument("--src")
    ap.add_argument("--parallel")
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.src, args.parallel, args.jieba_max_docs)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    nb_sizes = {int(s) for s in args.notebooks.split(",") if s.strip()}
    pool_sizes = {int(s) for s in args.pools.split(",") if s.strip()}
    OUT.mkdir(parents=True, exist_ok=True)
    real = Path(args.real).expanduser().resolve() if args.real else None
    if real is not None and not real.is_dir():
        print(f"bench: BENCH_REAL '{args.real}' is not a folder; expected a folder of report files", file=sys.stderr)
        return 2
    rows = []
    for corpus in [None] if real is None else [None, real]:
        for n in sizes:
            rows.append(
                bench_size(
                    n, notebooks=n in nb_sizes, pools=n in pool_sizes, jieba_max_docs=args.jieba_max_docs,
                    notebook_timeout=args.notebook_timeout, real=corpus,
                )
            )
            (OUT / "results.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    text = f"Benchmark on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}\n\n" + table(rows)
    (OUT / "results.md").write_text(text + "\n", encoding="utf-8")
    print()
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
