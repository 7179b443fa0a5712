"""Create the news home page, one news section per organisation, the approval workflow and the
role permissions. Idempotent; also runs after every `migrate`."""

from django.core.management.base import BaseCommand

from parcomms.content.services import setup_content


class Command(BaseCommand):
    help = "Tạo trang tin, chuyên mục tin của từng cơ quan và quy trình duyệt tin, bài."

    def handle(self, *args, **options):
        setup_content()
        self.stdout.write(self.style.SUCCESS("Đã sẵn sàng trang tin và quy trình duyệt tin, bài."))
