"""Settings come from the environment; a bad value fails at start and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_check(settings: str, **env) -> subprocess.CompletedProcess:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env, DJANGO_SETTINGS_MODULE=settings)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *(["--deploy"] if "prod" in settings else [])],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env,named",
    [
        ({"DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT"),
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "EMAIL_USE_SSL"),
        ({"PORTAL_WEBHOOK_TIMEOUT": "ten"}, "PORTAL_WEBHOOK_TIMEOUT"),
        ({"CONTESTS_SUBMIT_GRACE_SECONDS": "3s"}, "CONTESTS_SUBMIT_GRACE_SECONDS"),
        ({"CONTESTS_RATE_LIMIT_BACKEND": "redis"}, "CONTESTS_RATE_LIMIT_BACKEND"),
        ({"CONTESTS_RATE_LIMITS": "start:person=10"}, "CONTESTS_RATE_LIMITS"),
        ({"CONTESTS_RATE_LIMITS": "start:person=0/600"}, "CONTESTS_RATE_LIMITS"),
        ({"PORTAL_WEBHOOK_TIMEOUT": "0"}, "PORTAL_WEBHOOK_TIMEOUT"),
    ],
)
def test_bad_value_fails_naming_it(env, named, tmp_path):
    result = run_check("parcomms.settings.dev", PARCOMMS_VAR_DIR=str(tmp_path), **env)
    assert result.returncode != 0
    assert named in result.stderr


def test_production_requires_secret_key(tmp_path):
    result = run_check("parcomms.settings.prod", PARCOMMS_VAR_DIR=str(tmp_path), SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_check_deploy_is_clean(tmp_path):
    result = run_check(
        "parcomms.settings.prod",
        PARCOMMS_VAR_DIR=str(tmp_path),
        SECRET_KEY="k" * 20 + "-production-secret-for-the-check-only-" + "z" * 20,
        ALLOWED_HOSTS="cchc.example.vn",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_local_secret_key_is_generated_once(tmp_path):
    from parcomms.settings.environment import local_secret_key

    first = local_secret_key(tmp_path / "var" / "secret_key")
    assert len(first) >= 50
    assert local_secret_key(tmp_path / "var" / "secret_key") == first
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


def test_vietnamese_locale_and_timezone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


NEW_SETTINGS = [
    "PORTAL_WEBHOOK_TIMEOUT",
    "PLAN_DRAFT_MAX_AGE_DAYS",
    "REPORT_RECIPIENTS",
    "CONTESTS_SUBMIT_GRACE_SECONDS",
    "CONTESTS_VERIFICATION_SENDER",
    "CONTESTS_RATE_LIMIT_BACKEND",
    "CONTESTS_RATE_LIMITS",
    "CONTESTS_TRUSTED_PROXIES",
]


def read_settings(tmp_path, **env) -> list[str]:
    """The repr of each of NEW_SETTINGS, as the dev settings read them from `env`."""
    code = "from django.conf import settings as s; " + "; ".join(
        f"print(repr(s.{name}))" for name in NEW_SETTINGS
    )
    full_env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", *NEW_SETTINGS}
    }
    full_env.update(env, DJANGO_SETTINGS_MODULE="parcomms.settings.dev")
    full_env["PARCOMMS_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_settings_once_read_with_getattr_keep_their_defaults(tmp_path):
    assert read_settings(tmp_path) == [
        "10",
        "14",
        "[]",
        "3",
        "'parcomms.contests.verification.EmailSender'",
        "'db'",
        "{}",
        "0",
    ]


def test_settings_once_read_with_getattr_come_from_the_environment(tmp_path):
    values = read_settings(
        tmp_path,
        PORTAL_WEBHOOK_TIMEOUT="5",
        PLAN_DRAFT_MAX_AGE_DAYS="30",
        REPORT_RECIPIENTS="a@example.vn, b@example.vn",
        CONTESTS_SUBMIT_GRACE_SECONDS="2",
        CONTESTS_VERIFICATION_SENDER="parcomms.contests.verification.ConsoleSender",
        CONTESTS_RATE_LIMIT_BACKEND="cache",
        CONTESTS_RATE_LIMITS="start:person=2/600, submit:ip=1/60",
        CONTESTS_TRUSTED_PROXIES="1",
    )
    assert values == [
        "5",
        "30",
        "['a@example.vn', 'b@example.vn']",
        "2",
        "'parcomms.contests.verification.ConsoleSender'",
        "'cache'",
        "{'start:person': (2, 600), 'submit:ip': (1, 60)}",
        "1",
    ]
