import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parcomms.plans.services import delete_stale_drafts, plan_draft_max_age


class Command(BaseCommand):
    help = (
        "Xóa các bản nháp kế hoạch chưa được xác nhận hay hủy sau một số ngày "
        "(mặc định PLAN_DRAFT_MAX_AGE_DAYS). Vòng việc hằng ngày của tiến trình nền cũng chạy việc này."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="số ngày giữ bản nháp (ghi đè cài đặt)")

    def handle(self, *args, days, **options):
        if days is not None and days < 1:
            raise CommandError("--days phải là một số nguyên dương.")
        max_age = dt.timedelta(days=days) if days is not None else plan_draft_max_age()
        count = delete_stale_drafts(timezone.now(), max_age=max_age)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã xóa {count} bản nháp kế hoạch tải lên quá {max_age.days} ngày trước."
            )
        )
