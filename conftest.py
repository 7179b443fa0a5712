import os
import shutil
from pathlib import Path

import pytest

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
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR


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
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    _require_or_skip(path is not None, "LibreOffice (soffice)")
    return path
