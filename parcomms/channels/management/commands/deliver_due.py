"""Run every channel delivery that is due, here and now.

The database task backend schedules retries and quiet-hour deferrals itself (tasks with
run_after), and a watchdog run takes over deliveries of a worker that died. This command is
for setups without such a backend (TASKS_BACKEND=immediate) — run it every few minutes — and
for mopping up after an outage.
"""

from django.core.management.base import BaseCommand

from parcomms.channels.services import deliver_due


class Command(BaseCommand):
    help = "Run every channel delivery that is due (queued, deferred, or abandoned by a worker)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="at most this many (100)")

    def handle(self, *, limit, **options):
        outcomes = deliver_due(limit=limit)
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())) or "nothing due"
        self.stdout.write(summary)
