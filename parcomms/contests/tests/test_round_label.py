"""A round's label names its number once: a title that only repeats it ("Vòng 1") is not
shown again ("Vòng 1: Vòng 1" read oddly on the admin and public contest pages)."""

import pytest

from parcomms.contests.models import Round


@pytest.mark.parametrize(
    ("number", "title", "label"),
    [
        (1, "", "Vòng 1"),
        (1, "Vòng 1", "Vòng 1"),
        (2, " vòng 2 ", "Vòng 2"),
        (1, "Vòng sơ khảo", "Vòng 1: Vòng sơ khảo"),
        (2, "Vòng 1", "Vòng 2: Vòng 1"),
    ],
)
def test_round_label(number, title, label):
    assert Round(number=number, title=title).label == label
