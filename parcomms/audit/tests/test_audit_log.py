import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parcomms.audit.log import record
from parcomms.audit.models import AuditEntry
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


@pytest.fixture
def delivery_entry(cast):
    return record(
        "delivery.sent",
        actor=None,
        organisation=cast.org,
        channel="portal",
        external_id="ext-7",
        attempts=1,
        created=True,
        indicator="UNIT_MEETINGS",
    )


def test_page_shows_details_in_vietnamese(client, cast, delivery_entry):
    client.force_login(cast.officer)
    html = client.get(reverse("audit:list")).content.decode()
    assert "Đã đăng tải lên kênh" in html
    assert "Kênh: Cổng thông tin điện tử" in html
    assert "Mã bên ngoài: ext-7" in html
    assert "Số lần thử: 1" in html
    assert "Tạo mới: có" in html
    assert "Chỉ số: Đơn vị tổ chức hội nghị" in html
    for raw in ("channel:", "external_id", "attempts:", "created:", "UNIT_MEETINGS", "True"):
        assert raw not in html


def test_export_uses_the_same_presentation(client, cast, delivery_entry):
    client.force_login(cast.officer)
    response = client.get(reverse("audit:export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][3] == "Đã đăng tải lên kênh"
    # In Vietnamese order of the labels on both databases (jsonb reorders the keys).
    assert rows[1][5] == (
        "Chỉ số: Đơn vị tổ chức hội nghị; Kênh: Cổng thông tin điện tử; Mã bên ngoài: ext-7; "
        "Số lần thử: 1; Tạo mới: có"
    )


def test_date_filters_take_day_month_year(client, cast, entries):
    client.force_login(cast.officer)
    url = reverse("audit:list")
    html = client.get(url).content.decode()
    assert 'type="date"' not in html
    day = timezone.localtime(AuditEntry.objects.latest("at").at).date()
    written = day.strftime("%d/%m/%Y")
    response = client.get(url, {"date_from": written, "date_to": written})
    assert sorted(e.details["created"] for e in response.context["page"]) == [1, 3]
    assert f'value="{written}"' in response.content.decode()  # echoed back as written
    before = (day - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert len(client.get(url, {"date_to": before}).context["page"]) == 0
    export = client.get(reverse("audit:export"), {"date_from": written})
    assert len(list(load_workbook(io.BytesIO(export.content)).active.values)) == 3


@pytest.mark.parametrize("bad", ["31/02/2024", "2024/13/01", "hôm qua", "12/31/2024"])
def test_bad_date_gets_vietnamese_message_and_no_rows(client, cast, entries, bad):
    client.force_login(cast.officer)
    response = client.get(reverse("audit:list"), {"date_from": bad})
    assert response.status_code == 200
    assert len(response.context["page"]) == 0
    assert "Ngày không hợp lệ; hãy viết theo dạng ngày/tháng/năm" in response.content.decode()
    export = client.get(reverse("audit:export"), {"date_from": bad})
    assert export.status_code == 400
    assert "Ngày không hợp lệ" in export.content.decode()


def test_date_range_backwards_is_refused(client, cast, entries):
    client.force_login(cast.officer)
    response = client.get(
        reverse("audit:list"), {"date_from": "02/01/2024", "date_to": "01/01/2024"}
    )
    assert len(response.context["page"]) == 0
    assert "“Từ ngày” phải trước hoặc bằng “Đến ngày”." in response.content.decode()
