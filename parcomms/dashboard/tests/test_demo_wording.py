"""The demo articles' summaries read naturally: no "về về" when a content area's title
already starts with "Về" ("Tuyên truyền về cải cách thể chế")."""

from parcomms.dashboard.demo import _about


def test_about_adds_ve_once():
    assert _about("Về cải cách thể chế") == "về cải cách thể chế"
    assert _about("Công tác chỉ đạo điều hành") == "về công tác chỉ đạo điều hành"
    assert _about("Vềnh") == "về vềnh"  # only the word "về", not any prefix
