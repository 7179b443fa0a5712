import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from parcomms.audit.log import record
from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(cast):
    record("staff.import", actor=cast.officer, organisation=cast.org, created=3)
    record("staff.import", actor=cast.other_head, organisation=cast.org, created=1)
    record("staff.import", actor=cast.other_org_officer, organisation=cast.other_org, created=9)


def test_record_fills_actor_unit_and_organisation(cast):
    entry = record("staff.import", actor=cast.head, obj=cast.unit)
    assert entry.actor_name == "Lê Văn Cường"
    assert entry.unit == cast.unit and entry.organisation == cast.org
    assert entry.object_repr == "Phòng Hành chính - Tổ chức"


def test_officer_reads_own_organisation_only(client, cast, entries):
    client.force_login(cast.officer)
    page = client.get(reverse("audit:list")).context["page"]
    assert sorted(e.details["created"] for e in page) == [1, 3]


def test_filters_by_user_unit_and_date(client, cast, entries):
    client.force_login(cast.officer)
    url = reverse("audit:list")
    page = client.get(url, {"actor": cast.other_head.pk}).context["page"]
    assert [e.details["created"] for e in page] == [1]
    page = client.get(url, {"unit": cast.unit.pk}).context["page"]
    assert [e.details["created"] for e in page] == [3]
    page = client.get(url, {"date_from": "2000-01-01", "date_to": "2000-01-02"}).context["page"]
    assert len(page) == 0


def test_export_xlsx(client, cast, entries):
    client.force_login(cast.officer)
    response = client.get(reverse("audit:export"), {"unit": cast.other_unit.pk})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("Thời điểm", "Người thực hiện", "Đơn vị", "Thao tác")
    assert [(r[1], r[2], r[3]) for r in rows[1:]] == [
        ("Phạm Thị Dung", "Phòng Kinh tế", "Nhập danh sách cán bộ")
    ]


@pytest.mark.parametrize("name", ["audit:list", "audit:export"])
def test_access(client, cast, entries, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous
    for user in (cast.head, cast.leader, cast.editor, cast.staff):
        client.force_login(user)
        assert is_refused(client.get(url))
    client.force_login(cast.officer)
    assert client.post(url).status_code == 405
    client.force_login(cast.other_org_officer)
    response = client.get(url)
    assert response.status_code == 200
    if name == "audit:list":
        assert [e.details["created"] for e in response.context["page"]] == [9]
