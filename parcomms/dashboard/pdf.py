"""HTML to PDF with headless Chromium (Playwright), for the dashboard export.

Chromium renders the same HTML and SVG charts the browser shows, with the print stylesheet.
The page is loaded with `set_content` and every network request is refused, so rendering
reads nothing from outside. Playwright's sync API runs in a worker thread of its own, so it
never meets an event loop of the caller (a test's browser, an async server).
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings

TIMEOUT_MS = 30_000


class PdfUnavailable(RuntimeError):
    """Chromium is not installed on this server."""


def chromium_path() -> str:
    return settings.PARCOMMS_CHROMIUM


def _render(html: str, path: str, header: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        )
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())
            page.set_content(html, wait_until="load", timeout=TIMEOUT_MS)
            return page.pdf(
                format="A4",
                print_background=True,
                margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
                    f"{header} — trang <span class=pageNumber></span>/<span class=totalPages></span>"
                    "</div>"
                ),
            )
        finally:
            browser.close()


def html_to_pdf(html: str, *, footer: str = "") -> bytes:
    path = chromium_path()
    if not Path(path).exists():
        raise PdfUnavailable(path)
    from django.utils.html import escape

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render, html, path, escape(footer)).result(timeout=TIMEOUT_MS / 500)
