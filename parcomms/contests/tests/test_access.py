"""Every view: anonymous, wrong organisation, wrong unit, wrong role, wrong HTTP method."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parcomms.contests import services
from parcomms.org.testing import is_refused

from .conftest import make_contest, make_plan, make_questions, make_round, open_round

pytestmark = pytest.mark.django_db

MANAGE, STATS = "manage", "stats"


@pytest.fixture
def world(cast, staff_contest):
    round = open_round(staff_contest)
    entrant = services.staff_entrant(staff_contest, cast.staff)
    attempt = services.start_attempt(round, entrant)
    services.submit_attempt(attempt, {}, 1)
    round.closes_at = timezone.now() - timedelta(seconds=5)
    round.save()
    services.compute_round_results(round)
    pre = round
    post = make_round(
        staff_contest,
        cast.officer,
        list(round.questions.all()),
        number=2,
        opens=timezone.now() - timedelta(minutes=10),
    )
    study = services.create_awareness_study(
        organisation=cast.org,
        acting_user=cast.officer,
        title="Đo nhận thức quý II",
        campaign="Tháng CCHC",
        pre_round=pre,
        post_round=post,
    )
    question = round.questions.first()
    return {
        "contest": staff_contest,
        "round": round,
        "entrant": entrant,
        "study": study,
        "question": question,
        "unit": cast.unit,
    }


def admin_views(w):
    c, r = w["contest"].pk, w["round"].pk
    return [
        ("questions", [], "GET", MANAGE),
        ("question_create", [], "GET", MANAGE),
        ("question_edit", [w["question"].pk], "GET", MANAGE),
        ("question_import", [], "GET", MANAGE),
        ("question_export", [], "GET", MANAGE),
        ("question_template", [], "GET", MANAGE),
        ("contests", [], "GET", STATS),
        ("contest_create", [], "GET", MANAGE),
        ("contest", [c], "GET", STATS),
        ("contest_edit", [c], "GET", MANAGE),
        ("round_create", [c], "GET", MANAGE),
        ("unit_participants", [c, w["unit"].pk], "GET", STATS),
        ("entrant_certificate", [c, w["entrant"].pk], "GET", MANAGE),
        ("round_edit", [r], "GET", MANAGE),
        ("round_questions", [r], "GET", MANAGE),
        ("round_compute", [r], "POST", MANAGE),
        ("round_results", [r], "GET", STATS),
        ("studies", [], "GET", STATS),
        ("study_create", [], "GET", MANAGE),
        ("study", [w["study"].pk], "GET", STATS),
    ]


def call(client, method, url):
    return client.post(url) if method == "POST" else client.get(url)


def test_anonymous_is_sent_to_login(client, world):
    for name, args, method, _ in admin_views(world):
        response = call(client, method, reverse(f"contests_admin:{name}", args=args))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/admin/login/"), name


def test_allowed_roles_get_the_pages(client, cast, world):
    for name, args, method, need in admin_views(world):
        for user in (
            (cast.officer, cast.admin) if need == MANAGE else (cast.officer, cast.leader, cast.head)
        ):
            client.force_login(user)
            response = call(client, method, reverse(f"contests_admin:{name}", args=args))
            assert response.status_code in (200, 302), (name, user.username)
            if response.status_code == 302:
                assert not is_refused(response), (name, user.username)


def test_wrong_role_is_refused(client, cast, world):
    for name, args, method, need in admin_views(world):
        users = [cast.staff, cast.editor] + ([cast.leader, cast.head] if need == MANAGE else [])
        for user in users:
            client.force_login(user)
            response = call(client, method, reverse(f"contests_admin:{name}", args=args))
            assert is_refused(response), (name, user.username, response.status_code)


def test_wrong_organisation_gets_nothing(client, cast, world):
    client.force_login(cast.other_org_officer)
    for name, args, method, _ in admin_views(world):
        if not args:
            continue
        response = call(client, method, reverse(f"contests_admin:{name}", args=args))
        assert response.status_code == 404 or is_refused(response), name
    listing = client.get(reverse("contests_admin:contests")).content.decode()
    assert world["contest"].title not in listing
    questions = client.get(reverse("contests_admin:questions")).content.decode()
    assert world["question"].text not in questions


def test_wrong_unit_head_sees_only_their_unit(client, cast, world):
    client.force_login(cast.other_head)
    url = reverse("contests_admin:unit_participants", args=[world["contest"].pk, cast.unit.pk])
    assert client.get(url).status_code == 404
    own = reverse(
        "contests_admin:unit_participants", args=[world["contest"].pk, cast.other_unit.pk]
    )
    assert client.get(own).status_code == 200
    results = client.get(reverse("contests_admin:round_results", args=[world["round"].pk]))
    assert "Đặng Thị Hà" not in results.content.decode()  # a person of cast.unit
    client.force_login(cast.head)
    results = client.get(reverse("contests_admin:round_results", args=[world["round"].pk]))
    assert "Đặng Thị Hà" in results.content.decode()


def test_wrong_method_is_refused(client, cast, world):
    client.force_login(cast.officer)
    for name, args, method, _ in admin_views(world):
        url = reverse(f"contests_admin:{name}", args=args)
        if method == "POST":
            assert client.get(url).status_code == 405, name
        elif name in {
            "question_create",
            "question_edit",
            "question_import",
            "contest_create",
            "contest_edit",
            "round_create",
            "round_edit",
            "round_questions",
            "study_create",
        }:
            assert client.delete(url).status_code == 405, name
        else:
            assert client.post(url).status_code == 405, name


# ------------------------------------------------------------------ public pages


def test_public_pages_wrong_method(client, cast, world):
    contest = world["contest"]
    client.force_login(cast.staff)
    attempt = services.start_attempt(
        make_round(contest, cast.officer, list(world["round"].questions.all()), number=3),
        world["entrant"],
    )
    gets = [
        reverse("contests:list"),
        reverse("contests:detail", args=[contest.slug]),
        reverse("contests:leaderboard", args=[contest.slug, 1]),
        reverse("contests:overall", args=[contest.slug]),
        reverse("contests:certificate", args=[contest.slug]),
        reverse("contests:attempt", args=[attempt.token]),
        reverse("contests:result", args=[attempt.token]),
        reverse("contests:remaining", args=[attempt.token]),
    ]
    for url in gets:
        assert client.post(url).status_code == 405, url
    for url in (
        reverse("contests:start", args=[contest.slug, 1]),
        reverse("contests:submit", args=[attempt.token]),
    ):
        assert client.get(url).status_code == 405, url


def test_unpublished_contest_is_not_found(client, cast, world):
    contest = world["contest"]
    contest.is_published = False
    contest.save()
    client.force_login(cast.staff)
    assert client.get(reverse("contests:detail", args=[contest.slug])).status_code == 404
    assert client.post(reverse("contests:start", args=[contest.slug, 1])).status_code == 404


def test_staff_contest_for_anonymous_and_other_organisation(client, cast, world):
    contest = world["contest"]
    detail = client.get(reverse("contests:detail", args=[contest.slug]))
    assert detail.status_code == 200 and "Đăng nhập để dự thi" in detail.content.decode()
    for url in (
        reverse("contests:leaderboard", args=[contest.slug, 1]),
        reverse("contests:overall", args=[contest.slug]),
        reverse("contests:certificate", args=[contest.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    start = client.post(reverse("contests:start", args=[contest.slug, 1]))
    assert start.status_code == 302 and "/admin/login/" in start["Location"]
    client.force_login(cast.other_org_staff)
    response = client.post(reverse("contests:start", args=[contest.slug, 1]))
    assert response.status_code == 403
    assert client.get(reverse("contests:leaderboard", args=[contest.slug, 1])).status_code == 404
    assert contest.title not in client.get(reverse("contests:list")).content.decode()


def test_staff_contest_limited_to_chosen_units(client, cast, bank):
    contest = make_contest(cast.org, cast.officer, slug="chi-phong-hc")
    contest.audience_units.set([cast.unit])
    make_round(contest, cast.officer, bank)
    client.force_login(cast.other_staff)  # works in cast.other_unit
    assert client.post(reverse("contests:start", args=[contest.slug, 1])).status_code == 403
    client.force_login(cast.staff)
    assert client.post(reverse("contests:start", args=[contest.slug, 1])).status_code == 302


def test_other_organisation_contest_open_to_chosen_organisations(client, cast, bank):
    make_plan(cast.other_org)
    questions = make_questions(cast.other_org, cast.other_org_officer)
    contest = make_contest(cast.other_org, cast.other_org_officer, slug="lien-nganh")
    contest.audience_organisations.set([cast.other_org, cast.org])
    make_round(contest, cast.other_org_officer, questions)
    client.force_login(cast.staff)
    assert client.post(reverse("contests:start", args=[contest.slug, 1])).status_code == 302
    client.force_login(cast.superuser)  # no staff record: not in any audience
    assert client.post(reverse("contests:start", args=[contest.slug, 1])).status_code == 403
