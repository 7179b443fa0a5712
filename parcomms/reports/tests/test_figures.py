"""Every figure of the 2023-Q2 communication report equals a direct database count over the
same period, recomputed here with its own ORM query."""

import datetime as dt
import io

import pytest
from django.db.models import Count
from docx import Document

from parcomms.activities.models import Activity, Attendance
from parcomms.channels.models import Delivery
from parcomms.content.models import ArticlePage
from parcomms.contests.models import Attempt, Contest, Entrant
from parcomms.reports import figures, registry, render
from parcomms.reports.periods import parse_period
from parcomms.reports.registry import BuildContext

from .conftest import VN

pytestmark = pytest.mark.django_db

START = dt.datetime(2023, 4, 1, tzinfo=VN)
END = dt.datetime(2023, 7, 1, tzinfo=VN)


def articles(org):
    return ArticlePage.objects.filter(
        organisation=org, live=True, first_published_at__gte=START, first_published_at__lt=END
    )


def test_every_figure_equals_a_direct_count(cast, q2_data):
    f = figures.compute(cast.org, parse_period("2023-Q2"))
    arts = articles(cast.org)
    assert f["articles"]["total"] == arts.count() == 3
    by_kind = {r["kind"]: r["n"] for r in arts.values("kind").annotate(n=Count("pk"))}
    assert {label: n for label, n in f["articles"]["by_kind"]} == {
        str(ArticlePage.Kind(k).label): n for k, n in by_kind.items()
    }
    topics = ArticlePage.topics.through.objects.filter(articlepage__in=arts)
    expected_topics = {
        f"{r['topic__label']}) {r['topic__title']}": r["n"]
        for r in topics.values("topic__label", "topic__title").annotate(n=Count("pk"))
    }
    assert dict(map(tuple, f["articles"]["by_topic"])) == expected_topics
    assert sum(expected_topics.values()) == 3  # a: 1, c: 2
    authors = ArticlePage.authors.through.objects.filter(articlepage__in=arts)
    expected_units = {
        r["staff__unit__name"]: r["n"]
        for r in authors.values("staff__unit__name").annotate(n=Count("articlepage", distinct=True))
    }
    assert dict(map(tuple, f["articles"]["by_unit"])) == expected_units
    assert expected_units[cast.unit.name] == 2 and expected_units[cast.other_unit.name] == 2
    sent = Delivery.objects.filter(article__in=arts, status="sent")
    assert [n for _label, n in f["deliveries"]] == [sent.count()] == [3]  # failed: not counted
    sessions = Activity.objects.filter(
        organisation=cast.org,
        kind__in=Activity.SESSION_KINDS,
        is_cancelled=False,
        starts_at__gte=START,
        starts_at__lt=END,
    )
    attendance = Attendance.objects.filter(activity__in=sessions)
    assert f["sessions"]["held"] == sessions.count() == 2
    assert f["sessions"]["invited"] == attendance.count() == 4
    assert f["sessions"]["present"] == attendance.filter(status="present").count() == 3
    assert f["sessions"]["rate"] == 75.0
    others = Activity.objects.filter(
        organisation=cast.org, is_cancelled=False, starts_at__gte=START, starts_at__lt=END
    ).exclude(kind__in=Activity.SESSION_KINDS)
    assert sum(n for _l, n in f["other_forms"]) == others.count() == 2
    assert f["contests"] == {
        "held": Contest.objects.filter(
            organisation=cast.org, rounds__opens_at__gte=START, rounds__opens_at__lt=END
        )
        .distinct()
        .count(),
        "entrants": Entrant.objects.filter(
            contest__organisation=cast.org, created_at__gte=START, created_at__lt=END
        ).count(),
        "submitted": Attempt.objects.filter(
            round__contest__organisation=cast.org,
            status="submitted",
            submitted_at__gte=START,
            submitted_at__lt=END,
        ).count(),
    }
    assert f["contests"] == {"held": 1, "entrants": 3, "submitted": 2}
    assert [p["number"] for p in f["plans"]] == ["12/KH-VPUB"]
    assert f["plans"][0]["date"] == "05/04/2023"


def test_previous_period_and_document_text(cast, q2_data):
    builder = registry.get("communication")
    built = builder.build(
        BuildContext(organisation=cast.org, period=parse_period("2023-Q2"), sections={})
    )
    previous = built.figures["previous"]
    q1 = ArticlePage.objects.filter(
        organisation=cast.org,
        live=True,
        first_published_at__gte=dt.datetime(2023, 1, 1, tzinfo=VN),
        first_published_at__lt=START,
    ).count()
    assert previous["articles"]["total"] == q1 == 1
    assert previous["sessions"]["held"] == 1
    compare = {row[0]: row[1:] for row in built.sheets[-1].rows}
    assert compare["Tin, bài được đăng"] == [3, 1, "+200,0%"]
    assert compare["Hội nghị, buổi sinh hoạt đã tổ chức"] == [2, 1, "+100,0%"]
    doc = Document(io.BytesIO(render.docx_bytes(built)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN" in text.upper()
    assert "đã đăng tải 3 tin, bài" in text
    assert "Đã tổ chức 2 hội nghị" in text and "3/4 lượt" in text and "75,0%" in text
    assert "Kế hoạch số 12/KH-VPUB ngày 05/04/2023" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("UBND tỉnh;" in c for c in cells)  # Nơi nhận from the plan's recipients
    assert len(doc.inline_shapes) == 2  # charts embedded as pictures
    assert "+200,0%" in cells


def test_xlsx_annex_has_the_figures(cast, q2_data):
    from openpyxl import load_workbook

    built = registry.get("communication").build(
        BuildContext(organisation=cast.org, period=parse_period("2023-Q2"), sections={})
    )
    wb = load_workbook(io.BytesIO(render.xlsx_bytes(built)))
    assert "Nội dung" in wb.sheetnames and "So sánh" in wb.sheetnames
    rows = list(wb["Hội nghị"].iter_rows(min_row=4, values_only=True))
    assert rows == [(2, 4, 3, 75.0)]
