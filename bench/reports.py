"""Benchmark: time and peak memory (tracemalloc) to build the annual communication report.

Run: .venv/bin/python bench/reports.py [--scale small|province] [--runs 3]

Builds a throwaway SQLite database in a temporary folder, imports the example plan and the
indicator history, generates data with the dashboard's generator (`parcomms.dashboard.generate`,
scales from bench/dashboard.py: province = one organisation of 200 units, 20,000 staff,
100,000 articles over 10 years, 30,000 sessions), then builds the 2023 annual report
(figures for 2023 and 2022, DOCX with charts, XLSX annex) for that organisation: its unit
table and chart cover all 200 units. PDF is left out (LibreOffice's time, not ours).
Not part of `make test`.
"""

import argparse
import os
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
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small", choices=["small", "province"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", help="folder of an earlier run (its data is kept there)")
    args = parser.parse_args()
    folder = args.reuse or tempfile.mkdtemp(prefix="bench-reports-")
    print(f"database folder: {folder}")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["PARCOMMS_VAR_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "parcomms.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from parcomms.org.models import Organisation, Unit
    from parcomms.reports import registry, render
    from parcomms.reports.periods import parse_period
    from parcomms.reports.registry import BuildContext

    call_command("migrate", verbosity=0, interactive=False)
    org = Organisation.objects.filter(slug="bench").first()
    if org is None:
        org = _generate(args.scale)
    builder = registry.get("communication")
    period = parse_period("2023")
    times, queries = [], []
    for _ in range(args.runs):
        begin = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            built = builder.build(BuildContext(organisation=org, period=period, sections={}))
            docx = render.docx_bytes(built)
            xlsx = render.xlsx_bytes(built)
        times.append(time.perf_counter() - begin)
        queries.append(len(ctx.captured_queries))
    tracemalloc.start()  # a separate run: tracing slows Python down several times
    built = builder.build(BuildContext(organisation=org, period=period, sections={}))
    render.docx_bytes(built), render.xlsx_bytes(built)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    units = len(built.figures["current"]["articles"]["by_unit"])
    print(
        f"annual report 2023, one organisation ({Unit.objects.filter(organisation=org).count()}"
        f" units, {units} with articles): median {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s, peak memory {peak / 2**20:.1f} MiB, "
        f"{max(queries)} queries, DOCX {len(docx) // 1024} KiB, XLSX {len(xlsx) // 1024} KiB"
    )


def _generate(scale_name):
    from dashboard import SCALES

    from parcomms.dashboard.generate import Scale, generate
    from parcomms.indicators.services import load_reference_history
    from parcomms.org.models import Organisation, Unit
    from parcomms.org.roles import Role
    from parcomms.org.testing import make_person
    from parcomms.plans.services import import_plan_file

    org = Organisation.objects.create(
        name="Ủy ban nhân dân tỉnh (đo tải)", slug="bench", symbol="UBND",
        parent_authority="Ủy ban nhân dân tỉnh Ninh Thuận",
    )  # fmt: skip
    unit = Unit.objects.create(organisation=org, name="Văn phòng (đo tải)")
    leader = make_person(org, unit, "bench-leader", "Lãnh đạo đo tải", Role.LEADERSHIP)
    plan_file = ROOT / "examples" / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
    plan = import_plan_file(
        plan_file.read_bytes(), plan_file.name, organisation=org, acting_user=leader
    )
    load_reference_history(organisation=org, acting_user=leader)
    begin = time.perf_counter()
    counts = generate(org, plan, Scale(**SCALES[scale_name]))
    print(f"data ({scale_name}): {counts} in {time.perf_counter() - begin:.1f} s")

    return org


if __name__ == "__main__":
    main()
