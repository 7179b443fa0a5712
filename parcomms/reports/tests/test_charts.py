"""Charts are PNG pictures drawn with Pillow (pure, no database)."""

import io

from PIL import Image

from parcomms.reports.charts import bar_chart, line_chart


def test_bar_chart_is_a_png_one_row_per_bar():
    small = Image.open(io.BytesIO(bar_chart([("Cổng TTĐT", 12)])))
    big = Image.open(io.BytesIO(bar_chart([("Cổng TTĐT", 12), ("Zalo OA", 0), ("Bảng tin", 3)])))
    assert small.format == big.format == "PNG"
    assert big.height > small.height and big.width == small.width


def test_line_chart_handles_one_point_and_ranks():
    assert Image.open(io.BytesIO(line_chart([(2022, 65.43)], title="PCI"))).format == "PNG"
    ranks = line_chart([(2020, 35), (2021, 29)], title="PAR INDEX", invert=True)
    assert Image.open(io.BytesIO(ranks)).size[0] > 0
