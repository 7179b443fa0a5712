"""Benchmark: emulation scoring of a year, on province-scale data.

Run: .venv/bin/python bench/emulation.py [--scale small|province] [--runs 3]
        [--database-url postgres://postgres@127.0.0.1:5432/some_empty_db]

Builds a throwaway SQLite database in a temporary folder under var/ (or uses the empty
database given), generates data with the dashboard's generator (`parcomms.dashboard.generate`,
scales from bench/dashboard.py: province = one organisation of 200 units, 20,000 staff,
100,000 articles over 10 years, 30,000 sessions with attendance), saves the default criteria
and measures, for the year 2023: gathering the records (time, queries), scoring and ranking
every unit and person, closing the period (frozen rows written), and the council's XLSX and
DOCX; with the peak Python memory (tracemalloc) of gather + score + export. Prints medians of
`--runs` runs. Not part of `make test`.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "province"], default="province")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="an empty database to use instead of SQLite")
    args = parser.parse_args()

    folder = None
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        (ROOT / "var").mkdir(exist_ok=True)
        folder = tempfile.mkdtemp(prefix="bench-emulation-", dir=ROOT / "var")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "parcomms.settings.test"
    try:
        run(args)
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def run(args):
    import django

    django.setup()
    from dashboard import SCALES
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import get_resolver

    setup_test_environment()
    assert get_resolver().url_patterns
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    from parcomms.dashboard.generate import Scale, generate
    from parcomms.emulation import export
    from parcomms.emulation.criteria import default_criteria
    from parcomms.emulation.ranking import rank_scores
    from parcomms.emulation.records import gather_for_period
    from parcomms.emulation.results import period_result
    from parcomms.emulation.scoring import score
    from parcomms.emulation.services import close_period, create_period, save_criteria
    from parcomms.org.models import Organisation, Unit
    from parcomms.org.roles import Role
    from parcomms.org.testing import make_person
    from parcomms.plans.services import import_plan_file

    org = Organisation.objects.create(
        name="Ủy ban nhân dân tỉnh (đo tải)",
        slug="bench",
        symbol="UBND",
        parent_authority="Ủy ban nhân dân tỉnh Ninh Thuận",
        place="Ninh Thuận",
    )
    first_unit = Unit.objects.create(organisation=org, name="Văn phòng (đo tải)")
    officer = make_person(
        org, first_unit, "bench-officer", "Chuyên viên đo tải", Role.REFORM_OFFICER
    )
    plan_file = ROOT / "examples" / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
    plan = import_plan_file(
        plan_file.read_bytes(), plan_file.name, organisation=org, acting_user=officer
    )
    started = time.perf_counter()
    counts = generate(org, plan, Scale(**SCALES[args.scale]))
    print(f"data generation: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    save_criteria(org, 2023, default_criteria(), acting_user=officer)
    period = create_period(org, "year", 2023, 1, acting_user=officer)
    criteria = default_criteria()

    figures: dict[str, list[float]] = {
        "gather_s": [],
        "score_rank_s": [],
        "xlsx_s": [],
        "docx_s": [],
    }
    queries = 0
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            facts = gather_for_period(period)
            t1 = time.perf_counter()
        queries = len(ctx.captured_queries)
        scores = score(facts, criteria)
        rank_scores(scores.units)
        rank_scores(scores.people, person=True)
        t2 = time.perf_counter()
        result = period_result(period)
        t3 = time.perf_counter()
        xlsx = export.xlsx_bytes(result)
        t4 = time.perf_counter()
        docx = export.docx_bytes(result)
        t5 = time.perf_counter()
        figures["gather_s"].append(t1 - t0)
        figures["score_rank_s"].append(t2 - t1)
        figures["xlsx_s"].append(t4 - t3)
        figures["docx_s"].append(t5 - t4)
    # Memory in a separate run: tracemalloc slows Python down several times.
    tracemalloc.start()
    export.docx_bytes(result := period_result(period))
    export.xlsx_bytes(result)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    t0 = time.perf_counter()
    close_period(period, acting_user=officer)
    close_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    closed = period_result(period)
    read_closed_s = time.perf_counter() - t0

    print(
        f"\nEmulation, {args.scale} data ({connection.vendor}): {counts['units']} units, "
        f"{counts['staff']:,} staff, {counts['articles']:,} articles, "
        f"{counts['sessions']:,} sessions, {counts['attendance']:,} attendance rows; year 2023\n"
        f"records of 2023: {len(facts.articles):,} articles, {len(facts.sessions):,} sessions, "
        f"{sum(len(s.attendance) for s in facts.sessions):,} attendance rows, "
        f"{len(facts.obligations):,} obligation verdicts; scored {len(closed.units)} units and "
        f"{len(closed.people):,} people\n"
    )
    for name, values in figures.items():
        label = name.rsplit("_", 1)[0]
        print(f"{label:<12} median {statistics.median(values):8.2f} s   max {max(values):8.2f} s")
    print(f"peak Python memory (gather + score + XLSX + DOCX): {peak / 1e6:.0f} MB")
    print(f"gather queries: {queries}")
    print(
        f"close (compute + write frozen rows): {close_s:.2f} s; read closed result: {read_closed_s:.2f} s"
    )
    print(f"XLSX {len(xlsx) / 1e6:.1f} MB, DOCX {len(docx) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
