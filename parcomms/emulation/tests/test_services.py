"""Closing, reopening and re-closing periods; criteria versions; self-scores and appraisal.
Every state change: atomic, audited, notified after commit, refused cleanly on bad input."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from parcomms.audit.models import AuditEntry
from parcomms.emulation.criteria import default_criteria
from parcomms.emulation.models import (
    Closing,
    CriteriaVersion,
    Evidence,
    ManualScore,
    PersonScore,
    UnitScore,
)
from parcomms.emulation.results import period_result
from parcomms.emulation.services import (
    EmulationError,
    Upload,
    appraise,
    close_period,
    create_period,
    reopen_period,
    save_criteria,
    submit_self_score,
)
from parcomms.org.models import Notification

from .conftest import local, publish

pytestmark = pytest.mark.django_db
PDF = Upload("bien-ban.pdf", b"%PDF-1.4 minh chung")


def snapshot(closing):
    units = [
        (s.unit_id, s.unit_name, s.rank, s.tied, s.position, s.total, s.groups, s.lines)
        for s in UnitScore.objects.filter(closing=closing).order_by("position")
    ]
    people = [
        (s.staff_id, s.full_name, s.unit_id, s.rank, s.position, s.total, s.lines)
        for s in PersonScore.objects.filter(closing=closing).order_by("position")
    ]
    return units, people


def test_close_reopen_close_reproduces_exactly_the_same_scores(
    cast, world, django_capture_on_commit_callbacks
):
    period = world.period
    first = close_period(period, acting_user=cast.officer)
    assert period_result(period).units[0].total == D(25)
    reopen_period(period, acting_user=cast.officer, reason="Kiểm tra lại số liệu")
    period.refresh_from_db()
    assert not period.is_closed
    second = close_period(period, acting_user=cast.officer)
    assert second.number == 2
    assert snapshot(first) == snapshot(second)
    assert len(snapshot(first)[0]) == 2 and len(snapshot(first)[1]) == 8
    assert (first.fingerprint, first.digest) == (second.fingerprint, second.digest)
    assert first.criteria_version_id == second.criteria_version_id
    last = AuditEntry.objects.filter(action="emulation.close").order_by("-pk").first()
    assert last.details["same_as_previous"] is True
    first.refresh_from_db()
    assert first.reopen_reason == "Kiểm tra lại số liệu" and first.reopened_by == cast.officer


def test_changing_criteria_after_closing_leaves_closed_scores_alone(cast, world):
    period = world.period
    closing = close_period(period, acting_user=cast.officer)
    before = snapshot(closing)
    v1 = CriteriaVersion.objects.get(pk=closing.criteria_version_id)
    assert v1.frozen_at is not None

    richer = replace(default_criteria(), session_points=D(10), session_cap=None)
    v2 = save_criteria(cast.org, 2023, richer, acting_user=cast.officer, note="Tăng điểm sinh hoạt")
    assert (v2.number, v2.pk != v1.pk) == (2, True)
    v1.refresh_from_db()
    assert v1.criteria() == default_criteria()  # the frozen version did not move
    assert snapshot(closing) == before
    result = period_result(period)
    assert (result.criteria_version, result.units[0].total) == (1, D(25))

    # Reopening and closing again scores with the new version: 2 sessions × 10 instead of × 2.
    reopen_period(period, acting_user=cast.officer, reason="Áp dụng tiêu chí mới")
    again = close_period(period, acting_user=cast.officer)
    assert again.criteria_version_id == v2.pk
    assert period_result(period).units[0].total == D(25 - 4 + 20)
    assert snapshot(closing) == before


def test_records_changed_while_reopened_change_the_fingerprint(cast, world):
    period = world.period
    first = close_period(period, acting_user=cast.officer)
    reopen_period(period, acting_user=cast.officer, reason="Bổ sung tin bài")
    from parcomms.content.testing import make_article

    publish(make_article(cast.other_staff, title="Bổ sung"), local(2023, 6, 20))
    second = close_period(period, acting_user=cast.officer)
    assert second.fingerprint != first.fingerprint and second.digest != first.digest
    kt = next(r for r in period_result(period).units if r.name == "Phòng Kinh tế")
    assert kt.total == D(13 + 1)  # one more article on the office's pages


def test_unfrozen_criteria_are_changed_in_place(cast):
    v1 = save_criteria(cast.org, 2024, default_criteria(), acting_user=cast.officer)
    v1b = save_criteria(
        cast.org,
        2024,
        replace(default_criteria(), obligation_points=D(3)),
        acting_user=cast.officer,
    )
    assert v1b.pk == v1.pk and v1b.number == 1
    assert v1b.criteria().obligation_points == D(3)
    same = save_criteria(
        cast.org,
        2024,
        replace(default_criteria(), obligation_points=D(3)),
        acting_user=cast.officer,
    )
    assert same.pk == v1.pk
    assert AuditEntry.objects.filter(action="emulation.criteria_save").count() == 2


def test_close_is_audited_and_tells_each_unit_head_its_rank(
    cast, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        closing = close_period(world.period, acting_user=cast.officer)
    entry = AuditEntry.objects.get(action="emulation.close")
    assert entry.actor == cast.officer and entry.details["fingerprint"] == closing.fingerprint
    assert entry.details["criteria_version"] == 1 and entry.details["same_as_previous"] is None
    head_note = Notification.objects.get(recipient=cast.head, kind="emulation.close")
    assert "Phòng Hành chính - Tổ chức đạt 25 điểm, xếp thứ 1/2" in head_note.text
    other = Notification.objects.get(recipient=cast.other_head, kind="emulation.close")
    assert "xếp thứ 2/2" in other.text
    assert not Notification.objects.filter(recipient=cast.other_org_head).exists()


def count_state():
    return (
        Closing.objects.count(),
        UnitScore.objects.count(),
        AuditEntry.objects.filter(action="emulation.close").count(),
    )


def test_close_refusals_change_nothing(cast, world):
    today = timezone.localdate()
    current = create_period(cast.org, "year", today.year, 1, acting_user=cast.officer)
    with pytest.raises(EmulationError, match="chưa kết thúc"):
        close_period(current, acting_user=cast.officer)
    no_criteria = create_period(cast.org, "quarter", 2022, 4, acting_user=cast.officer)
    with pytest.raises(EmulationError, match="Chưa có bộ tiêu chí thi đua năm 2022"):
        close_period(no_criteria, acting_user=cast.officer)
    submit_self_score(world.period, cast.unit, "sang-kien", "8", "", [PDF], acting_user=cast.head)
    with pytest.raises(EmulationError, match="1 nội dung đơn vị tự chấm chưa được thẩm định"):
        close_period(world.period, acting_user=cast.officer)
    assert count_state() == (0, 0, 0)
    with pytest.raises(PermissionDenied):
        close_period(world.period, acting_user=cast.head)
    close_period_ok = appraise(ManualScore.objects.get(), "8", acting_user=cast.officer)
    assert close_period_ok.appraised_points == D(8)
    close_period(world.period, acting_user=cast.officer)
    with pytest.raises(EmulationError, match="đã được chốt"):
        close_period(world.period, acting_user=cast.officer)
    assert count_state() == (1, 2, 1)


def test_reopen_needs_the_reform_officer_and_a_reason(
    cast, world, django_capture_on_commit_callbacks
):
    with pytest.raises(EmulationError, match="đang mở"):
        reopen_period(world.period, acting_user=cast.officer, reason="x")
    close_period(world.period, acting_user=cast.officer)
    for user in (cast.head, cast.leader, cast.admin, cast.other_org_head):
        with pytest.raises(PermissionDenied):
            reopen_period(world.period, acting_user=user, reason="Muốn sửa")
    with pytest.raises(EmulationError, match="lý do"):
        reopen_period(world.period, acting_user=cast.officer, reason="   ")
    world.period.refresh_from_db()
    assert world.period.is_closed
    with django_capture_on_commit_callbacks(execute=True):
        reopen_period(world.period, acting_user=cast.officer, reason="Sai số liệu điểm danh")
    entry = AuditEntry.objects.get(action="emulation.reopen")
    assert entry.details["reason"] == "Sai số liệu điểm danh" and entry.actor == cast.officer
    note = Notification.objects.get(recipient=cast.head, kind="emulation.reopen")
    assert "Sai số liệu điểm danh" in note.text


def test_self_score_with_evidence_then_appraisal_with_a_reason(
    cast, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        score = submit_self_score(
            world.period,
            cast.unit,
            "sang-kien",
            "8,5",
            "Mô hình “Zalo CCHC” cho người dân",
            [PDF, Upload("anh.png", b"not a png")][:1],
            acting_user=cast.head,
        )
    assert (score.self_points, score.evidence.count()) == (D("8.5"), 1)
    assert Notification.objects.filter(recipient=cast.officer, kind="emulation.self_score").exists()
    assert AuditEntry.objects.get(action="emulation.self_score").details["points"] == "8.5"

    with pytest.raises(EmulationError, match="hãy ghi lý do"):
        appraise(score, "6", "", acting_user=cast.officer)
    score.refresh_from_db()
    assert score.appraised_at is None
    with django_capture_on_commit_callbacks(execute=True):
        appraise(score, "6", "Mới triển khai ở một đơn vị", acting_user=cast.officer)
    score.refresh_from_db()
    assert (score.appraised_points, score.appraised_by) == (D(6), cast.officer)
    note = Notification.objects.get(recipient=cast.head, kind="emulation.appraise")
    assert "6 điểm (tự chấm 8,5; lý do: Mới triển khai ở một đơn vị)" in note.text
    line = [r for r in period_result(world.period).units if r.id == cast.unit.pk][0].lines[-2]
    assert line.text == (
        "Sáng kiến, cách làm hay trong tuyên truyền CCHC: tự chấm 8,5 điểm (1 minh chứng), "
        "thẩm định 6 điểm (lý do: Mới triển khai ở một đơn vị) = 6"
    )

    # A new self-score is appraised again.
    again = submit_self_score(
        world.period, cast.unit, "sang-kien", "9", "", [], acting_user=cast.head
    )
    assert again.appraised_at is None and again.evidence.count() == 1
    with pytest.raises(PermissionDenied):
        appraise(again, "9", acting_user=cast.head)


@pytest.mark.parametrize(
    ("code", "points", "uploads", "message"),
    [
        ("sang-kien", "5", [], "ít nhất một tệp minh chứng"),
        ("sang-kien", "11", [PDF], "từ 0 đến 10 điểm"),
        ("sang-kien", "-1", [PDF], "không được âm"),
        ("sang-kien", "năm", [PDF], "không phải là một số"),
        ("khong-co", "1", [PDF], "không có trong bộ tiêu chí"),
        ("sang-kien", "5", [Upload("virus.exe", b"MZ")], "chỉ nhận các định dạng"),
        ("sang-kien", "5", [Upload("gia.pdf", b"<html>")], "không đúng định dạng .pdf"),
    ],
)
def test_bad_self_scores_change_nothing(cast, world, code, points, uploads, message):
    with pytest.raises(EmulationError, match=message):
        submit_self_score(world.period, cast.unit, code, points, "", uploads, acting_user=cast.head)
    assert ManualScore.objects.count() == 0 and Evidence.objects.count() == 0
    assert not AuditEntry.objects.filter(action="emulation.self_score").exists()


def test_no_self_score_in_a_closed_period_or_for_another_organisation(cast, world):
    with pytest.raises(EmulationError, match="không thuộc cơ quan"):
        submit_self_score(
            world.period, cast.other_org_unit, "sang-kien", "0", "", [], acting_user=cast.head
        )
    close_period(world.period, acting_user=cast.officer)
    with pytest.raises(EmulationError, match="đã chốt"):
        submit_self_score(
            world.period, cast.unit, "sang-kien", "5", "", [PDF], acting_user=cast.head
        )
    assert ManualScore.objects.count() == 0


def test_create_period_refuses_duplicates_and_bad_spans(cast):
    create_period(cast.org, "half_year", 2023, 1, acting_user=cast.officer)
    with pytest.raises(EmulationError, match="6 tháng đầu năm 2023 đã có"):
        create_period(cast.org, "half_year", 2023, 1, acting_user=cast.officer)
    with pytest.raises(EmulationError, match="từ 1 đến 2"):
        create_period(cast.org, "half_year", 2023, 3, acting_user=cast.officer)
    with pytest.raises(PermissionDenied):
        create_period(cast.org, "year", 2023, 1, acting_user=cast.leader)
    # Another organisation may have the same period.
    create_period(cast.other_org, "half_year", 2023, 1, acting_user=cast.other_org_officer)


def test_a_quarter_and_the_year_score_the_same_records_over_their_own_span(cast, world):
    year = create_period(cast.org, "year", 2023, 1, acting_user=cast.officer)
    q3 = create_period(cast.org, "quarter", 2023, 3, acting_user=cast.officer)
    totals = {
        p.label: {r.name: r.total for r in period_result(p).units} for p in (world.period, q3, year)
    }
    assert totals["Quý II/2023"]["Phòng Hành chính - Tổ chức"] == D(25)
    # Q3: the article of 01/07 (site 1), the session of 05/07 (2, attendance 1/1: 3) which
    # also meets July's obligation (1/3 × 2); the contest round closed in May.
    assert totals["Quý III/2023"]["Phòng Hành chính - Tổ chức"] == D(1 + 2 + 3 + 2)
    assert dt.date(2023, 1, 1) == year.start
