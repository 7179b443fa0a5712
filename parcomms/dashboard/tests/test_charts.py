"""The SVG charts (pure): well-formed, labelled, readable without colour."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from parcomms.dashboard.charts import Series, hbars, line_chart, nice_ticks, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str):
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    return [t.text for t in parse(svg).iter(f"{SVG}text")]


def test_line_chart_with_gaps_target_and_derived_points():
    svg = line_chart(
        ["2019", "2020", "2021", "2022"],
        [Series("Thứ hạng", [None, 58, 14, 4], [False, True, False, False])],
        title="PAPI: thứ hạng",
        target=20,
        target_label="TOP 20",
        y_min=1,
        y_max=63,
        invert=True,
        fmt=lambda v: str(int(v)),
    )
    root = parse(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "PAPI: thứ hạng"
    labels = texts(svg)
    assert "58 [D]" in labels and "4" in labels and "TOP 20" in labels
    assert "[D] số suy ra" in labels  # the legend explains the hollow marker
    target = [e for e in root.iter(f"{SVG}line") if e.get("class") == "pc-chart-target"]
    assert len(target) == 1 and target[0].get("stroke-dasharray")
    # inverted: rank 4 is drawn above rank 58
    circles = [c for c in root.iter(f"{SVG}circle") if c.get("r") == "4"][:3]  # then the legend
    y = [float(c.get("cy")) for c in circles]
    assert y[-1] < y[0]
    assert circles[0].get("fill") == "#ffffff"  # hollow: derived


def test_line_chart_without_data_says_so():
    svg = line_chart(["2022", "2023"], [Series("Điểm", [None, None])], title="PCI")
    assert "Chưa có số liệu" in texts(svg)


def test_decimal_values_are_written_the_vietnamese_way():
    svg = line_chart(["2021", "2022"], [Series("Điểm", [Decimal("62.23"), Decimal("65.43")])],
                     title="PCI", target=Decimal("68.9"), target_label="Mục tiêu ~ 68,9")  # fmt: skip
    assert {"62,23", "65,43", "Mục tiêu ~ 68,9"} <= set(texts(svg))


def test_stacked_bars_have_one_pattern_per_series_and_totals():
    stacks = [(f"{label}) nội dung {label}", [1, 0, 2]) for label in "abcdefg"]
    svg = stacked_bars(["T1", "T2", "T3"], stacks, title="Tin, bài", uid="t")
    root = parse(svg)
    patterns = list(root.iter(f"{SVG}pattern"))
    assert len(patterns) == 7 and len({p.get("id") for p in patterns}) == 7
    # distinct in black and white: at most one solid fill among the patterns
    solid = [p for p in patterns if len(list(p)) == 1]
    assert len(solid) == 1
    labels = texts(svg)
    assert "7" in labels and "14" in labels  # totals on top of the bars
    assert "a) nội dung a" in labels and "g) nội dung g" in labels  # legend


def test_two_charts_on_a_page_do_not_share_pattern_ids():
    one = stacked_bars(["T1"], [("a", [1])], title="A", uid="one")
    two = stacked_bars(["T1"], [("a", [1])], title="B", uid="two")
    ids = {p.get("id") for svg in (one, two) for p in parse(svg).iter(f"{SVG}pattern")}
    assert len(ids) == 2


def test_empty_bars_and_hbars():
    assert "Chưa có số liệu" in texts(stacked_bars(["T1"], [("a", [0])], title="A"))
    svg = hbars([("Phòng Kinh tế", 36, "36"), ("Ban Tiếp công dân", 29, "29")], title="Xếp hạng")
    assert {"Phòng Kinh tế", "36", "29"} <= set(texts(svg))


def test_titles_are_escaped():
    svg = line_chart(["2022"], [Series("<b>", [1])], title='A & "B" <c>')
    assert parse(svg).find(f"{SVG}title").text == 'A & "B" <c>'


def test_nice_ticks():
    assert nice_ticks(0, 14, 4) == [0, 5, 10, 15]
    assert nice_ticks(62.2, 70) == [62, 64, 66, 68, 70]
    ticks = nice_ticks(0.3, 0.6)
    assert ticks[0] <= 0.3 and ticks[-1] >= 0.6
