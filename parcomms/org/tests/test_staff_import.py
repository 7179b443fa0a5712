"""Staff import: all or nothing, per-row errors, idempotent, updates in place."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from parcomms.audit.models import AuditEntry
from parcomms.org.models import Staff, Unit
from parcomms.org.roles import Role
from parcomms.org.services import import_staff
from parcomms.org.staff_file import StaffFileError, generate_demo_staff, write_staff_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    return generate_demo_staff(200, seed=7)


def snapshot(org):
    return sorted(
        Staff.objects.filter(organisation=org).values_list(
            "email", "full_name", "unit__name", "position", "kind", "phone", "is_unit_head"
        )
    )


def test_one_bad_row_among_200_imports_nothing(cast, rows):
    rows[136]["phone"] = "12345"
    before = snapshot(cast.org), Unit.objects.count(), AuditEntry.objects.count()
    result = import_staff(
        write_staff_xlsx(rows), "ds.xlsx", organisation=cast.org, acting_user=cast.officer
    )
    assert not result.ok
    assert [(e.row_number, e.column) for e in result.errors] == [(138, "Điện thoại")]
    assert "Số điện thoại không hợp lệ" in result.errors[0].message
    assert (snapshot(cast.org), Unit.objects.count(), AuditEntry.objects.count()) == before


def test_corrected_file_imports_200_and_again_changes_nothing(cast, rows):
    data = write_staff_xlsx(rows)
    first = import_staff(data, "ds.xlsx", organisation=cast.org, acting_user=cast.officer)
    assert first.ok and first.created == 200 and first.updated == 0
    assert (
        Staff.objects.filter(organisation=cast.org, email__endswith="demo.parcomms.invalid").count()
        == 200
    )
    after_first = snapshot(cast.org)
    second = import_staff(data, "ds.xlsx", organisation=cast.org, acting_user=cast.officer)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 200)
    assert snapshot(cast.org) == after_first
    # Heads got the unit-head role, everyone the staff role.
    heads = Staff.objects.filter(
        organisation=cast.org, is_unit_head=True, email__endswith=".invalid"
    )
    head_group = Group.objects.get(name=Role.UNIT_HEAD.group_name)
    assert heads.exists()
    assert all(head_group in h.user.groups.all() for h in heads)
    entry = AuditEntry.objects.filter(action="staff.import").first()
    assert entry.actor == cast.officer and entry.details["created"] == 0


def test_changed_file_updates_people_in_place(cast, rows):
    import_staff(write_staff_xlsx(rows), "ds.xlsx", organisation=cast.org, acting_user=cast.officer)
    person = Staff.objects.get(email=rows[5]["email"].lower())
    rows[5]["position"] = "Chuyên viên chính"
    rows[5]["phone"] = "0987654321"
    result = import_staff(
        write_staff_xlsx(rows), "ds.xlsx", organisation=cast.org, acting_user=cast.officer
    )
    assert (result.created, result.updated) == (0, 1)
    person.refresh_from_db()
    assert (person.position, person.phone) == ("Chuyên viên chính", "0987654321")
    assert Staff.objects.get(email=rows[5]["email"].lower()).pk == person.pk


def test_same_email_in_other_organisation_is_separate(cast, rows):
    data = write_staff_xlsx(rows[:3])
    import_staff(data, "ds.xlsx", organisation=cast.org, acting_user=cast.officer)
    assert Staff.objects.filter(organisation=cast.other_org).count() == 3  # the cast's own
    assert not Unit.objects.filter(organisation=cast.other_org, name=rows[0]["unit"]).exists()


def test_unreadable_file_raises(cast):
    with pytest.raises(StaffFileError):
        import_staff(
            b"\x89PNG\r\n\x1a\n...", "a.png", organisation=cast.org, acting_user=cast.officer
        )


def test_import_view_shows_row_and_column_errors(client, cast, rows):
    rows[10]["email"] = "khong-phai-email"
    rows[20]["kind"] = "Bộ đội"
    client.force_login(cast.officer)
    count = Staff.objects.count()
    response = client.post(
        reverse("org:staff_import"),
        {"file": _upload(write_staff_xlsx(rows), "ds.xlsx")},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa có dữ liệu nào được nhập" in body
    assert [(e.row_number, e.column) for e in response.context["errors"]] == [
        (12, "Email"),
        (22, "Loại"),
    ]
    assert Staff.objects.count() == count


def test_import_view_success_redirects_with_message(client, cast, rows):
    client.force_login(cast.officer)
    response = client.post(
        reverse("org:staff_import"),
        {"file": _upload(write_staff_xlsx(rows[:30]), "ds.xlsx")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("org:staff_list")
    assert "30 người mới" in response.content.decode()


def test_import_view_rejects_non_spreadsheet(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("org:staff_import"), {"file": _upload(b"%PDF-1.4 nope", "x.pdf")}
    )
    assert response.status_code == 400
    assert response.context["file_error"]


def _upload(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
