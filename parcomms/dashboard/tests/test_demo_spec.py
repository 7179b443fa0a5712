"""The demo year as data (pure): deterministic, labelled, every article state, a gap and an
overdue unit for the dashboard to show."""

import datetime as dt

from parcomms.dashboard.demo import DEMO_MARK, plan_year, waiting_articles

UNITS = ["Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Nội chính"]
TOPICS = [(label, f"Tuyên truyền nội dung {label}") for label in "abcdefg"]


def test_same_seed_same_year():
    assert plan_year(UNITS, TOPICS, 9) == plan_year(UNITS, TOPICS, 9)
    assert plan_year(UNITS, TOPICS, 9) != plan_year(UNITS, TOPICS, 9, seed=7)


def test_everything_is_labelled_and_in_2023():
    year = plan_year(UNITS, TOPICS, 9)
    for spec in [*year.sessions, *year.other]:
        assert spec.key.startswith(DEMO_MARK) and spec.starts_at.year == 2023
        assert spec.starts_at.weekday() < 5
    for spec in year.articles:
        assert spec.title.startswith(DEMO_MARK) and spec.day.year == 2023
    keys = [s.key for s in year.sessions + year.other]
    assert len(keys) == len(set(keys))
    assert len({a.slug for a in year.articles}) == len(year.articles)


def test_states_gap_and_overdue_unit():
    year = plan_year(UNITS, TOPICS, 9, behind=["Phòng Kinh tế"])
    assert {a.state for a in year.articles} == {"draft", "returned", "published"}
    few = plan_year(UNITS, TOPICS, 9, articles_per_month=(1, 1))
    assert {a.state for a in few.articles} == {"draft", "returned", "published"}
    december = [s for s in year.sessions if s.starts_at.month == 12 and not s.invite_all]
    assert "Phòng Kinh tế" not in {s.unit for s in december}
    late = [s for s in year.sessions + year.other if s.starts_at.month >= 10]
    assert all("g" not in s.topics for s in late)
    assert all("g" not in a.topics for a in year.articles if a.day.month >= 10)
    assert any("g" in s.topics for s in year.sessions if s.starts_at.month < 10)


def test_waiting_articles_are_recent_and_at_both_steps():
    today = dt.date(2026, 11, 25)
    waiting = waiting_articles(UNITS, TOPICS, today)
    assert {a.state for a in waiting} == {"submitted", "approved"}
    assert all(0 < (today - a.day).days <= 12 for a in waiting)
