"""Benchmark: the dashboard on province-scale data, on SQLite and on PostgreSQL.

Run: .venv/bin/python bench/dashboard.py [--runs 15] [--backends sqlite,postgres]
        [--scale province|small] [--pg postgres://postgres@127.0.0.1:5432/postgres]

For each backend it builds a throwaway database (a SQLite file in a temporary folder; a new
PostgreSQL database, dropped afterwards), migrates it, imports the example plan and the
Ninh Thuận indicator history, generates the data (`parcomms.dashboard.generate`; province
scale: 200 units, 20,000 staff, 10 years, 100,000 articles, 30,000 sessions with attendance
of their unit's staff, 5,000 other communications, 300 articles waiting for review), then
requests the dashboard (leader: whole organisation; unit head: one unit) `--runs` times each
after one warm-up request, and prints the median and p95 latency and the query count.
Not part of `make test`.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = {
    "province": dict(units=200, staff=20_000, years=10, articles=100_000, sessions=30_000,
                     other=5_000, waiting=300),
    "small": dict(units=20, staff=400, years=2, articles=2_000, sessions=600, other=100,
                  waiting=30),
}  # fmt: skip


def run_one(database_url: str, scale_name: str, runs: int) -> dict:
    """In a child process: set up Django on `database_url`, build, measure; return figures."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "parcomms.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    from django.urls import get_resolver

    assert get_resolver().url_patterns  # load every app's URLs now, before the long data build
    timings = {}
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate_s"] = time.perf_counter() - start

    from parcomms.dashboard.generate import Scale, generate
    from parcomms.indicators.services import load_reference_history
    from parcomms.org.models import Organisation, Staff
    from parcomms.org.roles import Role
    from parcomms.org.testing import make_person
    from parcomms.plans.services import import_plan_file

    org = Organisation.objects.create(
        name="Ủy ban nhân dân tỉnh (đo tải)",
        slug="bench",
        parent_authority="Ủy ban nhân dân tỉnh Ninh Thuận",
    )
    plan_file = ROOT / "examples" / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
    start = time.perf_counter()
    scale = Scale(**SCALES[scale_name])
    from parcomms.org.models import Unit

    first_unit = Unit.objects.create(organisation=org, name="Văn phòng (đo tải)")
    leader = make_person(org, first_unit, "bench-leader", "Lãnh đạo đo tải", Role.LEADERSHIP)
    plan = import_plan_file(
        plan_file.read_bytes(), plan_file.name, organisation=org, acting_user=leader
    )
    load_reference_history(organisation=org, acting_user=leader)
    counts = generate(org, plan, scale)
    head_staff = (
        Staff.objects.filter(organisation=org, is_unit_head=True).exclude(unit=first_unit).first()
    )
    from django.contrib.auth.models import Group

    head_staff.user.groups.add(Group.objects.get(name=Role.UNIT_HEAD.group_name))
    head_staff.user.groups.add(Group.objects.get(name=Role.STAFF.group_name))
    timings["generate_s"] = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client()
    results = {}
    for label, user in (("lãnh đạo (toàn cơ quan)", leader), ("trưởng đơn vị", head_staff.user)):
        client.force_login(user)
        response = client.get("/admin/dashboard/", {"year": 2023})  # warm-up
        assert response.status_code == 200, response.status_code
        samples, queries = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as ctx:
                begin = time.perf_counter()
                response = client.get("/admin/dashboard/", {"year": 2023})
                samples.append(time.perf_counter() - begin)
            assert response.status_code == 200
            queries.append(len(ctx.captured_queries))
        samples.sort()
        results[label] = {
            "median_ms": statistics.median(samples) * 1000,
            "p95_ms": samples[max(0, int(round(len(samples) * 0.95)) - 1)] * 1000,
            "max_ms": samples[-1] * 1000,
            "queries": max(queries),
        }
    return {"timings": timings, "counts": counts, "results": results, "vendor": connection.vendor}


def _pg_admin(url: str):
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--scale", choices=sorted(SCALES), default="province")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.scale, args.runs)))
        return

    rows = []
    for backend in args.backends.split(","):
        cleanup = None
        if backend == "sqlite":
            # Under var/ (ignored by git), not /tmp: a /tmp cleaner must not pull the file away.
            (ROOT / "var").mkdir(exist_ok=True)
            folder = tempfile.mkdtemp(prefix="bench-", dir=ROOT / "var")
            url = f"sqlite:///{folder}/bench.sqlite3"
        elif backend == "postgres":
            name = f"parcomms_bench_{uuid.uuid4().hex[:8]}"
            try:
                with _pg_admin(args.pg) as admin:
                    admin.execute(f'CREATE DATABASE "{name}"')
            except Exception as exc:  # no server: say so and go on
                print(f"PostgreSQL not reachable at {args.pg}: {exc}", file=sys.stderr)
                continue
            url = args.pg.rsplit("/", 1)[0] + f"/{name}"

            def cleanup(name=name):
                with _pg_admin(args.pg) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            parser.error(f"unknown backend {backend}")
        print(f"[{backend}] building {args.scale} data in {url} …", file=sys.stderr, flush=True)
        try:
            child = subprocess.run(
                [sys.executable, __file__, "--child", url, "--scale", args.scale,
                 "--runs", str(args.runs)],
                capture_output=True, text=True, cwd=ROOT,
            )  # fmt: skip
        finally:
            if cleanup:
                cleanup()
            elif backend == "sqlite":
                shutil.rmtree(folder, ignore_errors=True)
        if child.returncode != 0:
            print(child.stderr[-4000:], file=sys.stderr)
            sys.exit(child.returncode)
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        rows.append((backend, figures))

    if not rows:
        sys.exit(1)
    counts = rows[0][1]["counts"]
    print(
        f"\nDashboard, {args.scale} data: {counts['units']} units, {counts['staff']:,} staff, "
        f"{counts['articles']:,} articles, {counts['sessions']:,} sessions, "
        f"{counts['attendance']:,} attendance rows; year 2023; {args.runs} requests each\n"
    )
    header = f"{'backend':<11}{'view':<26}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}{'queries':>9}"
    print(header)
    print("-" * len(header))
    for backend, figures in rows:
        for label, r in figures["results"].items():
            print(
                f"{backend:<11}{label:<26}{r['median_ms']:>10.0f}{r['p95_ms']:>9.0f}"
                f"{r['max_ms']:>9.0f}{r['queries']:>9}"
            )
    print()
    for backend, figures in rows:
        t = figures["timings"]
        print(f"{backend}: migrate {t['migrate_s']:.0f} s, data generation {t['generate_s']:.0f} s")


if __name__ == "__main__":
    main()
