import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests must not fail because a loaded 2-core CI machine stalled one example (a
# garbage-collection pause or the other database's run): no per-example deadline and no
# "too slow" health check. Tests that set `deadline=` themselves keep theirs. On CI the
# examples are derandomised, so the same commit always gets the same verdict; a local run
# keeps exploring new examples (and `print_blob` tells how to replay a failure).
hypothesis_settings.register_profile(
    "parcomms",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
hypothesis_settings.register_profile(
    "parcomms-ci", parent=hypothesis_settings.get_profile("parcomms"), derandomize=True
)
hypothesis_settings.load_profile("parcomms-ci" if os.environ.get("CI") else "parcomms")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
OUTPUT_DIR = Path(__file__).parent / "test-output"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Database rows are rolled back between tests and their ids reused; cached values keyed
    by id (pages, counts, rate-limit windows) must not leak from one test into the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def cast(db):
    from parcomms.org.testing import build_cast

    return build_cast()


@pytest.fixture
def output_dir():
    """test-output/ (test-output/postgresql/ on PostgreSQL): `make test` runs the SQLite and
    the PostgreSQL suites at the same time, and a test that writes a file there and reads it
    back (PDF → PNG pages) must not see the other run's half-written copy."""
    from django.db import connection

    path = OUTPUT_DIR if connection.vendor == "sqlite" else OUTPUT_DIR / connection.vendor
    path.mkdir(parents=True, exist_ok=True)
    return path


def _require_or_skip(available: bool, what: str):
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI but is not installed.")
    pytest.skip(f"{what} is not installed here; this test runs in CI (.ci/run installs it).")


@pytest.fixture(scope="session")
def chromium_browser():
    _require_or_skip(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop.
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser, live_server):
    context = chromium_browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Generous: a wait ends as soon as the page is ready; only a loaded CI machine (two test
    # runs on two cores) needs the time, and a real failure still fails.
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    _require_or_skip(path is not None, "LibreOffice (soffice)")
    return path
