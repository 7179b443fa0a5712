"""Reading settings from the environment, failing loudly with the variable's name."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: list[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: use one of {sorted(choices)}.")
    return value


def env_limits(name: str) -> dict[str, tuple[int, int]]:
    """ "start:person=10/600,submit:ip=600/60" → {"start:person": (10, 600), …}:
    a count of hits per window of seconds, for each named policy."""
    value = os.environ.get(name) or ""
    limits = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        policy, _, rate = item.partition("=")
        count, _, seconds = rate.partition("/")
        try:
            limit = (int(count), int(seconds))
        except ValueError:
            limit = (0, 0)
        if not policy.strip() or min(limit) <= 0:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not policy=count/seconds "
                "(for example start:person=10/600), with both numbers above 0."
            )
        limits[policy.strip()] = limit
    return limits


def env_database(name: str, default_sqlite: Path) -> dict:
    url = env_str(name) or f"sqlite:///{default_sqlite}"
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            f"{name}={url!r}: only sqlite:/// and postgres:// URLs are supported."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
        config["CONN_MAX_AGE"] = 0
    return config


def local_secret_key(path: Path) -> str:
    """Generated once per checkout and kept in var/ (never committed), for local use only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
