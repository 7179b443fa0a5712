"""Kill -9 a real `manage.py db_worker` in the middle of a Zalo delivery, start another one,
and count the broadcasts on the fake Zalo server.

The workers are separate processes on a real database: on SQLite the in-memory test database
is copied to a file for them (and copied back to check the result); on PostgreSQL
(DATABASE_URL) they use the test database itself. The fake Zalo server holds one request
open so the kill lands at a known step; the lease is 3 seconds so the second worker's
watchdog run takes the delivery over quickly.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from parcomms.channels.models import Delivery
from parcomms.channels.services import queue_delivery
from parcomms.channels.testing.articles import make_article
from parcomms.channels.testing.fixtures import fake_zalo_fixture, zalo_account_fixture  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
VERIFY, MESSAGE = "/v2.0/article/verify", "/v2.0/oa/message"
LEASE_SECONDS = 3
WAIT = 45  # seconds; a healthy run needs a few


class WorkerDatabase:
    """Where the worker processes find the test database, and how the test reads it."""

    def __init__(self, tmp_path):
        self.sqlite_file = None
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            self.sqlite_file = tmp_path / "worker.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.sqlite_file)
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.sqlite_file}"
        else:
            user = settings_dict["USER"] or ""
            password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
            host = settings_dict["HOST"] or "127.0.0.1"
            port = settings_dict["PORT"] or 5432
            self.url = f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"

    def row(self, pk):
        if self.sqlite_file is None:
            d = Delivery.objects.get(pk=pk)
            return d.status, d.progress
        with sqlite3.connect(self.sqlite_file, timeout=20) as db:
            status, progress = db.execute(
                "SELECT status, progress FROM channels_delivery WHERE id = ?", (pk,)
            ).fetchone()
        return status, json.loads(progress)

    def copy_back(self):
        if self.sqlite_file is not None:
            source = sqlite3.connect(self.sqlite_file)
            source.backup(connection.connection)
            source.close()


class Worker:
    def __init__(self, name, env, tmp_path):
        self.log = tmp_path / f"{name}.log"
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1",
             "--no-startup-delay", "--worker-id", name],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self):
        return self.log.read_text()


def worker_env(db, fake):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="parcomms.channels.testing.worker_settings",
        DATABASE_URL=db.url,
        ZALO_API_BASE=fake.url,
        ZALO_OAUTH_BASE=fake.url,
        ZALO_HTTP_TIMEOUT_SECONDS="10",
        CHANNELS_LEASE_SECONDS=str(LEASE_SECONDS),
        ZALO_RATE_LIMIT_PER_MINUTE="1000",
        ZALO_QUIET_HOURS=fake.quiet_hours,
        PYTHONUNBUFFERED="1",
    )
    return env


def wait_for(predicate, what, workers):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    logs = "\n".join(f"--- {w.log.name}\n{w.output()}" for w in workers)
    pytest.fail(f"timed out waiting for {what}\n{logs}")


def queued_zalo_delivery(cast):
    article = make_article(cast.staff, channels=())
    with override_settings(TASKS=DB_TASKS):  # the task row goes into the database queue
        return queue_delivery(article, "zalo", acting_user=cast.editor)


@pytest.fixture
def kill_setup(cast, zalo_account, fake_zalo, settings, tmp_path):
    fake_zalo.quiet_hours = settings.ZALO_QUIET_HOURS
    delivery = queued_zalo_delivery(cast)
    workers = []
    yield delivery, fake_zalo, tmp_path, workers
    for worker in workers:
        worker.stop()


def test_kill_during_verify_then_restart_broadcasts_exactly_once(kill_setup):
    delivery, fake, tmp_path, workers = kill_setup
    gate = fake.hold(VERIFY)
    db = WorkerDatabase(tmp_path)
    env = worker_env(db, fake)

    first = Worker("worker-1", env, tmp_path)
    workers.append(first)
    if not gate.arrived.wait(WAIT):
        pytest.fail(f"the first worker never reached verify\n{first.output()}")
    first.kill()  # mid-delivery: the article is created, verify is in flight
    gate.release.set()
    status, progress = db.row(delivery.pk)
    assert status == Delivery.Status.SENDING
    assert "token" in progress and "article_id" not in progress

    second = Worker("worker-2", env, tmp_path)
    workers.append(second)
    wait_for(lambda: db.row(delivery.pk)[0] in ("sent", "failed"), "the delivery", workers)
    second.stop()
    db.copy_back()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT, delivery.failure_reason
    assert len(fake.broadcasts) == 1
    assert delivery.external_id == fake.broadcasts[0]["article_id"]
    assert delivery.progress["message_id"] == fake.broadcasts[0]["message_id"]
    assert fake.count("/v2.0/article/create") == 1  # resumed after create, not redone
    assert fake.count(VERIFY) == 2
    assert delivery.attempts == 2


def test_kill_during_broadcast_never_broadcasts_again(kill_setup):
    """Killed while Zalo is answering the broadcast (it went out, the answer did not come
    back): the next worker does not repeat it and asks a person to check."""
    delivery, fake, tmp_path, workers = kill_setup
    gate = fake.hold(MESSAGE)
    db = WorkerDatabase(tmp_path)
    env = worker_env(db, fake)

    first = Worker("worker-1", env, tmp_path)
    workers.append(first)
    if not gate.arrived.wait(WAIT):
        pytest.fail(f"the first worker never reached the broadcast\n{first.output()}")
    first.kill()
    gate.release.set()
    assert db.row(delivery.pk)[1]["broadcast_started_at"]

    second = Worker("worker-2", env, tmp_path)
    workers.append(second)
    wait_for(lambda: db.row(delivery.pk)[0] in ("sent", "failed"), "the delivery", workers)
    second.stop()
    db.copy_back()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.failure_code == Delivery.Failure.UNCONFIRMED
    assert len(fake.broadcasts) == 1
    assert fake.count(MESSAGE) == 1
