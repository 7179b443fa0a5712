import datetime as dt

import pytest
from django.utils import timezone

from parcomms.activities.services import record_activity
from parcomms.legal.models import LegalDocument
from parcomms.plans.models import Duty, Plan, PlanDocument, Topic

TOPICS = [
    ("a", "Tuyên truyền công tác chỉ đạo điều hành về CCHC"),
    ("b", "Tuyên truyền về cải cách thể chế"),
    ("c", "Tuyên truyền về cải cách thủ tục hành chính"),
]
DUTY = (
    "Căn cứ vào tình hình thực tế của đơn vị, tổ chức tuyên truyền bằng nhiều hình thức, nội "
    "dung khác nhau; lồng ghép các nội dung cải cách hành chính trong buổi phổ biến giáo dục "
    "pháp luật."
)


@pytest.fixture
def plan(cast):
    plan = Plan.objects.create(
        organisation=cast.org,
        title="Tuyên truyền cải cách hành chính năm 2023",
        year=2023,
        symbol="KH-VPUB",
    )
    for i, (label, title) in enumerate(TOPICS):
        Topic.objects.create(plan=plan, label=label, title=title, order=i)
    doc = LegalDocument.objects.create(
        key="1894/QĐ-UBND",
        type_name="Quyết định",
        number="1894",
        symbol="QĐ-UBND",
        system="state",
        subject="Kế hoạch CCHC năm 2023",
    )
    PlanDocument.objects.create(plan=plan, document=doc, role="cited", order=1)
    Duty.objects.create(plan=plan, who="Trưởng các phòng, ban, đơn vị", text=DUTY, order=1)
    return plan


@pytest.fixture
def other_plan(cast):
    plan = Plan.objects.create(
        organisation=cast.other_org, title="KH SNV", year=2023, symbol="KH-SNV"
    )
    Topic.objects.create(plan=plan, label="a", title="Chủ đề của Sở", order=0)
    return plan


def local(year, month, day, hour=8, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def make_session(
    cast, *, by=None, unit=None, starts_at=None, hours=2, topics=(), invited=(), **values
):
    by = by or cast.head
    if starts_at is None:
        # Started ten minutes ago, but never before local midnight: tests check this session
        # against today's day/month/quarter/year, which must hold at 00:05 on 1 January too.
        now = timezone.localtime()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        starts_at = max(now - dt.timedelta(minutes=10), midnight)
    data = {
        "unit": unit or cast.unit,
        "kind": values.pop("kind", "pbgdpl"),
        "title": values.pop("title", "Sinh hoạt phổ biến pháp luật tháng"),
        "starts_at": starts_at,
        "ends_at": values.pop("ends_at", starts_at + dt.timedelta(hours=hours)),
        "place": "Phòng họp số 1",
        **values,
    }
    return record_activity(
        data,
        acting_user=by,
        organisation=data["unit"].organisation,
        topics=topics,
        invited_units=invited,
    )
