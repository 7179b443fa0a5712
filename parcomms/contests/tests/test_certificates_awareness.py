"""Certificates of participation (PDF) and the awareness report (before/after a campaign)."""

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from parcomms.contests import awareness, services
from parcomms.contests.awareness import POST, PRE, Answer

from .conftest import correct_answers, make_round, open_round


def test_change_report_per_area_and_unit():
    answers = [
        Answer(PRE, "P1", "a", False),
        Answer(PRE, "P1", "a", True),
        Answer(POST, "P1", "a", True),
        Answer(POST, "P1", "a", True),
        Answer(PRE, "P2", "a", True),
        Answer(POST, "P2", "a", False),
        Answer(PRE, "P2", "b", False),
    ]
    rows = {(r.area, r.unit): r for r in awareness.change_report(answers)}
    assert rows[("a", "P1")].before == 0.5 and rows[("a", "P1")].after == 1.0
    assert rows[("a", "P1")].change == pytest.approx(0.5)
    assert rows[("a", "P2")].change == pytest.approx(-1.0)
    assert rows[("b", "P2")].after is None and rows[("b", "P2")].change is None
    assert rows[("a", None)].before == pytest.approx(2 / 3)
    assert rows[(None, None)].answers_before == 4 and rows[(None, None)].answers_after == 3
    ordered = [(r.area, r.unit) for r in awareness.change_report(answers)]
    assert ordered[-1] == (None, None) and ordered.index(("a", None)) > ordered.index(("a", "P2"))


def test_unknown_phase_is_an_error():
    with pytest.raises(ValueError):
        awareness.change_report([Answer("during", 1, "a", True)])


@pytest.mark.django_db
def test_awareness_report_page(client, cast, staff_contest, bank):
    pre = open_round(staff_contest)
    people = [(cast.staff, 4), (cast.other_staff, 6)]
    for user, wrong in people:
        entrant = services.staff_entrant(staff_contest, user)
        attempt = services.start_attempt(pre, entrant)
        services.submit_attempt(attempt, correct_answers(attempt, wrong=wrong), None)
    post = make_round(staff_contest, cast.officer, bank, number=2)
    pre.closes_at = timezone.now() - timedelta(seconds=1)
    pre.save()
    for user, _ in people:
        entrant = services.staff_entrant(staff_contest, user)
        attempt = services.start_attempt(post, entrant)
        services.submit_attempt(attempt, correct_answers(attempt, wrong=1), None)
    study = services.create_awareness_study(
        organisation=cast.org,
        acting_user=cast.officer,
        title="Nhận thức trước và sau Tháng CCHC",
        campaign="Tháng cao điểm",
        pre_round=pre,
        post_round=post,
    )
    client.force_login(cast.leader)
    html = client.get(reverse("contests_admin:study", args=[study.pk])).content.decode()
    # All areas, all units: before (4 + 2)/16 right = 37,5%; after 14/16 = 87,5%.
    assert "37,5%" in html and "87,5%" in html and "+50,0 điểm %" in html
    assert "Phòng Kinh tế" in html and "Phòng Hành chính - Tổ chức" in html


@pytest.mark.django_db
def test_awareness_study_bad_input(cast, staff_contest):
    r = open_round(staff_contest)
    with pytest.raises(services.ContestError, match="hai vòng khác nhau"):
        services.create_awareness_study(
            organisation=cast.org,
            acting_user=cast.officer,
            title="x",
            campaign="",
            pre_round=r,
            post_round=r,
        )


@pytest.mark.django_db
def test_certificate_pdf(client, cast, staff_contest, output_dir):
    round = open_round(staff_contest)
    entrant = services.staff_entrant(staff_contest, cast.staff)
    attempt = services.start_attempt(round, entrant)
    services.submit_attempt(attempt, {}, 1)
    client.force_login(cast.staff)
    url = reverse("contests:certificate", args=[staff_contest.slug])
    before = client.get(url)
    assert before.status_code == 404  # the round is still open
    round.closes_at = timezone.now() - timedelta(seconds=1)
    round.save()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in ("GIẤY CHỨNG NHẬN", "Đặng Thị Hà", "Phòng Hành chính - Tổ chức", "Vòng 1"):
        assert expected in text
    path = output_dir / "contest-certificate.pdf"
    path.write_bytes(response.content)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(path),
                str(output_dir / "contest-certificate"),
            ],
            check=True,
        )
    # Someone who never took part gets no certificate.
    client.force_login(cast.other_staff)
    assert client.get(url).status_code == 404
