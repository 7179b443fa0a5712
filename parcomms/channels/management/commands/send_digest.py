"""Send the e-mail digests now, or only the ones that are due, or (re)start their weekly chain."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parcomms.channels.digest import schedule, send_digest, send_due
from parcomms.channels.models import DigestSubscription


class Command(BaseCommand):
    help = (
        "Gửi bản tin thư điện tử: mặc định gửi ngay các tin, bài mới của mọi bản tin đang bật; "
        "--due chỉ gửi bản tin đến hạn; --schedule đặt lại lịch gửi hằng tuần."
    )

    def add_arguments(self, parser):
        parser.add_argument("--subscription", type=int, help="Chỉ bản tin có mã (id) này.")
        parser.add_argument("--organisation", help="Chỉ bản tin của cơ quan có mã (slug) này.")
        parser.add_argument("--due", action="store_true", help="Chỉ gửi các bản tin đến hạn.")
        parser.add_argument(
            "--schedule",
            dest="reschedule",
            action="store_true",
            help="Đặt lại lịch và hàng đợi gửi hằng tuần (sau khi mất hàng đợi tác vụ).",
        )

    def handle(self, *args, **options):
        subscription, organisation = options["subscription"], options["organisation"]
        subscriptions = DigestSubscription.objects.active().select_related("organisation")
        if subscription:
            subscriptions = subscriptions.filter(pk=subscription)
        if organisation:
            subscriptions = subscriptions.filter(organisation__slug=organisation)
        if (subscription or organisation) and not subscriptions.exists():
            raise CommandError("Không có bản tin đang bật nào khớp điều kiện.")
        if options["reschedule"]:
            for sub in subscriptions:
                due_at = schedule(sub)
                when = timezone.localtime(due_at)
                self.stdout.write(f"{sub.name}: lần gửi tới {when:%d/%m/%Y %H:%M}")
            return
        if options["due"]:
            outcomes = send_due()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())) or "0")
            return
        for sub in subscriptions:
            runs = send_digest(sub)
            articles = sum(r.items.count() for r in runs)
            people = runs[-1].recipients if runs else 0
            self.stdout.write(f"{sub.name}: {articles} tin, bài → {people} người")
