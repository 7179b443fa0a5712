"""Start the scheduled-publishing chain on the task worker (bin/run calls this before
`db_worker`). Running it again while a run is queued does nothing."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from parcomms.content.tasks import enqueue_next, publish_due


class Command(BaseCommand):
    help = "Đưa việc đăng/gỡ tin, bài theo lịch vào hàng đợi của tiến trình nền."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Chạy ngay một lần trong tiến trình này."
        )

    def handle(self, *args, **options):
        if options["now"]:
            counts = publish_due()
            self.stdout.write(
                f"Đã đăng {counts['published']}, đã gỡ {counts['unpublished']} tin, bài."
            )
        if enqueue_next(delay=timedelta(0)):
            self.stdout.write("Đã xếp lịch đăng tin, bài theo giờ vào hàng đợi.")
        else:
            self.stdout.write(
                "Lịch đăng tin, bài đã có trong hàng đợi (hoặc backend không hỗ trợ)."
            )
