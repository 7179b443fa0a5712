"""Public registration: name, phone, e-mail, unit from a list; a code by e-mail instead of a
CAPTCHA; rate limits per IP and per person."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from parcomms.contests.models import Attempt, Entrant, VerificationCode

from .conftest import as_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def commit_callbacks_run(monkeypatch, django_capture_on_commit_callbacks):
    """Run on-commit work (sending the code) at the end of each request, as in production."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def form(cast, **changes):
    data = {
        "full_name": "nguyễn thị mai",
        "phone": "0912 345 678",
        "email": "Mai.Nguyen@example.invalid",
        "unit": cast.unit.pk,
        "agree": "on",
    }
    data.update(changes)
    return data


def register(client, contest, data):
    return client.post(reverse("contests:register", args=[contest.slug]), data)


def sent_code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_register_verify_and_start(client, cast, public_contest):
    response = register(client, public_contest, form(cast))
    assert response.status_code == 302 and response["Location"].endswith("/xac-minh/")
    entrant = Entrant.objects.get()
    assert (entrant.full_name, entrant.phone, entrant.email) == (
        "Nguyễn Thị Mai",
        "0912345678",
        "mai.nguyen@example.invalid",
    )
    assert entrant.verified_at is None
    assert mail.outbox[-1].to == ["mai.nguyen@example.invalid"]
    # Not verified yet: cannot start.
    start = client.post(reverse("contests:start", args=[public_contest.slug, 1]))
    assert start.status_code == 302 and start["Location"].endswith("/dang-ky/")
    verify = client.post(
        reverse("contests:verify", args=[public_contest.slug]), {"code": sent_code()}
    )
    assert verify.status_code == 302
    entrant.refresh_from_db()
    assert entrant.verified_at is not None
    start = client.post(reverse("contests:start", args=[public_contest.slug, 1]))
    assert start.status_code == 302 and "/bai/" in start["Location"]
    assert Attempt.objects.get().entrant == entrant


def test_bad_fields_get_vietnamese_messages_and_nothing_is_saved(client, cast, public_contest):
    response = register(
        client,
        public_contest,
        form(cast, phone="12345", email="khong-phai-email", full_name="", agree=""),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Số điện thoại không hợp lệ" in text
    assert "Email không hợp lệ" in text
    assert not Entrant.objects.exists()
    assert not mail.outbox


def test_unit_must_come_from_the_list(client, cast, public_contest):
    response = register(client, public_contest, form(cast, unit=cast.other_org_unit.pk))
    assert response.status_code == 400
    assert not Entrant.objects.exists()


def test_same_phone_with_other_email_is_refused_without_saying_whose(client, cast, public_contest):
    register(client, public_contest, form(cast))
    response = register(client, public_contest, form(cast, email="khac@example.invalid"))
    assert response.status_code == 400
    assert "đã được dùng để đăng ký với thông tin khác" in response.content.decode()
    assert Entrant.objects.count() == 1


def test_registering_again_on_another_device_sends_a_new_code(client, cast, public_contest):
    register(client, public_contest, form(cast))
    first_code = sent_code()
    client.cookies.clear()
    response = register(client, public_contest, form(cast))
    assert response.status_code == 302
    assert Entrant.objects.count() == 1
    second_code = sent_code()
    # The earlier code stops working.
    url = reverse("contests:verify", args=[public_contest.slug])
    if first_code != second_code:
        assert client.post(url, {"code": first_code}).status_code == 400
    assert client.post(url, {"code": second_code}).status_code == 302


def test_wrong_codes_are_counted_and_the_code_dies_after_five(client, cast, public_contest):
    register(client, public_contest, form(cast))
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    url = reverse("contests:verify", args=[public_contest.slug])
    for _ in range(5):
        response = client.post(url, {"code": wrong})
        assert response.status_code == 400
        assert "Mã xác minh không đúng" in response.content.decode()
    assert VerificationCode.objects.get().tries_left == 0
    response = client.post(url, {"code": code})
    assert response.status_code == 400
    assert "hết hạn" in response.content.decode()
    assert Entrant.objects.get().verified_at is None


def test_expired_code_is_refused(client, cast, public_contest):
    register(client, public_contest, form(cast))
    code = sent_code()
    VerificationCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(reverse("contests:verify", args=[public_contest.slug]), {"code": code})
    assert response.status_code == 400
    assert Entrant.objects.get().verified_at is None


@override_settings(CONTESTS_RATE_LIMITS={"register:ip": (3, 3600)})
def test_registration_is_rate_limited_per_ip(client, cast, public_contest):
    for i in range(3):
        register(
            client,
            public_contest,
            form(cast, phone=f"091234567{i}", email=f"nguoi{i}@example.invalid"),
        )
    response = register(
        client, public_contest, form(cast, phone="0912345679", email="nguoi9@example.invalid")
    )
    assert response.status_code == 429
    assert Entrant.objects.count() == 3


@override_settings(CONTESTS_RATE_LIMITS={"code:person": (2, 3600)})
def test_codes_sent_to_one_person_are_rate_limited(client, cast, public_contest):
    register(client, public_contest, form(cast))
    url = reverse("contests:verify", args=[public_contest.slug])
    assert client.post(url, {"action": "resend"}).status_code == 302
    response = client.post(url, {"action": "resend"})
    assert response.status_code == 429
    assert len(mail.outbox) == 2


@override_settings(CONTESTS_RATE_LIMITS={"verify:person": (3, 3600)})
def test_guessing_codes_is_rate_limited(client, cast, public_contest):
    register(client, public_contest, form(cast))
    url = reverse("contests:verify", args=[public_contest.slug])
    statuses = [client.post(url, {"code": "123456"}).status_code for _ in range(4)]
    assert statuses[-1] == 429


def test_no_verification_when_the_contest_does_not_ask_for_it(client, cast, public_contest):
    public_contest.require_verification = False
    public_contest.save()
    response = register(client, public_contest, form(cast))
    assert response.status_code == 302 and response["Location"].endswith(f"/{public_contest.slug}/")
    assert not mail.outbox
    start = client.post(reverse("contests:start", args=[public_contest.slug, 1]))
    assert "/bai/" in start["Location"]


def test_verification_sender_is_pluggable(client, cast, public_contest, caplog):
    with (
        override_settings(
            CONTESTS_VERIFICATION_SENDER="parcomms.contests.verification.ConsoleSender"
        ),
        caplog.at_level("WARNING"),
    ):
        register(client, public_contest, form(cast))
    assert not mail.outbox
    assert re.search(r"Verification code for entrant \d+ .*: \d{6}", caplog.text)


def test_staff_contest_has_no_public_registration(client, cast, staff_contest):
    assert client.get(reverse("contests:register", args=[staff_contest.slug])).status_code == 404


def test_public_entrant_cannot_act_on_another_contest(client, cast, public_contest, staff_contest):
    public_contest.require_verification = False
    public_contest.save()
    register(client, public_contest, form(cast))
    response = client.post(reverse("contests:start", args=[staff_contest.slug, 1]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Attempt.objects.exists()


def test_public_flow_submission(client, cast, public_contest):
    public_contest.require_verification = False
    public_contest.save()
    register(client, public_contest, form(cast))
    start = client.post(reverse("contests:start", args=[public_contest.slug, 1]))
    token = start["Location"].rstrip("/").split("/")[-1]
    response = client.post(reverse("contests:submit", args=[token]), as_post({}, 0))
    assert response.status_code == 302
    assert Attempt.objects.get().status == Attempt.Status.SUBMITTED
