"""Every org view, for anonymous, wrong organisation, wrong unit, wrong role and wrong method."""

import pytest
from django.urls import reverse

from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client, cast):
    for name, args in [
        ("org:staff_list", []),
        ("org:staff_detail", [cast.staff.staff.pk]),
        ("org:staff_import", []),
        ("org:staff_template", []),
        ("org:unit_list", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert "/login/" in response["Location"], name


def test_staff_list_scoped_by_role_and_unit(client, cast):
    url = reverse("org:staff_list")
    # Reform officer: the whole organisation, nobody from the other organisation.
    names = {s.full_name for s in login(client, cast.officer).get(url).context["page"]}
    assert "Bùi Văn Khoa" in names and "Đặng Thị Hà" in names
    assert "Dương Thị Nga" not in names
    # Unit head: own unit only.
    names = {s.full_name for s in login(client, cast.head).get(url).context["page"]}
    assert "Đặng Thị Hà" in names
    assert "Bùi Văn Khoa" not in names  # other unit
    # Staff and editors may not list staff.
    assert is_refused(login(client, cast.staff).get(url))
    assert is_refused(login(client, cast.editor).get(url))


def test_staff_detail_wrong_unit_and_wrong_org_are_404(client, cast):
    other_unit_person = reverse("org:staff_detail", args=[cast.other_staff.staff.pk])
    other_org_person = reverse("org:staff_detail", args=[cast.other_org_staff.staff.pk])
    own_unit_person = reverse("org:staff_detail", args=[cast.staff.staff.pk])
    login(client, cast.head)
    assert client.get(own_unit_person).status_code == 200
    assert client.get(other_unit_person).status_code == 404
    login(client, cast.officer)
    assert client.get(other_unit_person).status_code == 200
    assert client.get(other_org_person).status_code == 404
    login(client, cast.other_org_officer)
    assert client.get(own_unit_person).status_code == 404
    login(client, cast.staff)
    assert is_refused(client.get(own_unit_person))


def test_import_only_for_reform_officers_and_admins(client, cast):
    url = reverse("org:staff_import")
    for user in (cast.officer, cast.admin):
        assert login(client, user).get(url).status_code == 200
    for user in (cast.head, cast.leader, cast.editor, cast.staff):
        assert is_refused(login(client, user).get(url))
        assert is_refused(login(client, user).post(url))
    assert login(client, cast.officer).get(reverse("org:staff_template")).status_code == 200
    assert is_refused(login(client, cast.staff).get(reverse("org:staff_template")))


def test_superuser_without_staff_record_cannot_import(client, cast):
    # A system superuser belongs to no organisation, so there is nowhere to import into.
    assert is_refused(login(client, cast.superuser).get(reverse("org:staff_import")))


def test_unit_list_scoped(client, cast):
    url = reverse("org:unit_list")
    units = {u.name for u in login(client, cast.officer).get(url).context["units"]}
    assert units == {"Phòng Hành chính - Tổ chức", "Phòng Kinh tế"}
    units = {u.name for u in login(client, cast.other_head).get(url).context["units"]}
    assert units == {"Phòng Kinh tế"}
    assert is_refused(login(client, cast.staff).get(url))


@pytest.mark.parametrize(
    "name,method",
    [
        ("org:staff_list", "post"),
        ("org:unit_list", "post"),
        ("org:staff_template", "post"),
        ("org:staff_import", "put"),
        ("org:staff_import", "delete"),
    ],
)
def test_wrong_method(client, cast, name, method):
    response = getattr(login(client, cast.officer), method)(reverse(name))
    assert response.status_code == 405


def test_staff_detail_wrong_method(client, cast):
    url = reverse("org:staff_detail", args=[cast.staff.staff.pk])
    assert login(client, cast.officer).post(url).status_code == 405


def test_admin_menu_shows_items_by_role(client, cast):
    body = login(client, cast.officer).get("/admin/").content.decode()
    assert reverse("org:staff_list") in body and reverse("audit:list") in body
    body = login(client, cast.staff).get("/admin/").content.decode()
    assert reverse("org:staff_list") not in body and reverse("audit:list") not in body


def test_staff_search_ignores_diacritics(client, cast):
    response = login(client, cast.officer).get(reverse("org:staff_list"), {"q": "dang thi ha"})
    assert [s.full_name for s in response.context["page"]] == ["Đặng Thị Hà"]


def test_staff_sorted_in_vietnamese_order(client, cast):
    response = login(client, cast.officer).get(reverse("org:staff_list"))
    names = [s.full_name for s in response.context["page"]]
    # Sorted by given name (last word), Vietnamese alphabet: An < Bình < Cường < Dung < Đức ...
    assert names.index("Nguyễn Văn An") < names.index("Trần Thị Bình") < names.index("Lê Văn Cường")
    assert names.index("Phạm Thị Dung") < names.index("Võ Minh Đức")
