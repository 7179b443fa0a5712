"""Load the published results of tỉnh Ninh Thuận for 2019–2022 (with their sources; derived
values keep their [D] mark) into an organisation. Results already there are kept as they
are, so running it again changes nothing. Later years are left for the user."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from parcomms.indicators.services import load_reference_history, sync_indicators
from parcomms.org.models import Organisation


class Command(BaseCommand):
    help = "Nạp kết quả các chỉ số của tỉnh Ninh Thuận 2019–2022 (dữ liệu mẫu có nguồn)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="mã (slug) của cơ quan")
        parser.add_argument("--user", help="tên đăng nhập ghi vào nhật ký (mặc định: không ai)")

    def handle(self, *args, organisation, user=None, **options):
        try:
            org = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"Không có cơ quan mã «{organisation}».") from None
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản «{user}».")
        sync_indicators()
        outcome = load_reference_history(organisation=org, acting_user=actor)
        self.stdout.write(
            f"Kết quả chỉ số Ninh Thuận 2019–2022: {outcome.created} kết quả mới, "
            f"{outcome.unchanged} đã có."
        )
