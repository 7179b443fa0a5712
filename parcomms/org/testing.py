"""The shared cast of the test suite, built in code: two organisations, two units each,
one user per role (and a few extra to test "wrong unit" and "wrong organisation")."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .models import Organisation, Staff, Unit
from .roles import Role, sync_role_groups

PASSWORD = "mat-khau-thu-nghiem-2023"


@dataclass
class Cast:
    org: Organisation
    other_org: Organisation
    unit: Unit
    other_unit: Unit
    other_org_unit: Unit
    admin: object
    officer: object
    leader: object
    head: object
    other_head: object
    editor: object
    staff: object
    other_staff: object
    other_org_officer: object
    other_org_head: object
    other_org_staff: object
    superuser: object


def make_person(org, unit, username, full_name, *roles: Role, position="Chuyên viên"):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.invalid", password=PASSWORD
    )
    Staff.objects.create(
        user=user,
        organisation=org,
        unit=unit,
        full_name=full_name,
        position=position,
        email=user.email,
        is_unit_head=Role.UNIT_HEAD in roles,
    )
    for role in (Role.STAFF, *roles):
        user.groups.add(Group.objects.get(name=role.group_name))
    return user


def build_cast() -> Cast:
    sync_role_groups()
    org = Organisation.objects.create(
        name="Văn phòng UBND tỉnh Ninh Thuận",
        short_name="VPUB",
        slug="vpub",
        symbol="VPUB",
        parent_authority="Ủy ban nhân dân tỉnh Ninh Thuận",
        place="Ninh Thuận",
    )
    other_org = Organisation.objects.create(
        name="Sở Nội vụ tỉnh Ninh Thuận", short_name="SNV", slug="snv", symbol="SNV"
    )
    unit = Unit.objects.create(organisation=org, name="Phòng Hành chính - Tổ chức")
    other_unit = Unit.objects.create(organisation=org, name="Phòng Kinh tế")
    other_org_unit = Unit.objects.create(organisation=other_org, name="Phòng Cải cách hành chính")
    Unit.objects.create(organisation=other_org, name="Văn phòng Sở")
    p = make_person
    return Cast(
        org=org,
        other_org=other_org,
        unit=unit,
        other_unit=other_unit,
        other_org_unit=other_org_unit,
        admin=p(org, unit, "quantri", "Nguyễn Văn An", Role.ADMIN),
        officer=p(org, unit, "chuyenvien", "Trần Thị Bình", Role.REFORM_OFFICER),
        leader=p(org, unit, "lanhdao", "Hồ Sĩ Sơn", Role.LEADERSHIP, position="Chánh Văn phòng"),
        head=p(org, unit, "truongphong", "Lê Văn Cường", Role.UNIT_HEAD, position="Trưởng phòng"),
        other_head=p(
            org,
            other_unit,
            "truongphong2",
            "Phạm Thị Dung",
            Role.UNIT_HEAD,
            position="Trưởng phòng",
        ),
        editor=p(org, unit, "bientap", "Võ Minh Đức", Role.EDITOR),
        staff=p(org, unit, "congchuc", "Đặng Thị Hà", position="Chuyên viên"),
        other_staff=p(org, other_unit, "congchuc2", "Bùi Văn Khoa"),
        other_org_officer=p(other_org, other_org_unit, "snv_cv", "Đỗ Thị Lan", Role.REFORM_OFFICER),
        other_org_head=p(
            other_org,
            other_org_unit,
            "snv_tp",
            "Ngô Văn Minh",
            Role.UNIT_HEAD,
            position="Trưởng phòng",
        ),
        other_org_staff=p(other_org, other_org_unit, "snv_cc", "Dương Thị Nga"),
        superuser=get_user_model().objects.create_superuser(
            "root", "root@example.invalid", PASSWORD
        ),
    )


def is_refused(response) -> bool:
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a
    message; outside the admin it is a 403. Either way the user got nothing."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == "/admin/"


def admin_login(page, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in to the admin in a Playwright page (a fresh session: cookies cleared first)."""
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
