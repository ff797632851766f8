"""Cost of the cache's checksums on a cached load: ``python bench/verify_cost.py [--src DIR] [--rounds N]``.

Loads an already built corpus (default ``bench/out/raw-1000``, cache in
``WORKBENCH_PROCESSED_DIR``, default ``bench/out/processed-1000``: run
``make bench BENCH_SIZES=1000`` first) in one process, alternating a normal
load with one whose checksum pass (``workbench.integrity.verify_many``) is
replaced by a no-op; the record checks, row totals and doc_ids are done in
both. Prints the median and fastest wall time, the median CPU time, and the
ratios. docs/reliability.md quotes a run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=str(ROOT / "bench" / "out" / "raw-1000"))
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args(argv)
    os.environ.setdefault("WORKBENCH_PROCESSED_DIR", str(ROOT / "bench" / "out" / "processed-1000"))
    sys.path.insert(0, str(ROOT))
    import workbench as wb
    from workbench import integrity

    real = integrity.verify_many
    first = wb.load_corpus(args.src, progress=False)  # builds if needed; warms the page cache
    n = first.documents.height
    del first
    wall: dict[str, list[float]] = {"with checksums": [], "without": []}
    cpu: dict[str, list[float]] = {"with checksums": [], "without": []}
    for _ in range(args.rounds):
        for mode in wall:
            integrity.verify_many = real if mode == "with checksums" else (lambda jobs: None)
            t, c = time.perf_counter(), time.process_time()
            corpus = wb.load_corpus(args.src, progress=False)
            wall[mode].append(time.perf_counter() - t)
            cpu[mode].append(time.process_time() - c)
            assert corpus.documents.height == n and corpus.problems.filter(corpus.problems["source_file"] == "cache").height == 0
            del corpus
    integrity.verify_many = real
    for mode in wall:
        print(
            f"{mode:>15}: median {statistics.median(wall[mode]):.3f} s, fastest {min(wall[mode]):.3f} s, "
            f"median CPU {statistics.median(cpu[mode]):.3f} s ({n} reports, {args.rounds} loads)"
        )
    w, o = wall["with checksums"], wall["without"]
    print(f"ratio: median {statistics.median(w) / statistics.median(o):.2f}, fastest {min(w) / min(o):.2f}, "
          f"CPU {statistics.median(cpu['with checksums']) / statistics.median(cpu['without']):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
