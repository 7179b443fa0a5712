#!/usr/bin/env python
"""Load test of a contest round opening, against gunicorn + PostgreSQL on loopback.

    .venv/bin/python bench/contest_load.py            # 60 s per phase, 60 simulated users

1. creates a throwaway PostgreSQL database on 127.0.0.1:5432, migrates it and seeds a public
   contest with an open round (40 questions, 10 drawn per attempt, 2 attempts per person);
2. starts gunicorn on 127.0.0.1 (production-like settings: DEBUG off, persistent connections);
3. phase "contest": Locust (headless) users register, start an attempt, load the questions and
   submit, one in ten submitting twice; phase "ceiling": the same number of users request a
   minimal Django view on the same server;
4. prints submissions per second, p50/p95/p99 latency and errors for both phases, and checks
   that the attempts stored as submitted are exactly the accepted submissions (lost and
   duplicated must both be 0); exits non-zero otherwise.

Needs the `bench` extra (`pip install -e .[bench]`, i.e. locust) and a PostgreSQL server that
accepts `postgres@127.0.0.1` (as on the development and CI machines). Loopback only; every
phase is bounded in time and the database is dropped at the end (unless --keep).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LOCUSTFILE = ROOT / "bench" / "contest_locustfile.py"

SETTINGS = textwrap.dedent(
    """
    from parcomms.settings.base import *  # noqa: F403

    DEBUG = False
    ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    ROOT_URLCONF = "bench_contest_urls"
    # Locust sends X-Forwarded-For so the per-IP limits see many entrants, as behind a proxy.
    CONTESTS_TRUSTED_PROXIES = 1
    LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    """
)
URLS = textwrap.dedent(
    """
    from django.http import HttpResponse
    from django.urls import include, path


    def ping(request):
        return HttpResponse("ok", content_type="text/plain")


    urlpatterns = [path("bench/ping/", ping), path("", include("parcomms.urls"))]
    """
)

SEED = textwrap.dedent(
    """
    import datetime as dt
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from parcomms.contests import services
    from parcomms.contests.models import Contest
    from parcomms.org.models import Organisation, Staff, Unit
    from parcomms.org.roles import sync_role_groups
    from parcomms.plans.models import Plan, Topic

    sync_role_groups()
    org = Organisation.objects.create(name="Văn phòng UBND tỉnh (bench)", slug="bench")
    units = [Unit.objects.create(organisation=org, name=f"Đơn vị {i:02d}") for i in range(20)]
    user = get_user_model().objects.create_user("bench-officer", "o@bench.invalid", "x")
    Staff.objects.create(user=user, organisation=org, unit=units[0], full_name="Cán Bộ", email="o@bench.invalid")
    plan = Plan.objects.create(organisation=org, title="Kế hoạch bench", year=2025)
    topics = [Topic.objects.create(plan=plan, label=l, title=l, order=i) for i, l in enumerate("abcdđeg")]
    questions = []
    for i in range(42):
        options = [services.OptionInput(f"Phương án {i}.{k}", k == i % 4) for k in range(4)]
        questions.append(services.save_question(
            organisation=org, acting_user=user, text=f"Câu hỏi thử tải số {i}?",
            options=options, topics=[topics[i % len(topics)]], explanation="Giải thích."))
    contest = services.save_contest(organisation=org, acting_user=user, values={
        "title": "Cuộc thi thử tải", "slug": "bench-contest", "kind": Contest.Kind.CONTEST,
        "audience": Contest.Audience.PUBLIC, "require_verification": False,
        "has_prediction": True, "is_published": True})
    now = timezone.now()
    round = services.save_round(contest=contest, acting_user=user, values={
        "number": 1, "opens_at": now - dt.timedelta(minutes=1), "closes_at": now + dt.timedelta(hours=3),
        "question_count": 10, "time_limit_seconds": 900, "max_attempts": ATTEMPTS})
    services.set_round_questions(round=round, acting_user=user, questions=questions)
    print(",".join(str(u.pk) for u in units))
    """
)

CHECK = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from parcomms.audit.models import AuditEntry
    from parcomms.contests.models import Attempt
    accepted = json.load(open(sys.argv[1]))["accepted"]
    submitted = set(Attempt.objects.filter(status="submitted").values_list("token", flat=True))
    audit = AuditEntry.objects.filter(action="contest.attempt_submit").count()
    print(json.dumps({
        "accepted": len(accepted),
        "accepted_unique": len(set(accepted)),
        "stored_submitted": len(submitted),
        "lost": len(set(accepted) - submitted),
        "unexpected": len(submitted - set(accepted)),
        "audit_rows": audit,
        "open_left": Attempt.objects.filter(status="open").count(),
    }))
    """
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, text=True, **kwargs)


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer {url} within {timeout} s")


def read_stats(prefix: Path) -> dict[str, dict]:
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = row
    return rows


def locust_phase(name, user_class, args, env, tmp: Path) -> tuple[dict, float]:
    prefix = tmp / name
    started = time.monotonic()
    run(
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.users),
            # Users stop themselves after --duration (BENCH_DURATION) once their flow is
            # complete, so no request is cut off; --run-time is only a safety bound.
            "--run-time",
            f"{args.duration + 60}s",
            "--stop-timeout",
            "30",
            "--host",
            f"http://127.0.0.1:{args.port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            user_class,
        ],
        env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return read_stats(prefix), time.monotonic() - started


def figures(row: dict, seconds: float) -> str:
    count, failures = int(row["Request Count"]), int(row["Failure Count"])
    return (
        f"{count / seconds:8.1f}/s  p50 {row['50%']:>5} ms  p95 {row['95%']:>5} ms  "
        f"p99 {row['99%']:>5} ms  errors {failures}/{count}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per phase (max 300)")
    parser.add_argument("--users", type=int, default=60, help="concurrent simulated users")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--attempts", type=int, default=2, help="attempts per entrant")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    args.duration = max(5, min(args.duration, 300))
    args.port = free_port()
    if "127.0.0.1" not in args.pg and "localhost" not in args.pg:
        raise SystemExit("loopback PostgreSQL only")

    import psycopg

    db_name = f"parcomms_bench_{os.getpid()}"
    admin_url = f"{args.pg}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db_name}"')
    tmp = Path(tempfile.mkdtemp(prefix="contest-bench-"))
    (tmp / "bench_contest_settings.py").write_text(SETTINGS)
    (tmp / "bench_contest_urls.py").write_text(URLS)
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "bench_contest_settings",
        "DATABASE_URL": f"{args.pg}/{db_name}",
        "SECRET_KEY": "bench-" + "x" * 60,
        "TASKS_BACKEND": "database",
        "BENCH_OUT": str(tmp / "accepted.json"),
        "BENCH_ATTEMPTS": str(args.attempts),
        "BENCH_DURATION": str(args.duration),
    }
    try:
        return measure(args, env, tmp)
    finally:
        if not args.keep:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def measure(args, env, tmp: Path) -> int:
    server = None
    try:
        print(
            f"database {env['DATABASE_URL'].rsplit('/', 1)[-1]}: migrating and seeding …",
            flush=True,
        )
        run([sys.executable, "manage.py", "migrate", "--noinput"], env, stdout=subprocess.DEVNULL)
        seeded = run(
            [sys.executable, "-c", SEED.replace("ATTEMPTS", str(args.attempts))],
            env,
            capture_output=True,
        )
        env["BENCH_UNITS"] = seeded.stdout.strip().splitlines()[-1]
        server = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "parcomms.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        wait_for(f"http://127.0.0.1:{args.port}/bench/ping/")
        urllib.request.urlopen(f"http://127.0.0.1:{args.port}/cuoc-thi/bench-contest/").read()
        print(
            f"gunicorn: {args.workers} sync workers on 127.0.0.1:{args.port}; "
            f"{args.users} users; {args.duration} s per phase; {os.cpu_count()} cores "
            "(Locust shares them)",
            flush=True,
        )
        contest, _ = locust_phase("contest", "ContestEntrant", args, env, tmp)
        ceiling_env = {k: v for k, v in env.items() if k != "BENCH_OUT"}
        ping, _ = locust_phase("ceiling", "PingUser", args, ceiling_env, tmp)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    check = json.loads(
        run([sys.executable, "-c", CHECK, env["BENCH_OUT"]], env, capture_output=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    record = json.loads(Path(env["BENCH_OUT"]).read_text())
    repeats = record["repeats"]
    elapsed = max(1e-9, record["last_accepted"] - record["started"])

    seconds = args.duration
    print()
    print("phase contest (register → start → attempt page → submit):")
    for name in ("register form", "register", "start", "attempt page", "submit", "submit (repeat)"):
        if name in contest:
            print(f"  {name:16} {figures(contest[name], seconds)}")
    print(f"  {'all requests':16} {figures(contest['Aggregated'], seconds)}")
    print("phase ceiling (minimal Django view, same server):")
    print(f"  {'minimal view':16} {figures(ping['minimal view'], seconds)}")
    submit_rate = len(record["accepted"]) / elapsed
    ping_rate = int(ping["minimal view"]["Request Count"]) / seconds
    all_rate = int(contest["Aggregated"]["Request Count"]) / seconds
    print()
    print(
        f"sustained submissions/s: {submit_rate:.1f} "
        f"({len(record['accepted'])} accepted in {elapsed:.0f} s)"
    )
    print(
        f"contest requests/s {all_rate:.1f} = {100 * all_rate / ping_rate:.0f}% of the "
        f"minimal-view ceiling ({ping_rate:.1f}/s)"
    )
    lost = check["lost"]
    duplicated = check["unexpected"] + (check["accepted"] - check["accepted_unique"])
    duplicated += max(0, check["audit_rows"] - check["stored_submitted"])
    print(
        f"accepted submissions {check['accepted']}, stored submitted attempts "
        f"{check['stored_submitted']}: lost {lost}, duplicated {duplicated}; "
        f"repeat submissions {repeats['sent']} (unchanged {repeats['unchanged']})"
    )
    return 0 if lost == 0 and duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
