"""“Việc của tôi” on the admin home: the staff member's unit sessions, the unit's obligations
for the current period, the contests they may enter and their own articles by state."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcomms.activities.services import save_rule
from parcomms.activities.tests.conftest import make_session
from parcomms.content.testing import act, make_article, submit
from parcomms.contests.models import Contest
from parcomms.contests.tests.conftest import make_contest, make_plan, make_questions, make_round
from parcomms.dashboard.staff_panel import StaffPanel

pytestmark = pytest.mark.django_db

TITLE = "Việc của tôi"


def home(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def rule(cast, title, units=(), counts="session"):
    values = {
        "title": title,
        "counts": counts,
        "period": "month",
        "required": 1,
        "all_units": not units,
        "active_from": dt.date(2023, 1, 1),
        "active_until": None,
    }
    return save_rule(values, acting_user=cast.officer, organisation=cast.org, units=list(units))


def in_days(days, hour=9):
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def contests(cast):
    """An open round for the organisation's staff, one closed, one for another unit only,
    and one of another organisation."""
    make_plan(cast.org)
    bank = make_questions(cast.org, cast.officer)
    mine = make_contest(cast.org, cast.officer, title="Cuộc thi của cơ quan mình", slug="cua-minh")
    make_round(mine, cast.officer, bank, number=2, title="Vòng chung kết")
    past = make_contest(cast.org, cast.officer, title="Cuộc thi đã kết thúc", slug="da-xong")
    now = timezone.now()
    make_round(
        past,
        cast.officer,
        bank,
        opens=now - dt.timedelta(days=10),
        closes=now - dt.timedelta(days=1),
    )
    other_unit = make_contest(
        cast.org, cast.officer, title="Cuộc thi riêng của Phòng Kinh tế", slug="phong-kt"
    )
    other_unit.audience_units.set([cast.other_unit])
    make_round(other_unit, cast.officer, bank)
    make_plan(cast.other_org)
    other_bank = make_questions(cast.other_org, cast.other_org_officer)
    theirs = make_contest(
        cast.other_org, cast.other_org_officer, title="Cuộc thi của Sở Nội vụ", slug="snv"
    )
    make_round(theirs, cast.other_org_officer, other_bank)
    public = make_contest(
        cast.org,
        cast.officer,
        title="Cuộc thi mở cho người dân",
        slug="nguoi-dan",
        audience=Contest.Audience.PUBLIC,
    )
    make_round(public, cast.officer, bank)
    return mine


def articles(cast):
    """One article of the staff member in each state, and one of a colleague."""
    make_article(cast.staff, title="Bài nháp về một cửa liên thông")
    waiting = make_article(cast.staff, title="Bài chờ duyệt về dịch vụ công")
    submit(waiting, cast.staff)
    returned = make_article(cast.staff, title="Bài bị trả lại về chữ ký số")
    submit(returned, cast.staff)
    act(returned, cast.head, "reject", comment="Bổ sung số liệu quý III.")
    published = make_article(cast.staff, title="Bài đã đăng về thủ tục hành chính")
    submit(published, cast.staff)
    act(published, cast.head)
    act(published, cast.editor)
    make_article(cast.other_staff, title="Bài của đồng nghiệp phòng khác")
    return {"waiting": waiting, "returned": returned, "published": published}


def section(html, start_id, end_id=None):
    start = html.index(f'id="{start_id}"')
    end = html.index(f'id="{end_id}"', start) if end_id else html.index("</section>", start)
    return html[start:end]


def test_staff_sees_own_unit_sessions_obligations_contests_and_articles(client, cast):
    now_session = make_session(cast, title="Sinh hoạt đang diễn ra")
    make_session(cast, title="Hội nghị tuần sau", starts_at=in_days(7), place="Hội trường A")
    make_session(
        cast,
        by=cast.other_head,
        unit=cast.other_unit,
        title="Họp mời Phòng Hành chính",
        starts_at=in_days(3),
        invited=[cast.unit],
    )
    make_session(
        cast,
        by=cast.other_head,
        unit=cast.other_unit,
        title="Họp riêng Phòng Kinh tế",
        starts_at=in_days(2),
    )
    make_session(cast, title="Buổi sinh hoạt quá xa", starts_at=in_days(31))
    make_session(cast, title="Buổi sinh hoạt tháng trước", starts_at=in_days(-20))
    rule(cast, "Mỗi tháng ít nhất một buổi sinh hoạt có nội dung CCHC")
    rule(cast, "Nghĩa vụ riêng của Phòng Kinh tế", units=[cast.other_unit])
    mine = contests(cast)
    made = articles(cast)

    html = home(client, cast.staff)
    assert TITLE in html
    assert "Tổng quan thực hiện kế hoạch" not in html  # a plain staff member has no dashboard

    sessions = section(html, "pc-staff-sessions", "pc-staff-obligations")
    assert "Sinh hoạt đang diễn ra" in sessions
    assert "Hội nghị tuần sau" in sessions and "Hội trường A" in sessions
    week = in_days(7)
    assert f"09:00 ngày {week:%d/%m/%Y}" in sessions
    assert "Họp mời Phòng Hành chính" in sessions and "do Phòng Kinh tế tổ chức" in sessions
    assert "Họp riêng Phòng Kinh tế" not in sessions
    assert "Buổi sinh hoạt quá xa" not in sessions
    assert "Buổi sinh hoạt tháng trước" not in sessions
    # Only the session in its check-in window has the link, and the link does not give away
    # the code that proves presence.
    assert sessions.count('href="/diem-danh/"') == 1
    assert now_session.code not in html
    assert sessions.index("Sinh hoạt đang diễn ra") < sessions.index("Hội nghị tuần sau")

    obligations = section(html, "pc-staff-obligations", "pc-staff-contests")
    assert "Mỗi tháng ít nhất một buổi sinh hoạt có nội dung CCHC" in obligations
    assert "Đang thực hiện" in obligations  # nobody present yet: due, the month is not over
    assert "Nghĩa vụ riêng của Phòng Kinh tế" not in obligations
    assert "/admin/activities/obligations/" not in obligations  # staff cannot open that page

    rounds = section(html, "pc-staff-contests", "pc-staff-articles")
    assert f'href="/cuoc-thi/{mine.slug}/#round-2"' in rounds
    assert "Vòng 2: Vòng chung kết" in rounds
    for absent in ("đã kết thúc", "Phòng Kinh tế", "Sở Nội vụ", "người dân"):
        assert absent not in rounds

    arts = section(html, "pc-staff-articles")
    for key, title in [
        ("draft", "Bài nháp về một cửa liên thông"),
        ("waiting", "Bài chờ duyệt về dịch vụ công"),
        ("returned", "Bài bị trả lại về chữ ký số"),
        ("published", "Bài đã đăng về thủ tục hành chính"),
    ]:
        group = arts[arts.index(f'id="pc-articles-{key}"') :]
        group = group[: group.index("</dd>")]
        assert title in group, key
        assert "(1)" in group
    assert "Bổ sung số liệu quý III." in arts
    assert f'href="/admin/pages/{made["returned"].pk}/edit/"' in arts
    assert "Bài của đồng nghiệp phòng khác" not in arts


def test_empty_sections_say_so(client, cast):
    html = home(client, cast.staff)
    assert TITLE in html
    assert "Chưa có buổi sinh hoạt nào trong 30 ngày tới." in html
    assert "Đơn vị chưa có nghĩa vụ nào áp dụng cho kỳ này." in html
    assert "Hiện không có cuộc thi nào đang mở cho bạn." in html
    for empty in (
        "Không có bản nháp nào.",
        "Không có tin, bài nào đang chờ duyệt.",
        "Không có tin, bài nào bị trả lại.",
        "Chưa có tin, bài nào được đăng.",
    ):
        assert empty in html


def test_unit_head_keeps_the_dashboard_panel_and_also_sees_their_own(client, cast):
    make_session(cast, title="Hội nghị tuần sau", starts_at=in_days(7))
    rule(cast, "Mỗi tháng ít nhất một buổi sinh hoạt có nội dung CCHC")
    html = home(client, cast.head)
    assert "Tổng quan thực hiện kế hoạch" in html
    assert TITLE in html
    assert html.index("Tổng quan thực hiện kế hoạch") < html.index(TITLE)
    assert "Hội nghị tuần sau" in html
    # A unit head may read the unit's obligations page, so the panel links to it.
    assert f"/admin/activities/obligations/unit/{cast.unit.pk}/" in html


def test_other_unit_staff_sees_their_own_unit_only(client, cast):
    make_session(cast, title="Hội nghị tuần sau", starts_at=in_days(7))
    html = home(client, cast.other_staff)
    assert TITLE in html
    assert "Hội nghị tuần sau" not in html
    assert "Chưa có buổi sinh hoạt nào trong 30 ngày tới." in html


def test_superuser_without_staff_record_gets_no_staff_panel(client, cast):
    html = home(client, cast.superuser)
    assert TITLE not in html


def test_anonymous_is_sent_to_sign_in(client, cast):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def _panel_queries(user_pk) -> tuple[int, str]:
    user = get_user_model().objects.get(pk=user_pk)
    with CaptureQueriesContext(connection) as captured:
        html = StaffPanel(user).render_html({})
    return len(captured), html


def test_panel_queries_do_not_grow_with_sessions_articles_and_contests(
    cast, django_assert_max_num_queries
):
    rule(cast, "Mỗi tháng ít nhất một buổi sinh hoạt có nội dung CCHC")
    make_session(cast, title="Buổi 1", starts_at=in_days(1))
    make_article(cast.staff, title="Tin số 1")
    make_plan(cast.org)
    bank = make_questions(cast.org, cast.officer)
    make_round(make_contest(cast.org, cast.officer, slug="thi-1"), cast.officer, bank)
    few, html = _panel_queries(cast.staff.pk)
    assert "Buổi 1" in html and "Tin số 1" in html

    rule(cast, "Mỗi quý ít nhất ba buổi sinh hoạt")
    for i in range(2, 8):
        make_session(cast, title=f"Buổi {i}", starts_at=in_days(i), invited=[cast.other_unit])
    for i in range(2, 8):
        make_article(cast.staff, title=f"Tin số {i}")
    submit(make_article(cast.staff, title="Tin chờ duyệt"), cast.staff)
    for i in range(2, 5):
        contest = make_contest(cast.org, cast.officer, slug=f"thi-{i}")
        contest.audience_units.set([cast.unit])
        make_round(contest, cast.officer, bank)
    many, html = _panel_queries(cast.staff.pk)
    assert "Buổi 7" in html and "Tin chờ duyệt" in html and html.count("#round-1") == 4

    assert many == few
    # The user's staff record, roles, unit and organisation (4); the obligations of one kind
    # of record (3 + 2, see activities.queries); sessions (1); units and rounds (2);
    # articles (1).
    user = get_user_model().objects.get(pk=cast.staff.pk)
    with django_assert_max_num_queries(13):
        StaffPanel(user).render_html({})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_admin_home_in_a_browser(page, live_server, cast, output_dir):
    from parcomms.org.testing import admin_login

    make_session(cast, title="Sinh hoạt đang diễn ra")
    make_session(cast, title="Hội nghị tuần sau", starts_at=in_days(7), place="Hội trường A")
    rule(cast, "Mỗi tháng ít nhất một buổi sinh hoạt có nội dung CCHC")
    contests(cast)
    articles(cast)
    page.set_viewport_size({"width": 1280, "height": 1600})
    admin_login(page, live_server.url, cast.staff.username)
    panel = page.locator("#pc-staff-home")
    assert panel.get_by_role("heading", name=TITLE).is_visible()
    assert panel.get_by_role("link", name="Xác nhận có mặt").count() == 1
    assert panel.get_by_text("Bổ sung số liệu quý III.").is_visible()
    page.screenshot(path=str(output_dir / "staff-admin-home.png"), full_page=True)
