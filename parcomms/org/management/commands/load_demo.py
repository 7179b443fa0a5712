"""Load the bundled example plan into a clearly labelled demo organisation, with units,
about 40 staff with Vietnamese names and one login per role. Safe to run again."""

from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from parcomms.org.models import Organisation, Staff
from parcomms.org.roles import Role, sync_role_groups
from parcomms.org.services import import_staff
from parcomms.org.staff_file import generate_demo_staff, write_staff_xlsx

DEMO_SLUG = "demo-vpub-ninh-thuan"
DEMO_PASSWORD = "parcomms-demo"
EXAMPLE_PLAN = (
    Path(__file__).resolve().parents[4]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)

# (username, role, full name, position); the unit head and the staff member are picked from
# the generated staff so that they have a real unit with colleagues.
DEMO_LOGINS = [
    ("quantri", Role.ADMIN, "Quản trị hệ thống (demo)", "Quản trị hệ thống"),
    ("chuyenvien", Role.REFORM_OFFICER, "Nguyễn Thị Thu Hà", "Chuyên viên CCHC"),
    ("lanhdao", Role.LEADERSHIP, "Trần Văn Hùng", "Phó Chánh Văn phòng"),
    ("truongphong", Role.UNIT_HEAD, None, None),
    ("bientap", Role.EDITOR, "Lê Thị Minh Thư", "Biên tập viên"),
    ("congchuc", Role.STAFF, None, None),
]
DEMO_USERNAMES = [login[0] for login in DEMO_LOGINS]


class Command(BaseCommand):
    help = "Tạo cơ quan minh họa (dữ liệu DEMO) và nạp kế hoạch mẫu."

    @transaction.atomic
    def handle(self, *args, **options):
        sync_role_groups()
        org, _ = Organisation.objects.update_or_create(
            slug=DEMO_SLUG,
            defaults={
                "name": "Văn phòng UBND tỉnh Ninh Thuận — DỮ LIỆU MINH HỌA",
                "short_name": "VPUB (demo)",
                "symbol": "VPUB",
                "parent_authority": "Ủy ban nhân dân tỉnh Ninh Thuận",
                "place": "Ninh Thuận",
                "is_demo": True,
            },
        )
        User = get_user_model()
        system, _ = User.objects.get_or_create(username="he-thong-demo")
        rows = generate_demo_staff(40, seed=2023)
        result = import_staff(
            write_staff_xlsx(rows), "demo.xlsx", organisation=org, acting_user=system
        )
        if not result.ok:
            raise RuntimeError(f"demo staff file is invalid: {result.errors[:3]}")
        logins = self._demo_logins(org)
        self._load_example_plan(org, system)
        self._emulation(org)
        from parcomms.content.services import setup_content

        setup_content()  # the news tree, the article approval workflow and page permissions
        self.stdout.write(
            self.style.SUCCESS(f"Cơ quan minh họa: {org.name} ({org.staff.count()} cán bộ)")
        )
        self.stdout.write(
            f"Tài khoản minh họa / demo logins (mật khẩu / password: {DEMO_PASSWORD}):"
        )
        for username, role, name in logins:
            self.stdout.write(f"  {username:<12} {role.label:<24} {name}")
        # Indicator history, then a year of demo activity once this is committed (issue 5).
        call_command("load_indicator_history", organisation=DEMO_SLUG, stdout=self.stdout)
        transaction.on_commit(lambda: call_command("load_demo_activity", stdout=self.stdout))

    def _demo_logins(self, org):
        staff = Staff.objects.filter(organisation=org).select_related("user", "unit")
        existing = {s.user.username: s for s in staff.filter(user__username__in=DEMO_USERNAMES)}
        # The demo unit head and staff member share the largest unit that has a head.
        sizes = Counter(staff.values_list("unit_id", flat=True))
        head = existing.get("truongphong") or max(
            staff.filter(is_unit_head=True), key=lambda s: (sizes[s.unit_id], -s.pk)
        )
        member = existing.get("congchuc") or (
            staff.filter(unit=head.unit, is_unit_head=False).order_by("pk").first()
        )
        out = []
        for username, role, full_name, position in DEMO_LOGINS:
            person = {"truongphong": head, "congchuc": member}.get(username) or existing.get(
                username
            )
            if person is None:
                user, _ = get_user_model().objects.get_or_create(username=username)
                person = Staff.objects.create(
                    user=user,
                    organisation=org,
                    unit=head.unit,
                    full_name=full_name,
                    position=position,
                    email=f"{username}@demo.parcomms.invalid",
                )
            user = person.user
            user.username = username
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=Role.STAFF.group_name))
            user.groups.add(Group.objects.get(name=role.group_name))
            out.append((username, role, person.full_name))
        return out

    def _emulation(self, org):
        """The plan year's emulation criteria and periods, ranked live from the records;
        `load_demo_activity` closes the first half once the year's activity is there."""
        from parcomms.emulation.demo import ensure_demo_emulation
        from parcomms.plans.models import Plan

        plan = Plan.objects.filter(organisation=org).order_by("-year", "-pk").first()
        officer = get_user_model().objects.get(username="chuyenvien")
        result = ensure_demo_emulation(org, plan.year, acting_user=officer)
        self.stdout.write(
            f"Thi đua minh họa: tiêu chí năm {plan.year} (phiên bản {result.criteria_version}), "
            + ", ".join(p.label for p in result.periods)
        )

    def _load_example_plan(self, org, actor):
        from parcomms.plans.services import import_plan_file

        import_plan_file(
            EXAMPLE_PLAN.read_bytes(), EXAMPLE_PLAN.name, organisation=org, acting_user=actor
        )
        self.stdout.write(f"Đã nạp kế hoạch mẫu: {EXAMPLE_PLAN.name}")
