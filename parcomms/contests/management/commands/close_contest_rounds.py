"""Rank every round that has closed and has no results yet (for cron, or after a worker
outage). `--round ID` recomputes one round; `--all` recomputes every closed round."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parcomms.contests.models import Round
from parcomms.contests.services import ContestError, compute_round_results


class Command(BaseCommand):
    help = "Compute the results of closed contest rounds (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, help="recompute this round only")
        parser.add_argument("--all", action="store_true", help="recompute every closed round")

    def handle(self, *args, round=None, all=False, **options):
        now = timezone.now()
        if round is not None:
            rounds = Round.objects.filter(pk=round)
            if not rounds.exists():
                raise CommandError(f"Không có vòng thi mã {round}.")
        elif all:
            rounds = Round.objects.filter(closes_at__lte=now)
        else:
            rounds = Round.objects.closed_without_results(now)
        for r in rounds.select_related("contest"):
            try:
                digest = compute_round_results(r, now=now)
            except ContestError as exc:
                raise CommandError(exc.message) from exc
            r.refresh_from_db()
            self.stdout.write(
                f"{r.contest.title} — {r.label}: {r.results.count()} người, "
                f"{r.perfect_count} lượt đúng tất cả, digest {digest[:12]}"
            )
