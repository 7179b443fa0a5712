"""Accuracy of the content-area suggestions on the labelled set.

    .venv/bin/python bench/suggest_accuracy.py

Builds the TF-IDF model from the example plan's seven content areas and ranks each labelled
news item (parcomms/content/tests/suggest_data.py); prints top-1 / top-3 accuracy, the per-area
figures and the misses with the terms the model matched.
"""

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parcomms.content.suggest import SuggestionModel  # noqa: E402
from parcomms.content.tests.suggest_data import LABELLED  # noqa: E402
from parcomms.plans.parsing import parse_plan  # noqa: E402

PLAN = ROOT / "examples" / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"


def main():
    topics = [(t.label, t.title, t.items) for t in parse_plan(PLAN.read_bytes()).topics]
    started = time.perf_counter()
    model = SuggestionModel.build(topics)
    built = time.perf_counter() - started
    top1 = top3 = 0
    per_area, hits = Counter(), Counter()
    misses = []
    started = time.perf_counter()
    for expected, text in LABELLED:
        ranked = model.suggest(text, limit=3)
        labels = [s.label for s in ranked]
        ok1 = bool(labels) and labels[0] in expected
        top1 += ok1
        top3 += any(label in expected for label in labels)
        per_area[expected[0]] += 1
        hits[expected[0]] += ok1
        if not ok1:
            misses.append((expected, ranked, text))
    elapsed = time.perf_counter() - started
    n = len(LABELLED)
    print(f"labelled items: {n}; content areas: {len(topics)}; vocabulary: {len(model.idf)} terms")
    print(f"top-1 accuracy: {top1}/{n} = {top1 / n:.1%}")
    print(f"top-3 accuracy: {top3}/{n} = {top3 / n:.1%}")
    print("top-1 per area: " + ", ".join(f"{a}) {hits[a]}/{per_area[a]}" for a in per_area))
    print(f"model built in {built * 1000:.1f} ms; {n} suggestions in {elapsed * 1000:.1f} ms")
    for expected, ranked, text in misses:
        got = "; ".join(f"{s.label} {s.score:.2f} [{s.reason}]" for s in ranked) or "—"
        print(f"  miss: expected {'/'.join(expected)}, got {got}\n        {text[:90]}…")


if __name__ == "__main__":
    main()
