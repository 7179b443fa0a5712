"""Content-area suggestions: the model's behaviour, and its accuracy on the labelled set
(printed; the floor asserted is below what it reaches, so a regression shows)."""

from pathlib import Path

from parcomms.content.suggest import SuggestionModel, suggest_topics, terms_of
from parcomms.content.tests.suggest_data import LABELLED
from parcomms.plans.parsing import parse_plan

PLAN = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)


def plan_topics():
    return [(t.label, t.title, t.items) for t in parse_plan(PLAN.read_bytes()).topics]


def accuracy(model, data):
    top1 = top3 = 0
    for expected, text in data:
        labels = [s.label for s in model.suggest(text, limit=3)]
        top1 += bool(labels) and labels[0] in expected
        top3 += any(label in expected for label in labels)
    return top1 / len(data), top3 / len(data)


def test_terms_are_syllables_and_pairs_without_stopwords():
    terms = terms_of("Cải cách thủ tục hành chính, và tinh giản biên chế.")
    assert "thủ tục" in terms and "biên chế" in terms and "tinh giản" in terms
    assert "và" not in terms and "chính và" not in terms
    assert "chính tinh" not in terms  # pairs do not cross punctuation


def test_suggestion_explains_itself():
    model = SuggestionModel.build(plan_topics())
    [first, *_] = model.suggest(
        "Tỉnh tinh giản biên chế, sắp xếp tổ chức bộ máy các đơn vị sự nghiệp."
    )
    assert first.label == "d"
    assert any("biên chế" in term for term in first.terms), first.terms
    assert any("bộ máy" in term for term in first.terms), first.terms
    assert first.reason == ", ".join(first.terms)
    assert 0 < first.score <= 1


def test_words_in_every_area_carry_no_weight():
    model = SuggestionModel.build(plan_topics())
    assert "tuyên truyền" not in model.idf
    assert model.suggest("Tuyên truyền tuyên truyền.") == []
    assert model.suggest("") == []


def test_one_call_helper_and_limit():
    out = suggest_topics(
        plan_topics(), "Dịch vụ công trực tuyến, chuyển đổi số, chính quyền số", limit=2
    )
    assert len(out) <= 2 and out[0].label == "g"


def test_accuracy_on_labelled_set(capsys):
    assert len(LABELLED) >= 40
    model = SuggestionModel.build(plan_topics())
    top1, top3 = accuracy(model, LABELLED)
    with capsys.disabled():
        print(
            f"\nsuggestions on {len(LABELLED)} labelled items: top-1 {top1:.1%}, top-3 {top3:.1%}"
        )
    assert top1 >= 0.85
    assert top3 >= 0.92
