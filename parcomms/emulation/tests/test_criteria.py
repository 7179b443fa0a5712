"""Criteria as data: JSON round trip, validation messages, bands as text (pure).

Periods are tested in parcomms/vn/tests/test_periods.py."""

from decimal import Decimal as D

import pytest

from parcomms.emulation.criteria import (
    ArticleRule,
    Band,
    Criteria,
    CriteriaError,
    ManualCriterion,
    bands_from_text,
    bands_to_text,
    default_criteria,
    describe,
    from_json,
    points_text,
    to_json,
    to_points,
    validate,
)


def test_json_round_trip_keeps_every_digit():
    criteria = default_criteria()
    data = to_json(criteria)
    assert from_json(data) == criteria
    changed = Criteria(articles=(ArticleRule("portal", "bai", D("2.75"), cap=D("10.5")),))
    assert from_json(to_json(changed)).articles[0].points == D("2.75")
    assert to_json(changed)["articles"][0]["cap"] == "10.5"
    assert to_json(Criteria(session_points=D("10.00")))["session_points"] == "10"


def test_validate_orders_bands_from_the_highest():
    criteria = validate(Criteria(attendance_bands=(Band(D(50), D(1)), Band(D(90), D(3)))))
    assert criteria.attendance_bands == (Band(D(90), D(3)), Band(D(50), D(1)))


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        (Criteria(articles=(ArticleRule("fax", "", D(1)),)), "Kênh “fax”"),
        (Criteria(articles=(ArticleRule("portal", "podcast", D(1)),)), "Loại tin, bài"),
        (
            Criteria(articles=(ArticleRule("portal", "", D(1)), ArticleRule("portal", "", D(2)))),
            "bị nhập hai lần",
        ),
        (Criteria(articles=(ArticleRule("portal", "", D(-1)),)), "không được âm"),
        (Criteria(articles=(ArticleRule("portal", "", D("1.234")),)), "2 chữ số thập phân"),
        (Criteria(session_points=D(5000)), "tối đa 1.000 điểm"),
        (
            Criteria(articles=(ArticleRule("zalo", "", D(1), for_unit=False, for_person=False),)),
            "hãy chọn tính cho đơn vị",
        ),
        (Criteria(attendance_bands=(Band(D(90), D(1)), Band(D(70), D(2)))), "không thấp hơn"),
        (Criteria(attendance_bands=(Band(D(120), D(1)),)), "không quá 100"),
        (Criteria(score_bands=(Band(D(11), D(1)),)), "không quá 10"),
        (Criteria(manual=(ManualCriterion("Sáng kiến", "Sáng kiến", D(5)),)), "chỉ gồm chữ thường"),
        (
            Criteria(manual=(ManualCriterion("a", "A", D(5)), ManualCriterion("a", "B", D(5)))),
            "dùng hai lần",
        ),
        (Criteria(manual=(ManualCriterion("a", "A", D(0)),)), "lớn hơn 0"),
    ],
)
def test_bad_criteria_are_refused_with_a_vietnamese_message(criteria, message):
    with pytest.raises(CriteriaError) as exc:
        validate(criteria)
    assert message in str(exc.value)


def test_from_json_refuses_malformed_data():
    with pytest.raises(CriteriaError, match="không đúng định dạng"):
        from_json([])
    with pytest.raises(CriteriaError, match="thiếu thông tin"):
        from_json({"articles": [{"kind": "bai"}]})
    with pytest.raises(CriteriaError, match="không phải là một số"):
        from_json({"session_points": "hai"})


def test_points_are_read_the_vietnamese_way():
    assert to_points("2,5", "x") == D("2.5")
    assert to_points("10", "x") == D(10)
    assert to_points(3, "x") == D(3)
    assert to_points(None, "x", allow_none=True) is None
    with pytest.raises(CriteriaError, match="chưa nhập"):
        to_points("", "Điểm")
    assert points_text(D("2.50")) == "2,5"
    assert points_text(D("15.00")) == "15"
    assert points_text(D(1000)) == "1.000"


def test_bands_as_text():
    bands = bands_from_text("≥ 70%: 2\n\n>= 90 % : 3 điểm\n50=1", "Tỷ lệ dự", percent=True)
    assert bands == (Band(D(90), D(3)), Band(D(70), D(2)), Band(D(50), D(1)))
    assert bands_to_text(bands, percent=True) == "≥ 90%: 3\n≥ 70%: 2\n≥ 50%: 1"
    assert bands_from_text("≥ 8,5: 2", "Điểm", percent=False) == (Band(D("8.5"), D(2)),)
    with pytest.raises(CriteriaError, match="dòng 2: “chín mươi: 3” chưa đúng mẫu"):
        bands_from_text("≥ 70%: 2\nchín mươi: 3", "Tỷ lệ dự", percent=True)


def test_most_specific_article_rule():
    criteria = default_criteria()
    assert criteria.article_rule("portal", "bai").points == D(5)
    assert criteria.article_rule("portal", "tin").points == D(3)
    assert criteria.article_rule("email", "tin") is None


def test_describe_says_every_criterion():
    lines = describe(default_criteria())
    assert "Mỗi bài đăng Cổng TTĐT: 5 điểm (tính cho đơn vị và tác giả)." in lines
    assert "Tỷ lệ cán bộ dự sinh hoạt: ≥ 90%: 3 điểm; ≥ 70%: 2 điểm; ≥ 50%: 1 điểm." in lines
    assert any(line.startswith("Sáng kiến, cách làm hay") for line in lines)
