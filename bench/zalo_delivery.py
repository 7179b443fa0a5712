#!/usr/bin/env python
"""Zalo deliveries through real `manage.py db_worker` processes, against the local fake Zalo.

    .venv/bin/python bench/zalo_delivery.py                      # SQLite file, 200 articles, 2 workers
    .venv/bin/python bench/zalo_delivery.py --postgres --workers 4 --articles 500

1. creates a throwaway database (a SQLite file, or a PostgreSQL database on 127.0.0.1:5432),
   migrates it, and publishes N articles listing the Zalo channel (each publication queues a
   delivery task in the database queue);
2. starts the fake Zalo server on loopback (each call answers after --latency ms, as a
   remote API would) and K workers;
3. prints deliveries per second, p50/p95 of queue-to-sent time, calls made, and checks that
   every article was broadcast exactly once (exit status 1 otherwise).

Loopback only, bounded in time (--timeout), the database is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency", type=float, default=50, help="fake Zalo answer time, ms")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="parcomms-bench-"))
    if args.postgres:
        name = f"bench_zalo_{uuid.uuid4().hex[:8]}"
        admin_url = "postgresql://postgres@127.0.0.1:5432/postgres"
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"

    from parcomms.channels.testing.fake_zalo import FakeZalo

    fake = FakeZalo().start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "parcomms.channels.testing.worker_settings",
        "DATABASE_URL": url,
        "ZALO_API_BASE": fake.url,
        "ZALO_OAUTH_BASE": fake.url,
        "ZALO_RATE_LIMIT_PER_MINUTE": "100000",
        "ZALO_QUIET_HOURS": "03:00-03:01",  # keep the run in sending hours whatever the time
        "CHANNELS_LEASE_SECONDS": "60",
        "PARCOMMS_VAR_DIR": str(tmp),
    }
    os.environ.update(env)
    workers: list[subprocess.Popen] = []
    try:
        print(f"migrating {url.split('@')[-1]} …", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        import django

        django.setup()
        from django.utils import timezone

        from parcomms.channels.models import Delivery, ZaloAccount
        from parcomms.channels.testing.articles import make_article
        from parcomms.org.testing import build_cast

        cast = build_cast()
        access, refresh = fake.issue_tokens()
        ZaloAccount.objects.create(
            organisation=cast.org,
            oa_id=fake.oa_id,
            app_id=fake.app_id,
            app_secret=fake.secret,
            access_token=access,
            refresh_token=refresh,
            expires_at=timezone.now() + timedelta(hours=25),
        )
        print(f"publishing {args.articles} articles …", flush=True)
        for n in range(args.articles):
            make_article(cast.staff, title=f"Tin cải cách hành chính số {n + 1}")
        assert Delivery.objects.filter(status="queued").count() == args.articles

        fake.delay = {p: args.latency / 1000 for p in (
            "/v2.0/article/verify", "/v2.0/oa/message",
        )}  # fmt: skip
        started = time.monotonic()
        for k in range(args.workers):
            workers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "manage.py",
                        "db_worker",
                        "--no-reload",
                        "--interval",
                        "0.05",
                        "--no-startup-delay",
                        "--worker-id",
                        f"bench-{k}",
                        "-v0",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip
            )
        deadline = started + args.timeout
        while time.monotonic() < deadline:
            done = Delivery.objects.filter(status__in=("sent", "failed")).count()
            if done == args.articles:
                break
            time.sleep(0.25)
        elapsed = time.monotonic() - started
        rows = list(Delivery.objects.values_list("status", "created_at", "sent_at"))
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            try:
                w.wait(15)
            except subprocess.TimeoutExpired:
                w.kill()
        fake.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        if args.postgres:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    sent = [r for r in rows if r[0] == "sent"]
    waits = sorted((s - c).total_seconds() for _st, c, s in sent)
    article_ids = [b["article_id"] for b in fake.broadcasts]
    duplicates = len(article_ids) - len(set(article_ids))
    print(
        f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; workers: {args.workers}; "
        f"fake Zalo latency {args.latency:.0f} ms on verify and broadcast"
    )
    print(f"deliveries: {len(sent)} sent, {len(rows) - len(sent)} not sent, in {elapsed:.1f} s")
    print(f"throughput: {len(sent) / elapsed:.1f} deliveries/s")
    if waits:
        p95 = waits[min(len(waits) - 1, int(len(waits) * 0.95))]
        print(f"queued→sent: median {statistics.median(waits):.1f} s, p95 {p95:.1f} s")
    print(
        f"Zalo calls: {len(fake.calls)}; broadcasts: {len(article_ids)}; duplicates: {duplicates}"
    )
    ok = len(sent) == args.articles and len(article_ids) == args.articles and duplicates == 0
    print("OK" if ok else "FAILED: every article must be broadcast exactly once")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
