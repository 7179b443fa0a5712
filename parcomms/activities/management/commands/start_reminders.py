"""Start the daily obligation reminders: `manage.py start_reminders` (once; the round then
re-enqueues itself every morning). `--now` sends today's due reminders at once, without the
worker."""

from django.core.management.base import BaseCommand

from parcomms.activities import tasks
from parcomms.activities.services import send_reminders


class Command(BaseCommand):
    help = "Start the daily reminder task (obligations still due before their period ends)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send today's reminders now in this process instead of enqueuing the task.",
        )

    def handle(self, *args, now=False, **options):
        if now:
            sent = send_reminders()
            self.stdout.write(f"Đã gửi nhắc việc: {sent}")
            return
        if tasks.start():
            self.stdout.write(
                "Đã xếp vòng việc hằng ngày (nhắc việc, chỉ số tự theo dõi) vào hàng đợi."
            )
        else:
            self.stdout.write("Vòng việc hằng ngày đã được khởi động hôm nay.")
