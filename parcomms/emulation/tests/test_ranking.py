"""Competition ranking with ties at every level, Vietnamese name order within ties (pure)."""

import itertools
from dataclasses import dataclass
from decimal import Decimal as D

from parcomms.emulation.ranking import rank, rank_scores, rank_within_units


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    total: D
    unit_id: int = 0


def ranked(items, person=False):
    result = rank(
        items, score=lambda i: i.total, name=lambda i: i.name, ident=lambda i: i.id, person=person
    )
    return [(r.rank, r.item.name, r.tied) for r in result]


def units(*pairs):
    return [Item(i, name, D(total)) for i, (name, total) in enumerate(pairs, start=1)]


def test_no_ties():
    assert ranked(units(("Phòng A", 10), ("Phòng B", 30), ("Phòng C", 20))) == [
        (1, "Phòng B", False),
        (2, "Phòng C", False),
        (3, "Phòng A", False),
    ]


def test_tie_at_the_top_shares_first_and_skips():
    assert ranked(
        units(("Phòng Kinh tế", 40), ("Ban Tiếp công dân", 40), ("Phòng Quản trị", 10))
    ) == [
        (1, "Ban Tiếp công dân", True),
        (1, "Phòng Kinh tế", True),
        (3, "Phòng Quản trị", False),
    ]


def test_tie_in_the_middle():
    assert [r[0] for r in ranked(units(("A", 50), ("B", 40), ("C", 40), ("D", 30)))] == [1, 2, 2, 4]


def test_tie_at_the_bottom():
    assert [r[0] for r in ranked(units(("A", 50), ("B", 20), ("C", 20)))] == [1, 2, 2]


def test_several_ties_skip_as_many_places_as_were_shared():
    items = units(
        ("Đơn vị 1", 50),
        ("Đơn vị 2", 40),
        ("Đơn vị 3", 40),
        ("Đơn vị 4", 30),
        ("Đơn vị 5", 30),
        ("Đơn vị 6", 30),
        ("Đơn vị 7", 10),
    )
    assert [r[0] for r in ranked(items)] == [1, 2, 2, 4, 4, 4, 7]
    assert [r[2] for r in ranked(items)] == [False, True, True, True, True, True, False]


def test_everyone_tied():
    assert [r[:2] for r in ranked(units(("Phòng C", 0), ("Phòng A", 0), ("Phòng B", 0)))] == [
        (1, "Phòng A"),
        (1, "Phòng B"),
        (1, "Phòng C"),
    ]


def test_empty_and_single():
    assert ranked([]) == []
    assert ranked(units(("Phòng A", 0))) == [(1, "Phòng A", False)]


def test_ties_are_listed_in_vietnamese_order_not_code_point_order():
    # Code points put V (U+0056) before Ư (U+01AF); Vietnamese puts u < ư < v, and d < đ < e.
    items = units(
        ("Ban Văn hóa", 20),
        ("Ban Ưu đãi", 20),
        ("Ban Đối ngoại", 20),
        ("Ban Dân tộc", 20),
        ("Ban Em", 20),
    )
    assert [r[1] for r in ranked(items)] == [
        "Ban Dân tộc",
        "Ban Đối ngoại",
        "Ban Em",
        "Ban Ưu đãi",
        "Ban Văn hóa",
    ]
    assert sorted(i.name for i in items)[-1] == "Ban Ưu đãi"  # what code-point order would do


def test_tones_order_within_a_tie():
    items = units(
        ("Phòng Á", 5),
        ("Phòng À", 5),
        ("Phòng A", 5),
        ("Phòng Ạ", 5),
        ("Phòng Ã", 5),
        ("Phòng Ả", 5),
    )
    assert [r[1] for r in ranked(items)] == [
        "Phòng A",
        "Phòng À",
        "Phòng Á",
        "Phòng Ả",
        "Phòng Ã",
        "Phòng Ạ",
    ]


def test_people_in_a_tie_go_by_given_name_then_whole_name():
    people = [
        Item(1, "Trần Văn Bình", D(7)),
        Item(2, "Nguyễn Thị Bình", D(7)),
        Item(3, "Lê Thị Ánh", D(7)),
        Item(4, "Đỗ Văn An", D(7)),
        Item(5, "Dương Văn An", D(7)),
        Item(6, "Phạm Minh", D(9)),
    ]
    assert ranked(people, person=True) == [
        (1, "Phạm Minh", False),
        (2, "Dương Văn An", True),
        (2, "Đỗ Văn An", True),
        (2, "Lê Thị Ánh", True),
        (2, "Nguyễn Thị Bình", True),
        (2, "Trần Văn Bình", True),
    ]


def test_equal_decimals_written_differently_tie():
    items = [Item(1, "B", D("2.5")), Item(2, "A", D("2.50")), Item(3, "C", D("2.51"))]
    assert ranked(items) == [(1, "C", False), (2, "A", True), (2, "B", True)]


def test_identical_names_are_ordered_by_id_whatever_the_input_order():
    items = [Item(3, "Phòng A", D(1)), Item(1, "Phòng A", D(1)), Item(2, "Phòng A", D(1))]
    for order in itertools.permutations(items):  # every input order, not a random few
        result = rank(order, score=lambda i: i.total, name=lambda i: i.name, ident=lambda i: i.id)
        assert [r.item.id for r in result] == [1, 2, 3]
        assert [r.rank for r in result] == [1, 1, 1]


def test_rank_scores_and_within_units():
    people = [
        Item(1, "Nguyễn Văn An", D(10), unit_id=1),
        Item(2, "Trần Thị Bình", D(12), unit_id=1),
        Item(3, "Lê Văn Cường", D(10), unit_id=1),
        Item(4, "Đặng Thị Hà", D(3), unit_id=2),
        Item(5, "Bùi Văn Khoa", D(3), unit_id=2),
    ]
    overall = rank_scores(people, person=True)
    assert [(r.rank, r.item.id) for r in overall] == [(1, 2), (2, 1), (2, 3), (4, 4), (4, 5)]
    inside = rank_within_units(people)
    assert [(r.rank, r.item.id) for r in inside[1]] == [(1, 2), (2, 1), (2, 3)]
    assert [(r.rank, r.item.name) for r in inside[2]] == [(1, "Đặng Thị Hà"), (1, "Bùi Văn Khoa")]
