import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from parcomms.org.models import Organisation
from parcomms.plans.parsing import PlanFileError, parse_plan
from parcomms.plans.services import import_plan_file


class Command(BaseCommand):
    help = "Nhập kế hoạch từ tệp .docx, .txt, .md hoặc .pdf (Import a plan document)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--organisation", help="mã (slug) của cơ quan")
        parser.add_argument("--dry-run", action="store_true", help="chỉ đọc, không ghi gì")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--user", help="tên đăng nhập của người thực hiện (ghi nhật ký)")

    def handle(self, *args, path: Path, organisation, dry_run, format, user, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from None
        try:
            parsed = parse_plan(data, path.name)
        except PlanFileError as exc:
            raise CommandError(str(exc)) from None

        if dry_run:
            self._print(parsed, format)
            return
        if not organisation:
            raise CommandError("Cần --organisation (mã cơ quan) khi không dùng --dry-run.")
        try:
            org = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"Không có cơ quan với mã {organisation!r}.") from None
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {user!r}.")
        plan = import_plan_file(data, path.name, organisation=org, acting_user=actor)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập: {plan} — {plan.plan_documents.count()} văn bản, "
                f"{plan.topics.count()} nội dung, {plan.targets.count()} chỉ tiêu, "
                f"{len(plan.warnings)} cảnh báo."
            )
        )

    def _print(self, parsed, format):
        if format == "json":
            self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{parsed.type}: {parsed.title}")
        self.stdout.write(f"Số: {parsed.number or ''}/{parsed.symbol or ''}")
        self.stdout.write(f"Văn bản được trích dẫn: {len(parsed.citations)}")
        self.stdout.write(f"Nội dung tuyên truyền: {', '.join(t.label for t in parsed.topics)}")
        self.stdout.write(f"Chỉ tiêu: {len(parsed.targets)}")
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"Cảnh báo: {warning}"))
