"""Benchmark: time and peak memory of the plan parser on the reference plan.

Run: .venv/bin/python bench/plan_parser.py [--runs 50]
Prints median and p95 time per parse (text and .docx forms) and the peak traced memory
of one parse. Not part of `make test`.
"""

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parcomms.plans.export import export_plan_docx  # noqa: E402
from parcomms.plans.parsing import parse_plan  # noqa: E402

PLAN = ROOT / "examples" / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"


def measure(data: bytes, name: str, runs: int) -> dict:
    parse_plan(data, name)  # warm up imports and regex caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_plan(data, name)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    parse_plan(data, name)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times.sort()
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
        "peak_kib": peak / 1024,
        "bytes": len(data),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()
    text = PLAN.read_bytes()
    docx = export_plan_docx(parse_plan(text, PLAN.name))
    big = text * 50
    for label, data, name in [
        ("reference plan (.txt)", text, PLAN.name),
        ("reference plan (.docx)", docx, "plan.docx"),
        ("50 × reference text (.txt)", big, "big.txt"),
    ]:
        r = measure(data, name, args.runs if len(data) < 100_000 else max(3, args.runs // 10))
        print(
            f"{label:<28} {r['bytes'] / 1024:8.1f} KiB  median {r['median_ms']:8.1f} ms  "
            f"p95 {r['p95_ms']:8.1f} ms  peak memory {r['peak_kib'] / 1024:6.1f} MiB"
        )


if __name__ == "__main__":
    main()
