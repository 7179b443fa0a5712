"""The pure scoring function on a hand-computed period: every line and total below was worked
out by hand from the records and criteria in this file (no database)."""

import datetime as dt
from decimal import Decimal as D

from parcomms.emulation.criteria import ArticleRule, Band, Criteria, ManualCriterion
from parcomms.emulation.facts import (
    ABSENT,
    DONE,
    EXCUSED,
    NO_DATA,
    OVERDUE,
    PRESENT,
    ArticleFact,
    AttemptFact,
    ManualFact,
    ObligationFact,
    PeriodFacts,
    RoundFact,
    SessionFact,
    StaffFact,
    UnitFact,
)
from parcomms.emulation.scoring import rate_text, score

P, A, E = PRESENT, ABSENT, EXCUSED
DAY = dt.date(2023, 5, 10)

CRITERIA = Criteria(
    articles=(
        ArticleRule("portal", "bai", D(5)),
        ArticleRule("portal", "", D(3)),
        ArticleRule("zalo", "", D(2), cap=D(4)),
        ArticleRule("site", "", D(1), for_person=False),
    ),
    session_points=D(2),
    session_cap=D(6),
    attended_points=D(1),
    attendance_bands=(Band(D(90), D(3)), Band(D(70), D(2)), Band(D(50), D(1))),
    obligation_points=D(2),
    participation_bands=(Band(D(100), D(5)), Band(D(80), D(3)), Band(D(50), D(1))),
    score_bands=(Band(D(9), D(3)), Band(D(7), D(2)), Band(D(5), D(1))),
    manual=(
        ManualCriterion("sang-kien", "Sáng kiến tuyên truyền", D(10)),
        ManualCriterion("phoi-hop", "Phối hợp với báo, đài", D(5)),
    ),
)


def all_present(*staff):
    return tuple((s, P) for s in staff)


FACTS = PeriodFacts(
    start=dt.date(2023, 4, 1),
    end=dt.date(2023, 6, 30),
    units=(
        UnitFact(1, "Phòng Kinh tế"),
        UnitFact(2, "Phòng Hành chính - Tổ chức"),
        UnitFact(3, "Ban Tiếp công dân"),
    ),
    staff=(
        StaffFact(11, "Nguyễn Văn An", 1),
        StaffFact(12, "Trần Thị Bình", 1),
        StaffFact(13, "Lê Văn Cường", 1),
        StaffFact(14, "Phạm Thị Dung", 1),
        StaffFact(21, "Đặng Thị Hà", 2),
        StaffFact(22, "Bùi Văn Khoa", 2),
        StaffFact(31, "Đỗ Thị Lan", 3),
        StaffFact(99, "Ngô Văn Minh", 1, active=False),
    ),
    articles=(
        ArticleFact(1, "A1", "bai", DAY, (11, 12), ("portal", "site", "zalo")),
        ArticleFact(2, "A2", "bai", DAY, (11, 21), ("portal", "site")),
        ArticleFact(3, "A3", "tin", DAY, (12,), ("portal", "site", "zalo")),
        ArticleFact(4, "A4", "tin", DAY, (21,), ("site", "zalo")),
        ArticleFact(5, "A5", "video", DAY, (99,), ("email", "site", "zalo")),
    ),
    sessions=(
        SessionFact(
            1,
            "Sinh hoạt tháng 4",
            dt.date(2023, 4, 14),
            1,
            (2,),
            ((11, P), (12, P), (13, P), (14, A), (21, P), (22, E)),
        ),
        SessionFact(
            2, "Sinh hoạt tháng 5", dt.date(2023, 5, 12), 1, (), all_present(11, 12, 13, 14)
        ),
        SessionFact(3, "Họp không ai dự", dt.date(2023, 5, 20), 2, (), ((21, A), (22, A))),
        SessionFact(
            4, "Sinh hoạt tháng 6", dt.date(2023, 6, 9), 1, (), all_present(11, 12, 13, 14)
        ),
        SessionFact(5, "Hội nghị CCHC", dt.date(2023, 6, 23), 1, (), all_present(11, 12, 13, 14)),
    ),
    obligations=(
        ObligationFact(1, 7, "Sinh hoạt CCHC hằng tháng", "Tháng 04/2023", DONE),
        ObligationFact(1, 7, "Sinh hoạt CCHC hằng tháng", "Tháng 05/2023", DONE),
        ObligationFact(1, 7, "Sinh hoạt CCHC hằng tháng", "Tháng 06/2023", OVERDUE),
        ObligationFact(1, 8, "Nguồn chưa đăng ký", "Quý II/2023", NO_DATA),
        ObligationFact(2, 7, "Sinh hoạt CCHC hằng tháng", "Tháng 04/2023", DONE),
        ObligationFact(2, 7, "Sinh hoạt CCHC hằng tháng", "Tháng 05/2023", DONE),
        ObligationFact(2, 7, "Sinh hoạt CCHC hằng tháng", "Tháng 06/2023", DONE),
    ),
    rounds=(RoundFact(1, 1, "Cuộc thi tìm hiểu CCHC — Vòng 1"),),
    attempts=(
        AttemptFact(11, 1, 8, 10),
        AttemptFact(11, 1, 10, 10),
        AttemptFact(12, 1, 6, 10),
        AttemptFact(13, 1, 9, 10),
        AttemptFact(21, 1, 5, 10),
        AttemptFact(99, 1, 10, 10),
    ),
    manual=(
        ManualFact(1, "sang-kien", D(8), D(6), "Minh chứng chưa đủ", evidence=2),
        ManualFact(2, "sang-kien", D(10), D(10), "", evidence=1),
        ManualFact(2, "phoi-hop", D(4), None, "", evidence=1),
    ),
)


def by_id(scores):
    return {s.id: s for s in scores}


def texts(s):
    return [(line.text, line.points) for line in s.lines]


def test_unit_lines_are_explained_one_by_one():
    u1 = by_id(score(FACTS, CRITERIA).units)[1]
    assert texts(u1) == [
        ("2 bài đăng Cổng TTĐT × 5 điểm = 10", D(10)),
        ("1 tin, bài đăng Cổng TTĐT × 3 điểm = 3", D(3)),
        ("3 tin, bài đăng Zalo OA × 2 điểm = 6, tối đa 4 điểm", D(4)),
        ("4 tin, bài đăng trang tin của cơ quan × 1 điểm = 4", D(4)),
        ("4 buổi sinh hoạt, hội nghị có nội dung CCHC × 2 điểm = 8, tối đa 6 điểm", D(6)),
        ("Tỷ lệ dự sinh hoạt 93,8% (15/16 lượt) ≥ 90%: 3 điểm", D(3)),
        ("2/3 nghĩa vụ hoàn thành đúng hạn × 2 điểm = 4", D(4)),
        ("Tỷ lệ tham gia cuộc thi 75% (3/4 cán bộ) ≥ 50%: 1 điểm", D(1)),
        ("Điểm trung bình cuộc thi 8,33/10 (3 lượt thi của 3 cán bộ) ≥ 7: 2 điểm", D(2)),
        (
            "Sáng kiến tuyên truyền: tự chấm 8 điểm (2 minh chứng), thẩm định 6 điểm "
            "(lý do: Minh chứng chưa đủ) = 6",
            D(6),
        ),
        ("Phối hợp với báo, đài: đơn vị chưa tự chấm: 0 điểm", D(0)),
    ]
    assert u1.total == D(43)
    assert u1.group_total("articles") == D(21)
    sessions = [line for line in u1.lines if line.group == "sessions"][0]
    assert sessions.details == (
        "14/04/2023 — Sinh hoạt tháng 4",
        "12/05/2023 — Sinh hoạt tháng 5",
        "09/06/2023 — Sinh hoạt tháng 6",
        "23/06/2023 — Hội nghị CCHC",
    )
    obligations = [line for line in u1.lines if line.group == "obligations"][0]
    assert obligations.details == ("Chưa đạt: Sinh hoạt CCHC hằng tháng — Tháng 06/2023",)


def test_second_unit_counts_invited_sessions_and_provisional_self_scores():
    u2 = by_id(score(FACTS, CRITERIA).units)[2]
    assert texts(u2) == [
        ("1 bài đăng Cổng TTĐT × 5 điểm = 5", D(5)),
        ("1 tin, bài đăng Zalo OA × 2 điểm = 2", D(2)),
        ("2 tin, bài đăng trang tin của cơ quan × 1 điểm = 2", D(2)),
        ("1 buổi sinh hoạt, hội nghị có nội dung CCHC × 2 điểm = 2", D(2)),
        ("Tỷ lệ dự sinh hoạt 25% (1/4 lượt), dưới mức thấp nhất 50%: 0 điểm", D(0)),
        ("3/3 nghĩa vụ hoàn thành đúng hạn × 2 điểm = 6", D(6)),
        ("Tỷ lệ tham gia cuộc thi 50% (1/2 cán bộ) ≥ 50%: 1 điểm", D(1)),
        ("Điểm trung bình cuộc thi 5/10 (1 lượt thi của 1 cán bộ) ≥ 5: 1 điểm", D(1)),
        (
            "Sáng kiến tuyên truyền: tự chấm 10 điểm (1 minh chứng), thẩm định giữ nguyên = 10",
            D(10),
        ),
        ("Phối hợp với báo, đài: tự chấm 4 điểm (1 minh chứng), chưa thẩm định = 4", D(4)),
    ]
    assert u2.total == D(33)


def test_a_unit_with_no_records_gets_zero_lines_that_say_why():
    u3 = by_id(score(FACTS, CRITERIA).units)[3]
    assert texts(u3) == [
        ("Không có tin, bài được đăng trong kỳ: 0 điểm", D(0)),
        ("0 buổi sinh hoạt, hội nghị có nội dung CCHC × 2 điểm = 0", D(0)),
        ("Chưa có lượt điểm danh nào của cán bộ đơn vị: 0 điểm", D(0)),
        ("Không có nghĩa vụ nào đến hạn trong kỳ: 0 điểm", D(0)),
        ("Tỷ lệ tham gia cuộc thi 0% (0/1 cán bộ), dưới mức thấp nhất 50%: 0 điểm", D(0)),
        ("Không có cán bộ dự thi trong kỳ: 0 điểm", D(0)),
        ("Sáng kiến tuyên truyền: đơn vị chưa tự chấm: 0 điểm", D(0)),
        ("Phối hợp với báo, đài: đơn vị chưa tự chấm: 0 điểm", D(0)),
    ]
    assert u3.total == 0


def test_people_scores():
    people = by_id(score(FACTS, CRITERIA).people)
    assert texts(people[11]) == [
        ("2 bài đăng Cổng TTĐT × 5 điểm = 10", D(10)),
        ("1 tin, bài đăng Zalo OA × 2 điểm = 2", D(2)),
        ("4 buổi sinh hoạt có mặt × 1 điểm = 4", D(4)),
        ("Điểm trung bình cuộc thi 10/10 (1 vòng thi) ≥ 9: 3 điểm", D(3)),
    ]
    assert texts(people[12]) == [
        ("1 bài đăng Cổng TTĐT × 5 điểm = 5", D(5)),
        ("1 tin, bài đăng Cổng TTĐT × 3 điểm = 3", D(3)),
        ("2 tin, bài đăng Zalo OA × 2 điểm = 4", D(4)),
        ("4 buổi sinh hoạt có mặt × 1 điểm = 4", D(4)),
        ("Điểm trung bình cuộc thi 6/10 (1 vòng thi) ≥ 5: 1 điểm", D(1)),
    ]
    assert texts(people[14]) == [
        ("Không có tin, bài được đăng trong kỳ: 0 điểm", D(0)),
        ("3 buổi sinh hoạt có mặt × 1 điểm = 3", D(3)),
        ("Không dự thi trong kỳ: 0 điểm", D(0)),
    ]
    totals = {pk: s.total for pk, s in people.items()}
    assert totals == {11: 19, 12: 17, 13: 7, 14: 3, 21: 9, 22: 0, 31: 0, 99: 5}
    # Someone who left is scored for what they did, under the unit they were in.
    assert people[99].unit_name == "Phòng Kinh tế"


def test_inactive_staff_without_records_are_not_listed():
    facts = PeriodFacts(
        start=FACTS.start,
        end=FACTS.end,
        units=FACTS.units,
        staff=(*FACTS.staff, StaffFact(98, "Người đã nghỉ", 1, active=False)),
    )
    assert 98 not in by_id(score(facts, CRITERIA).people)


def test_same_records_same_scores_and_order_of_records_does_not_matter():
    first = score(FACTS, CRITERIA)
    shuffled = PeriodFacts(
        start=FACTS.start,
        end=FACTS.end,
        units=tuple(reversed(FACTS.units)),
        staff=tuple(reversed(FACTS.staff)),
        articles=tuple(reversed(FACTS.articles)),
        sessions=tuple(reversed(FACTS.sessions)),
        obligations=tuple(reversed(FACTS.obligations)),
        rounds=FACTS.rounds,
        attempts=tuple(reversed(FACTS.attempts)),
        manual=tuple(reversed(FACTS.manual)),
    )
    second = score(shuffled, CRITERIA)
    assert by_id(first.units) == by_id(second.units)
    assert {k: texts(v) for k, v in by_id(first.people).items()} == {
        k: texts(v) for k, v in by_id(second.people).items()
    }
    assert shuffled.fingerprint() == FACTS.fingerprint()


def test_fingerprint_changes_with_any_record():
    changed = PeriodFacts(
        start=FACTS.start,
        end=FACTS.end,
        units=FACTS.units,
        staff=FACTS.staff,
        articles=FACTS.articles[:-1],
    )
    assert changed.fingerprint() != FACTS.fingerprint()


def test_specific_rule_wins_and_no_article_is_counted_twice_on_a_channel():
    criteria = Criteria(
        articles=(ArticleRule("portal", "", D(3)), ArticleRule("portal", "anh", D(4)))
    )
    facts = PeriodFacts(
        start=FACTS.start,
        end=FACTS.end,
        units=(UnitFact(1, "Phòng Kinh tế"),),
        staff=(StaffFact(11, "Nguyễn Văn An", 1),),
        articles=(
            ArticleFact(1, "Ảnh", "anh", DAY, (11,), ("portal", "site")),
            ArticleFact(2, "Tin", "tin", DAY, (11,), ("portal", "site")),
        ),
    )
    u = score(facts, criteria).units[0]
    assert texts(u) == [
        ("1 tin, bài đăng Cổng TTĐT × 3 điểm = 3", D(3)),
        ("1 ảnh đăng Cổng TTĐT × 4 điểm = 4", D(4)),
    ]


def test_two_authors_of_one_unit_count_once_for_the_unit():
    criteria = Criteria(articles=(ArticleRule("portal", "", D(2.5)),))
    facts = PeriodFacts(
        start=FACTS.start,
        end=FACTS.end,
        units=(UnitFact(1, "Phòng Kinh tế"),),
        staff=(StaffFact(11, "An", 1), StaffFact(12, "Bình", 1)),
        articles=(ArticleFact(1, "A", "bai", DAY, (11, 12, 12), ("portal",)),),
    )
    result = score(facts, criteria)
    assert texts(result.units[0]) == [("1 tin, bài đăng Cổng TTĐT × 2,5 điểm = 2,5", D("2.5"))]
    assert [p.total for p in result.people] == [D("2.5"), D("2.5")]


def test_bands_take_the_highest_reached_exactly_at_the_boundary():
    criteria = Criteria(attendance_bands=(Band(D(90), D(3)), Band(D(70), D(2))))
    rows = tuple((i, P) for i in range(9)) + ((9, A),)  # 9/10 = 90% exactly
    facts = PeriodFacts(
        start=FACTS.start,
        end=FACTS.end,
        units=(UnitFact(1, "U"),),
        staff=tuple(StaffFact(i, f"N{i}", 1) for i in range(10)),
        sessions=(SessionFact(1, "S", DAY, 1, (), rows),),
    )
    line = score(facts, criteria).units[0].lines[0]
    assert (line.text, line.points) == ("Tỷ lệ dự sinh hoạt 90% (9/10 lượt) ≥ 90%: 3 điểm", D(3))


def test_no_contest_in_the_period_says_so():
    criteria = Criteria(participation_bands=(Band(D(50), D(1)),), score_bands=(Band(D(5), D(1)),))
    facts = PeriodFacts(
        start=FACTS.start, end=FACTS.end, units=(UnitFact(1, "U"),), staff=(StaffFact(1, "A", 1),)
    )
    assert texts(score(facts, criteria).units[0]) == [
        ("Trong kỳ không có cuộc thi: 0 điểm", D(0)),
        ("Trong kỳ không có cuộc thi: 0 điểm", D(0)),
    ]


def test_manual_points_never_exceed_the_criterion_maximum():
    criteria = Criteria(manual=(ManualCriterion("sang-kien", "Sáng kiến", D(5)),))
    facts = PeriodFacts(
        start=FACTS.start,
        end=FACTS.end,
        units=(UnitFact(1, "U"),),
        manual=(ManualFact(1, "sang-kien", D(8), D(8), "", 1),),
    )
    line = score(facts, criteria).units[0].lines[0]
    assert line.points == D(5)
    assert line.text.endswith("thẩm định giữ nguyên, tối đa 5 điểm = 5")


def test_rate_text():
    assert rate_text(15, 16) == "93,8%"
    assert rate_text(1, 3) == "33,3%"
    assert rate_text(2, 3) == "66,7%"
    assert rate_text(4, 4) == "100%"
