"""The "new report" form: a year and a kỳ instead of a typed key; it builds the key stored
reports and `build_report` use, defaults to the last finished quarter and refuses bad
combinations in Vietnamese without creating anything."""

import datetime as dt

import pytest
from django.urls import reverse

from parcomms.reports import services
from parcomms.reports.forms import ReportCreateForm, last_finished_quarter
from parcomms.reports.models import Report

TODAY = dt.date(2023, 8, 20)


def form(today=TODAY, **data):
    return ReportCreateForm({"kind": "communication", **data}, today=today)


@pytest.mark.parametrize(
    ("year", "part", "key"),
    [
        ("2023", "Q1", "2023-Q1"),
        ("2023", "Q2", "2023-Q2"),
        ("2022", "Q3", "2022-Q3"),
        ("2022", "Q4", "2022-Q4"),
        ("2023", "H1", "2023-H1"),
        ("2022", "H2", "2022-H2"),
        (" 2022 ", "Y", "2022"),
    ],
)
def test_each_kind_builds_the_stored_key(year, part, key):
    f = form(year=year, part=part)
    assert f.is_valid(), f.errors
    assert f.cleaned_data["period"] == key


def test_the_kinds_offered_are_the_ones_reports_support():
    f = ReportCreateForm(today=TODAY)
    offered = {
        value: str(label)
        for _group, options in f.fields["part"].choices
        for value, label in options
    }
    assert offered == {
        "Q1": "Quý I",
        "Q2": "Quý II",
        "Q3": "Quý III",
        "Q4": "Quý IV",
        "H1": "6 tháng đầu năm",
        "H2": "6 tháng cuối năm",
        "Y": "Cả năm",
    }


@pytest.mark.parametrize(
    ("today", "year", "part"),
    [
        (dt.date(2023, 8, 20), 2023, "Q2"),
        (dt.date(2023, 7, 1), 2023, "Q2"),
        (dt.date(2023, 6, 30), 2023, "Q1"),
        (dt.date(2024, 1, 10), 2023, "Q4"),
    ],
)
def test_default_is_the_last_finished_quarter(today, year, part):
    f = ReportCreateForm(today=today)
    assert (f["year"].value(), f["part"].value()) == (year, part)
    assert last_finished_quarter(today).key == f"{year}-{part}"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": "1999", "part": "Q1"}, "year", "Năm của kỳ báo cáo phải trong khoảng 2000–2100."),
        ({"year": "hai", "part": "Q1"}, "year", "Năm phải là một số, ví dụ 2023."),
        ({"year": "", "part": "Q1"}, "year", "Hãy nhập năm của kỳ báo cáo."),
        ({"year": "2023", "part": "Q5"}, "part", "Hãy chọn kỳ báo cáo trong danh sách"),
        ({"year": "2023", "part": ""}, "part", "Hãy chọn kỳ báo cáo."),
        ({"year": "2023", "part": "Q4"}, "__all__", "quý IV năm 2023 chưa bắt đầu"),
        ({"year": "2023", "part": "Y", "kind": "nope"}, "kind", "Hãy chọn một loại báo cáo"),
    ],
)
def test_bad_combinations_are_refused_in_vietnamese(data, field, message):
    f = form(**data)
    assert not f.is_valid()
    assert message in " ".join(f.errors[field])
    assert set(f.errors) == {field}  # the message points at what is wrong, nothing else


def test_a_period_under_way_may_be_reported():
    f = form(year="2023", part="Q3")  # 20/8/2023 is inside the third quarter
    assert f.is_valid() and f.cleaned_data["period"] == "2023-Q3"


@pytest.mark.django_db
def test_list_page_shows_the_form_and_period_names(client, cast):
    for key in ("2023-H1", "2022-Q4"):
        services.create_report(
            organisation=cast.org, kind="communication", period=key, acting_user=cast.officer
        )
    client.force_login(cast.officer)
    page = client.get(reverse("reports:list")).content.decode()
    assert 'name="year"' in page and 'name="part"' in page and 'name="period"' not in page
    # The list names the periods, not "2023-H1" or "2022-Q4".
    assert "6 tháng đầu năm 2023" in page and "Quý IV/2022" in page and "2022-Q4" not in page
    client.force_login(cast.leader)  # reads reports, may not create one
    page = client.get(reverse("reports:list")).content.decode()
    assert "6 tháng đầu năm 2023" in page and 'name="part"' not in page


@pytest.mark.django_db
def test_bad_post_creates_nothing_and_keeps_the_input(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("reports:create"), {"kind": "communication", "year": "2100", "part": "Q1"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Report.objects.exists()
    assert "quý I năm 2100 chưa bắt đầu" in page
    assert 'value="2100"' in page  # the officer corrects the input rather than retyping it
    response = client.post(
        reverse("reports:create"), {"kind": "communication", "year": "2023", "part": "Y"}
    )
    report = Report.objects.get()
    assert (report.period, report.organisation, report.created_by) == (
        "2023",
        cast.org,
        cast.officer,
    )
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
